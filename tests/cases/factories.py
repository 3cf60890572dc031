from __future__ import annotations

import datetime

import factory

from apps.cases.models import Case
from apps.programmes.models import Programme
from tests.participants.factories import ParticipantFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A case held by ``owner``'s first team at the owner's office, unless told otherwise."""

    class Meta:
        model = Case

    participant = factory.SubFactory(
        ParticipantFactory, registered_by_office=factory.SelfAttribute("..office")
    )
    programme = factory.LazyFunction(lambda: Programme.objects.get(code="utvidet-oppfolging"))
    owner = None
    team = factory.LazyAttribute(lambda case: case.owner.teams.first())
    office = factory.LazyAttribute(lambda case: case.team.office)
    referral_date = datetime.date(2026, 9, 1)
