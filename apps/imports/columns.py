"""The columns of each kind of import file, and how one cell is read.

docs/import.md documents the same columns for the people who fill in the files; a test checks
that every column here is named there. A cell's reader raises a ValidationError whose message
never repeats the value: an error about a fødselsnummer must not become a copy of it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from apps.employers.models import Sector, SizeBand
from apps.employers.services import parse_orgnr
from apps.imports.models import ImportKind
from apps.participants.fnr import Fnr, parse_fnr
from apps.participants.models import (
    Benefit,
    BirthCountryGroup,
    Education,
    Gender,
    Innsatsgruppe,
)

Reader = Callable[[object], object]


def normalise(text: str) -> str:
    """Lower case, æøå spelt out, and nothing but letters and digits: "E-post" == "epost"."""
    text = str(text).strip().lower()
    for letter, spelt in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("é", "e")):
        text = text.replace(letter, spelt)
    return re.sub(r"[^a-z0-9]", "", text)


def _text_of(cell: object) -> str:
    """A cell as text; a whole number from a spreadsheet without its ".0"."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def text(max_length: int) -> Reader:
    def read(cell: object) -> str:
        value = _text_of(cell)
        if len(value) > max_length:
            raise ValidationError(
                _("At most %(max)s characters (this has %(length)s).")
                % {"max": max_length, "length": len(value)}
            )
        return value

    return read


def long_text(cell: object) -> str:
    return _text_of(cell)


def fnr(cell: object) -> Fnr:
    # A number typed into Excel loses its leading zero (01019012345 becomes 1019012345).
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        value = f"{int(cell):011d}"
    else:
        value = _text_of(cell)
    return parse_fnr(value)


def orgnr(cell: object) -> str:
    return parse_orgnr(_text_of(cell))


_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def date(cell: object) -> datetime.date:
    """dd.mm.åååå or åååå-mm-dd, or a date cell in a spreadsheet."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    value = _text_of(cell)
    if match := _NORWEGIAN_DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValidationError(_("Write the date as dd.mm.åååå (or åååå-mm-dd)."))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(_("There is no such date.")) from None


def postal_code(cell: object) -> str:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        value = f"{int(cell):04d}"
    else:
        value = _text_of(cell)
    if not re.fullmatch(r"\d{4}", value):
        raise ValidationError(_("A postal code has four digits."))
    return value


def email(cell: object) -> str:
    value = _text_of(cell)
    if len(value) > 254:
        raise ValidationError(_("Write a valid e-mail address."))
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("Write a valid e-mail address.")) from None
    return value


_YES = {"ja", "j", "yes", "y", "true", "1", "x"}
_NO = {"nei", "n", "no", "false", "0"}


def yes_no(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    value = normalise(_text_of(cell))
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValidationError(_("Write ja or nei."))


@cache
def choice_words(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every way to write a choice: its code, and its label in bokmål and in English."""
    words: dict[str, str] = {}
    for value, label in choices.choices:
        words[normalise(value)] = value
        for language in ("en", "nb"):
            with translation.override(language):
                words[normalise(str(label))] = value
    return words


def choice(choices: type[models.TextChoices]) -> Reader:
    def read(cell: object) -> str:
        value = choice_words(choices).get(normalise(_text_of(cell)))
        if value is None:
            labels = ", ".join(str(label).lower() for label in choices.labels)
            raise ValidationError(
                _("Unknown value. Use one of: %(choices)s.") % {"choices": labels}
            )
        return value

    return read


@dataclass(frozen=True)
class Column:
    name: str  # as in the file's header row (any case; æøå may be spelt ae, o, a)
    key: str  # the service's keyword, or a key the checker knows
    required: bool
    read: Reader


PERSON = [
    Column("fødselsnummer", "fnr", True, fnr),
    Column("fornavn", "first_name", True, text(100)),
    Column("etternavn", "last_name", True, text(100)),
    Column("fødselsdato", "birth_date", True, date),
    Column("kjønn", "gender", False, choice(Gender)),
    Column("telefon", "phone", False, text(20)),
    Column("e-post", "email", False, email),
    Column("adresse", "street_address", False, text(200)),
    Column("postnummer", "postal_code", False, postal_code),
    Column("poststed", "city", False, text(100)),
    Column("fødeland", "birth_country_group", False, choice(BirthCountryGroup)),
    Column("innvandrerbakgrunn", "immigrant_background", False, yes_no),
    Column("utdanning", "education", False, choice(Education)),
    Column("ytelse", "benefit", False, choice(Benefit)),
    Column("innsatsgruppe", "innsatsgruppe", False, choice(Innsatsgruppe)),
    Column("nedsatt arbeidsevne", "reduced_work_capacity", False, yes_no),
]

# The referral, and where the case has got to: the same columns for a new participant and for
# a new case of a registered one.
REFERRAL = [
    Column("program", "programme", True, text(200)),
    Column("henvisningsdato", "referral_date", True, date),
    Column("jobbspesialist", "owner", False, text(150)),
    Column("henvisende veileder", "referring_adviser", False, text(150)),
    Column("bakgrunn", "order_background", False, long_text),
    Column("forsøkt", "order_tried", False, long_text),
    Column("mål", "order_goal", False, long_text),
    Column("inntak fra", "intake_on", False, date),
    Column("inntakssamtale", "intake_talk_date", False, date),
    Column("deltaker fra", "active_on", False, date),
]

EMPLOYER = [
    Column("organisasjonsnummer", "orgnr", True, orgnr),
    Column("navn", "name", True, text(200)),
    Column("sektor", "sector", False, choice(Sector)),
    Column("størrelse", "size_band", False, choice(SizeBand)),
    Column("bransje", "industry", False, text(200)),
    Column("adresse", "street_address", False, text(200)),
    Column("postnummer", "postal_code", False, postal_code),
    Column("poststed", "city", False, text(100)),
]

COLUMNS: dict[str, list[Column]] = {
    ImportKind.PARTICIPANTS: [*PERSON, *REFERRAL],
    ImportKind.CASES: [PERSON[0], *REFERRAL],
    ImportKind.EMPLOYERS: EMPLOYER,
}


def column_named(kind: str, key: str) -> str:
    """The documented name of the column behind a key, for error messages."""
    return next(c.name for c in COLUMNS[kind] if c.key == key)
