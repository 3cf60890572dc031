"""What every view about people shares: the role check, scoped lookups, the access log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from apps.api.permissions import PersonDataRole
from apps.audit.models import AccessAction
from apps.audit.services import access_record_many
from apps.cases.access import CaseAction
from apps.organisation.models import User


def acting_user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # the permission classes have turned everyone else away
    return user


class PersonViewSet(viewsets.GenericViewSet):
    """A resource about people: only roles that work with people (403 for the rest); objects
    outside the caller's scope are 404; every person shown is written to the access log.

    Subclasses name ``scoped(action)`` (the selector) and ``person_of(obj)`` (whose data it is).
    """

    permission_classes = [PersonDataRole]
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "head", "post"]

    @property
    def user(self) -> User:
        return acting_user(self.request)

    def scoped(self, action: CaseAction) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return self.scoped_model()._default_manager.none()
        return self.scoped(CaseAction.VIEW)

    def scoped_model(self) -> type[Model]:
        model = self.queryset.model if self.queryset is not None else None
        assert model is not None
        return model

    def get_for(self, action: CaseAction) -> Any:
        """The object of the URL, if the caller may act on it this way; 404 otherwise."""
        pk = self.kwargs.get(self.lookup_field)
        obj = self.scoped(action).filter(pk=pk).first()
        if obj is None:
            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj

    # --- The access log ----------------------------------------------------------------------

    def person_of(self, obj: Any) -> tuple[int, int | None] | None:
        """(participant id, case id) of the person ``obj`` is about, or None."""
        return None

    def log_read(self, objects: Iterable[Any], action: str) -> None:
        rows = [row for row in (self.person_of(obj) for obj in objects) if row is not None]
        if rows:
            access_record_many(
                request=self.request._request, actor=self.user, rows=rows, action=action
            )

    # --- Answers -----------------------------------------------------------------------------

    def context_for(self, objects: Sequence[Any]) -> dict[str, Any]:
        """Extra serializer context for these objects (what the caller may read of each)."""
        return {}

    def present(self, objects: Sequence[Any], many: bool) -> Any:
        context = {**self.get_serializer_context(), **self.context_for(objects)}
        serializer_class = self.get_serializer_class()
        if many:
            return serializer_class(objects, many=True, context=context).data
        return serializer_class(objects[0], context=context).data

    def answer(self, obj: Any, code: int = status.HTTP_200_OK) -> Response:
        """One object, freshly read through the scope (it may have changed), and logged."""
        fresh = self.scoped(CaseAction.VIEW).filter(pk=obj.pk).first()
        if fresh is None:  # a write moved it out of the caller's sight
            raise Http404
        self.log_read([fresh], AccessAction.API)
        return Response(self.present([fresh], many=False), status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page) if page is not None else list(queryset)
        self.log_read(rows, AccessAction.LIST)
        return self.get_paginated_response(self.present(rows, many=True))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_for(CaseAction.VIEW)
        self.log_read([obj], AccessAction.API)
        return Response(self.present([obj], many=False))
