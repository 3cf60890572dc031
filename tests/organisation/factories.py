from __future__ import annotations

import factory

from apps.organisation.models import County, Office, Role, Team, User


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{60 + n % 40:02d}")
    name = factory.Sequence(lambda n: f"Testfylke {n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    county = factory.LazyFunction(lambda: County.objects.order_by("number").first())
    name = factory.Sequence(lambda n: f"NAV Testkontor {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruker {n}")
    role = Role.SPECIALIST
    office = factory.SubFactory(OfficeFactory)
    password = factory.django.Password("demo")

    @factory.post_generation
    def teams(self, create: bool, extracted: list[Team] | None, **kwargs: object) -> None:
        if create and extracted:
            self.teams.set(extracted)
