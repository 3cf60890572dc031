"""Fields shared by the serializers: dates within sensible bounds, scoped references."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.organisation.models import User

# Dates outside these bounds are typing errors, and the services' date arithmetic (a checkpoint
# 12 months on, an age at referral) must never overflow.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2099, 12, 31)


class Day(serializers.DateField):
    """An ISO date (``2026-10-01``) from 1900 to 2099."""

    default_error_messages = {"bounds": _("Give a date from 1900 to 2099.")}

    def __init__(self, *, not_in_future: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.not_in_future = not_in_future

    def to_internal_value(self, value: Any) -> datetime.date:
        day: datetime.date = super().to_internal_value(value)
        if not EARLIEST <= day <= LATEST:
            self.fail("bounds")
        if self.not_in_future and day > timezone.localdate():
            raise serializers.ValidationError(_("The date cannot be in the future."))
        return day


class Moment(serializers.DateTimeField):
    """An ISO date and time; without an offset it is Oslo time."""

    default_error_messages = {"bounds": _("Give a time from 1900 to 2099.")}

    def to_internal_value(self, value: Any) -> datetime.datetime:
        if isinstance(value, str) and len(value) > 40:
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss][+HH:MM]")
        try:
            moment: datetime.datetime = super().to_internal_value(value)
        except OverflowError:
            self.fail("bounds")
        if not EARLIEST <= moment.date() <= LATEST:
            self.fail("bounds")
        return moment


def acting_user(field: serializers.Field[Any, Any, Any, Any]) -> User:
    user = field.context["request"].user
    assert isinstance(user, User)
    return user


class ScopedReference(serializers.PrimaryKeyRelatedField):
    """A reference by id to an object the caller may reach; anything else is "does not exist",
    the same answer as for an id that was never used, so the reply reveals nothing."""

    def __init__(self, *, scope: Callable[[User], QuerySet[Any]], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Model]:
        return self.scope(acting_user(self))

    def to_internal_value(self, data: Any) -> Any:
        # Booleans are ints to Python, and an id beyond bigint would reach the database.
        if isinstance(data, bool) or (isinstance(data, int) and not 0 < data < 2**63):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


@extend_schema_field(
    {"type": "string", "format": "fnr", "minLength": 11, "maxLength": 13, "writeOnly": True}
)
class FnrField(serializers.CharField):
    """A fødselsnummer or D-nummer in a request body (never in a URL, never in an answer)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("write_only", True)
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "format": "orgnr", "minLength": 9, "maxLength": 11})
class OrgnrField(serializers.CharField):
    """An organisation number: nine digits with a mod-11 check digit (spaces allowed)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)
