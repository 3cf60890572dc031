"""Errors as JSON: a refusal from a service is 409 with its message in the user's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from apps.agreements.services import AgreementError
from apps.cases.services import CaseError
from apps.contacts.services import ContactError
from apps.employers.services import EmployerError
from apps.followups.services import FollowupError
from apps.mentors.services import MentorError
from apps.participants.services import ParticipantError
from apps.placements.services import PlacementError

# The services' "refused" errors: the request was understood, but the case (or agreement,
# placement...) is not in a state that allows it, or the caller may not do it to this object.
DOMAIN_ERRORS = (
    AgreementError,
    CaseError,
    ContactError,
    EmployerError,
    FollowupError,
    MentorError,
    ParticipantError,
    PlacementError,
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DOMAIN_ERRORS):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
