"""``Authorization: Bearer <token>`` for integrations; people use their session instead."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from apps.api.selectors import token_live
from apps.api.services import token_touch

KEYWORD = b"bearer"
INVALID = _("The token is not valid: it is unknown, expired or revoked.")


class BearerTokenAuthentication(BaseAuthentication):
    """A token made by ``POST /api/v1/auth/token/`` or ``manage.py api_token``.

    No header: not this scheme (the session may still authenticate). A malformed header or a
    token that is unknown, expired, revoked or whose owner is deactivated: 401, with the same
    message for each, so a caller learns nothing about which.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(INVALID)
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID) from None
        token = token_live(secret) if len(secret) <= 100 else None
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}
