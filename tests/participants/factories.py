from __future__ import annotations

import datetime

import factory

from apps.participants.models import Participant
from tests.organisation.factories import OfficeFactory


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    first_name = factory.Sequence(lambda n: f"Deltaker{n}")
    last_name = "Testesen"
    birth_date = datetime.date(1990, 5, 17)
    registered_by_office = factory.SubFactory(OfficeFactory)
