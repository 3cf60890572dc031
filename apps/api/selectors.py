from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.api.models import ApiToken
from apps.api.services import token_hash
from apps.organisation.models import User


def token_live(secret: str) -> ApiToken | None:
    """The token with this secret, if it is neither revoked nor expired and its user is active."""
    return (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=token_hash(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, live ones first; expired and revoked ones stay listed a while."""
    recent = timezone.now() - datetime.timedelta(days=90)
    return ApiToken.objects.filter(user=user).filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gte=recent)
    )
