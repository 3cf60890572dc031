"""Fødselsnummer validation: stdnum's arithmetic, our synthetic-number rule, no dependence on today.

No test here uses a number that could belong to a living person: synthetic Tenor numbers (month
+ 80), and for the rules that only real-format numbers exercise, numbers of people born in 2039,
who do not exist yet (validation must not depend on today's date, so these are valid).
"""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer as stdnum_fnr

from apps.participants.fnr import birth_date_of, parse_fnr, synthetic_fnr


def unborn_fnr(day: int = 15, month: int = 6, individual: int = 512, d_number: bool = False) -> str:
    """A real-format number for someone born in 2039: valid, and nobody's."""
    base = f"{day + (40 if d_number else 0):02d}{month:02d}39{individual:03d}"
    k1 = stdnum_fnr.calc_check_digit1(base)
    k2 = stdnum_fnr.calc_check_digit2(base + k1)
    assert len(k1) == len(k2) == 1, "pick another individual number"
    return base + k1 + k2


def test_a_real_format_number_is_accepted_whatever_today_is() -> None:
    fnr = parse_fnr(unborn_fnr(), allow_synthetic=False)
    assert birth_date_of(fnr) == datetime.date(2039, 6, 15)
    assert not fnr.is_synthetic
    assert not fnr.is_d_number


def test_a_d_number_is_accepted_and_known_as_one() -> None:
    fnr = parse_fnr(unborn_fnr(d_number=True), allow_synthetic=False)
    assert fnr.is_d_number
    assert birth_date_of(fnr) == datetime.date(2039, 6, 15)


def test_spaces_and_dashes_are_ignored() -> None:
    digits = unborn_fnr()
    assert parse_fnr(f"{digits[:6]} {digits[6:]}", allow_synthetic=False).digits == digits
    assert parse_fnr(f"{digits[:6]}-{digits[6:]}", allow_synthetic=False).digits == digits


def test_a_wrong_check_digit_is_refused_in_norwegian_without_repeating_the_number() -> None:
    digits = unborn_fnr()
    wrong = digits[:10] + str((int(digits[10]) + 1) % 10)
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        parse_fnr(wrong, allow_synthetic=False)
    message = " ".join(error.value.messages)
    assert "ikke et gyldig fødselsnummer" in message
    assert wrong not in message


@pytest.mark.parametrize("value", ["", "123", "1234567890123", "abcdefghijk"])
def test_a_number_that_is_not_eleven_digits_is_refused(value: str) -> None:
    with translation.override("nb"), pytest.raises(ValidationError, match="elleve siffer"):
        parse_fnr(value, allow_synthetic=True)


def test_an_impossible_date_is_refused_even_with_valid_check_digits() -> None:
    base = "31023951200"[:9]  # 31 February 2039
    k1 = stdnum_fnr.calc_check_digit1(base)
    k2 = stdnum_fnr.calc_check_digit2(base + k1)
    with pytest.raises(ValidationError):
        parse_fnr(base + k1 + k2, allow_synthetic=True)


def test_synthetic_numbers_are_accepted_only_where_allowed() -> None:
    digits = synthetic_fnr(datetime.date(1990, 5, 17), random.Random(1), female=True)
    assert int(digits[2:4]) == 85
    assert parse_fnr(digits, allow_synthetic=True).is_synthetic
    with translation.override("nb"), pytest.raises(ValidationError, match="testnumre"):
        parse_fnr(digits, allow_synthetic=False)


def test_the_setting_decides_by_default(settings) -> None:  # type: ignore[no-untyped-def]
    digits = synthetic_fnr(datetime.date(1990, 5, 17), random.Random(1), female=True)
    settings.JOBBSPOR_ALLOW_SYNTHETIC_FNR = False
    with pytest.raises(ValidationError):
        parse_fnr(digits)
    settings.JOBBSPOR_ALLOW_SYNTHETIC_FNR = True
    assert parse_fnr(digits).is_synthetic


@given(
    born=st.dates(datetime.date(1900, 1, 1), datetime.date(2039, 12, 31)),
    seed=st.integers(0, 2**32),
    female=st.booleans(),
)
def test_every_synthetic_number_is_valid_synthetic_and_encodes_its_birth_date(
    born: datetime.date, seed: int, female: bool
) -> None:
    digits = synthetic_fnr(born, random.Random(seed), female=female)
    fnr = parse_fnr(digits, allow_synthetic=True)
    assert fnr.is_synthetic
    assert int(digits[2:4]) > 80, "a synthetic number can never be a real person's"
    assert birth_date_of(fnr) == born
    assert (int(digits[8]) % 2 == 0) == female


def test_the_masked_form_hides_the_personal_number() -> None:
    digits = unborn_fnr()
    masked = parse_fnr(digits, allow_synthetic=False).masked
    assert masked == f"{digits[:6]} *****"
    assert digits[6:] not in masked
