"""Fødselsnummer and D-nummer: validation, synthetic test numbers, masking.

python-stdnum's ``stdnum.no.fodselsnummer`` supplies the check-digit arithmetic and the birth-date
decoding. We do not call its ``validate()``: it refuses birth dates after *today*, and our
validation must give the same answer whatever day the tests pretend it is.

Two more differences from stdnum:
- Skatteetaten's synthetic Tenor numbers (month + 80) are accepted where the setting
  ``JOBBSPOR_ALLOW_SYNTHETIC_FNR`` allows them (demo and test data), never in production.
- The rules live behind ``FnrRules`` so that the 2032 change (new numbers without the gender digit
  and with relaxed check digits) can be swapped in by adding a class, not by editing callers.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer as stdnum_fnr

SYNTHETIC_MONTH_OFFSET = 80
D_NUMBER_DAY_OFFSET = 40


@dataclass(frozen=True)
class Fnr:
    """A validated number: eleven digits, and what kind it is."""

    digits: str
    is_d_number: bool
    is_synthetic: bool

    @property
    def masked(self) -> str:
        """The birth-date part shown, the personal part hidden: '170590 *****'."""
        return mask(self.digits)


def mask(digits: str) -> str:
    return f"{digits[:6]} *****"


class FnrRules:
    """The check-digit rules in force since 1964 (two mod-11 check digits)."""

    def check_digits_valid(self, digits: str) -> bool:
        return digits[9] == stdnum_fnr.calc_check_digit1(digits) and digits[
            10
        ] == stdnum_fnr.calc_check_digit2(digits)


RULES = FnrRules()

_INVALID = _("This is not a valid fødselsnummer or D-nummer. Check the eleven digits.")


def parse_fnr(value: str, *, allow_synthetic: bool | None = None) -> Fnr:
    """Validate a fødselsnummer or D-nummer; raise a ValidationError in Norwegian if it is not one.

    The error never repeats the number: it ends up in logs and screen readers' history.
    """
    if allow_synthetic is None:
        allow_synthetic = settings.JOBBSPOR_ALLOW_SYNTHETIC_FNR
    digits = stdnum_fnr.compact(value or "")
    if len(digits) != 11 or not digits.isdigit():
        raise ValidationError(_("A fødselsnummer has eleven digits."), code="length")
    if not RULES.check_digits_valid(digits):
        raise ValidationError(_INVALID, code="checksum")
    month = int(digits[2:4])
    synthetic = month > SYNTHETIC_MONTH_OFFSET
    if synthetic and not allow_synthetic:
        raise ValidationError(_("Synthetic test numbers are not accepted here."), code="synthetic")
    # Decode the birth date from a copy with the synthetic month offset taken away; stdnum knows
    # D-numbers (day + 40) and H-numbers (month + 40) itself.
    real = (
        digits[:2] + f"{month - SYNTHETIC_MONTH_OFFSET:02d}" + digits[4:] if synthetic else digits
    )
    try:
        stdnum_fnr.get_birth_date(real)
    except StdnumError:
        raise ValidationError(_INVALID, code="date") from None
    return Fnr(digits=digits, is_d_number=int(digits[0]) >= 4, is_synthetic=synthetic)


def birth_date_of(fnr: Fnr) -> datetime.date:
    digits = fnr.digits
    if fnr.is_synthetic:
        month = int(digits[2:4]) - SYNTHETIC_MONTH_OFFSET
        digits = digits[:2] + f"{month:02d}" + digits[4:]
    return stdnum_fnr.get_birth_date(digits)


def synthetic_fnr(birth_date: datetime.date, rng: random.Random, *, female: bool) -> str:
    """A Tenor-style synthetic number (month + 80) with valid check digits: nobody's real number."""
    year = birth_date.year
    if 1900 <= year <= 1999:
        individual_range = range(500)
    elif 2000 <= year <= 2039:
        individual_range = range(500, 1000)
    else:
        raise ValueError("Synthetic numbers are made for people born 1900-2039.")
    prefix = f"{birth_date.day:02d}{birth_date.month + SYNTHETIC_MONTH_OFFSET:02d}{year % 100:02d}"
    while True:
        individual = rng.choice(individual_range)
        if (individual % 2 == 0) != female:
            continue
        base = f"{prefix}{individual:03d}"
        k1 = stdnum_fnr.calc_check_digit1(base)
        if k1 == "10":
            continue
        k2 = stdnum_fnr.calc_check_digit2(base + k1)
        if k2 == "10":
            continue
        return base + k1 + k2
