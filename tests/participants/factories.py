from __future__ import annotations

import datetime
import itertools
import random
from typing import Any

import factory

from apps.organisation.models import User
from apps.participants import crypto
from apps.participants.fnr import parse_fnr, synthetic_fnr
from apps.participants.models import Participant
from apps.participants.services import participant_register
from tests.organisation.factories import OfficeFactory

_rng = random.Random(20261122)
_birth_days = itertools.count()


def next_synthetic_fnr(birth_date: datetime.date | None = None) -> str:
    """A fresh synthetic (Tenor-style, month + 80) number: never a real person's."""
    while True:
        born = birth_date or datetime.date(1980, 1, 1) + datetime.timedelta(
            days=next(_birth_days) * 37 % 9000
        )
        digits = synthetic_fnr(born, _rng, female=_rng.random() < 0.5)
        if not Participant.objects.filter(fnr_hash=crypto.lookup_hash(digits)).exists():
            return digits


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant row. Prefer ``register()``, which goes through the service."""

    class Meta:
        model = Participant

    first_name = factory.Sequence(lambda n: f"Deltaker{n}")
    last_name = "Testesen"
    birth_date = datetime.date(1990, 5, 17)
    registered_by_office = factory.SubFactory(OfficeFactory)
    fnr_ciphertext = factory.LazyAttribute(lambda p: crypto.encrypt(p.fnr))
    fnr_hash = factory.LazyAttribute(lambda p: crypto.lookup_hash(p.fnr))

    class Params:
        fnr = factory.LazyAttribute(lambda p: next_synthetic_fnr(p.birth_date))


def register(actor: User, fnr: str | None = None, **fields: Any) -> Participant:
    """Register a participant through the service, as a specialist would."""
    fields.setdefault("first_name", "Kari")
    fields.setdefault("last_name", "Nordmann")
    fields.setdefault("birth_date", datetime.date(1990, 5, 17))
    digits = fnr or next_synthetic_fnr(fields["birth_date"])
    return participant_register(actor=actor, fnr=parse_fnr(digits), **fields)
