"""Tokens for integrations. People use their session (single sign-on or the login page).

``POST auth/token/`` takes a local account's username and password and answers with a new token,
shown once. Accounts that sign in through the organisation's identity provider have no usable
password here and get no token by this route; an operator issues tokens for service accounts
with ``manage.py api_token``. Failed attempts count towards the same pause as the login page
(django-axes: 10 per account per 15 minutes), after which the answer is 429.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api import serializers as s
from apps.api.models import ApiToken
from apps.api.schema import DetailSerializer
from apps.api.selectors import tokens_of
from apps.api.services import token_create, token_revoke
from apps.api.views.base import acting_user
from apps.organisation.models import User


def _locked_out() -> Response:
    return Response(
        {"detail": _("Too many failed attempts. Wait a quarter of an hour and try again.")},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class TokenCreateView(APIView):
    # No session and no token needed (nor accepted): this is where a token comes from.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    extra_error_responses = {"429": DetailSerializer}

    @extend_schema(
        summary=("Get a token for a local account"),
        request=s.TokenRequestSerializer,
        responses={201: s.NewTokenSerializer},
        auth=[],
    )
    @method_decorator(sensitive_variables("password", "data"))
    def post(self, request: Request) -> Response:
        serializer = s.TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        credentials = {"username": data["username"]}
        if not AxesProxyHandler.is_allowed(django_request, credentials):
            return _locked_out()
        user = authenticate(django_request, username=data["username"], password=data["password"])
        if getattr(django_request, "axes_locked_out", False):
            # This attempt tipped the account into the pause. Answer in JSON here rather than
            # with the login page's lockout page (AxesMiddleware looks for the flag).
            django_request.axes_locked_out = False  # type: ignore[attr-defined]
            return _locked_out()
        if not isinstance(user, User) or not user.has_usable_password():
            return Response(
                {"detail": _("Wrong username or password, or not a local account.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, secret = token_create(user=user, name=data["name"], days=data["days"])
        body = dict(s.TokenSerializer(token).data)
        body["token"] = secret
        response = Response(body, status=status.HTTP_201_CREATED)
        # The caller is not signed in (NoStoreMiddleware does not see them), and this answer
        # holds a secret: no browser or proxy may keep it.
        patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response


@extend_schema_view(
    list=extend_schema(summary=("Your tokens")),
    destroy=extend_schema(summary=("Revoke one of your tokens")),
)
class TokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your own tokens, without their secrets; revoke one with DELETE (the row stays)."""

    serializer_class = s.TokenSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "head", "delete"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return tokens_of(acting_user(self.request))

    def destroy(self, request: Request, pk: str) -> Response:
        token = self.get_object()
        token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
