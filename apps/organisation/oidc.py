"""Single sign-on through the organisation's OpenID Connect provider (mozilla-django-oidc).

The provider says who the person is and which groups they are in. The role comes from the groups
through ``OIDC_ROLE_GROUPS`` (settings); the office, team or county from ``GroupMapping`` rows that
administrators keep. Someone in no role group does not get in. Every login brings the user's
role and place up to date with the provider, so a move between teams takes effect at next login.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from apps.organisation.models import OFFICE_ROLES, GroupMapping, Role, User


def role_from_groups(groups: list[str]) -> str | None:
    """The most senior role any of the groups grants, or None."""
    granted = {role for role, group in settings.OIDC_ROLE_GROUPS.items() if group in groups}
    for role in (
        Role.ADMINISTRATOR,
        Role.DIRECTORATE,
        Role.COUNTY_COORDINATOR,
        Role.OFFICE_HEAD,
        Role.TEAM_LEAD,
        Role.SPECIALIST,
    ):
        if role in granted:
            return role
    return None


class JobbsporOIDCBackend(OIDCAuthenticationBackend):
    def _username(self, claims: dict[str, Any]) -> str:
        return str(claims.get(settings.OIDC_USERNAME_CLAIM, "")).strip()

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        username = self._username(claims)
        if not username:
            return User.objects.none()
        return User.objects.filter(username__iexact=username)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(self._username(claims))

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        groups = [str(g) for g in claims.get(settings.OIDC_GROUPS_CLAIM, [])]
        role = role_from_groups(groups)
        if not self.verify_claims(claims) or role is None:
            return None
        mappings = list(
            GroupMapping.objects.filter(group_id__in=groups).select_related("team__office")
        )
        teams = [m.team for m in mappings if m.team is not None]
        office = next((m.office for m in mappings if m.office is not None), None) or (
            teams[0].office if teams else None
        )
        county = next((m.county for m in mappings if m.county is not None), None)
        if role in OFFICE_ROLES and office is None:
            return None  # an office role with no office mapped: nothing we could show them
        if role == Role.COUNTY_COORDINATOR and county is None:
            return None
        with transaction.atomic():
            user = self.filter_users_by_claims(claims).first() or User(
                username=self._username(claims)
            )
            user.first_name = str(claims.get("given_name", ""))[:150]
            user.last_name = str(claims.get("family_name", ""))[:150]
            user.email = str(claims.get("email", ""))[:254]
            user.role = role
            user.office = office if role in OFFICE_ROLES else None
            user.county = county if role == Role.COUNTY_COORDINATOR else None
            user.is_active = True
            if user.pk is None:
                user.set_unusable_password()
            user.save()
            user.teams.set([t for t in teams if t.office_id == user.office_id] if office else [])
        return user


class SignInView(OIDCAuthenticationRequestView):
    """Off to the provider. HEAD answers like GET, as on every other page."""

    http_method_names = ["get", "head"]


class CallbackView(OIDCAuthenticationCallbackView):
    http_method_names = ["get", "head"]
