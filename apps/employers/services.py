from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr as stdnum_orgnr

from apps.employers.models import ContactPerson, Employer
from apps.organisation.models import PERSON_DATA_ROLES, User


class EmployerError(Exception):
    """A refused change, with a message for the user."""


class AlreadyRegistered(EmployerError):
    def __init__(self, employer: Employer) -> None:
        super().__init__(_("This organisation number is already registered."))
        self.employer = employer


def parse_orgnr(value: str) -> str:
    """Nine digits with a valid mod-11 check digit, or a ValidationError in Norwegian."""
    digits = stdnum_orgnr.compact(value or "")
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(_("An organisation number has nine digits."), code="length")
    try:
        return str(stdnum_orgnr.validate(digits))
    except StdnumError:
        raise ValidationError(
            _("This is not a valid organisation number. Check the nine digits."), code="checksum"
        ) from None


def employer_register(*, actor: User, orgnr: str, **fields: Any) -> Employer:
    """Register a firm. An existing number raises AlreadyRegistered with the firm."""
    if actor.role not in PERSON_DATA_ROLES:
        raise EmployerError(_("Only staff at an office can register employers."))
    existing = Employer.objects.filter(orgnr=orgnr).first()
    if existing is not None:
        raise AlreadyRegistered(existing)
    try:
        with transaction.atomic():
            return Employer.objects.create(orgnr=orgnr, created_by=actor, **fields)
    except IntegrityError:
        raise AlreadyRegistered(Employer.objects.get(orgnr=orgnr)) from None


def employer_update(*, employer: Employer, actor: User, **fields: Any) -> Employer:
    if actor.role not in PERSON_DATA_ROLES:
        raise EmployerError(_("Only staff at an office can change employers."))
    for name, value in fields.items():
        setattr(employer, name, value)
    employer.save(update_fields=list(fields))
    return employer


def contact_person_add(*, employer: Employer, actor: User, **fields: Any) -> ContactPerson:
    if actor.role not in PERSON_DATA_ROLES:
        raise EmployerError(_("Only staff at an office can change employers."))
    return ContactPerson.objects.create(employer=employer, **fields)
