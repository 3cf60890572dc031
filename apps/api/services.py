"""Every write of the API's own data: issuing and revoking tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from apps.api.models import ApiToken
from apps.organisation.models import User

TOKEN_PREFIX = "jbs_"  # noqa: S105 - a marker that says "a Jobbspor token", not a secret
# A token lives 30 days unless asked for less; never more than 90.
DEFAULT_TOKEN_DAYS = 30
MAX_TOKEN_DAYS = 90


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(
    *, user: User, name: str = "", days: int = DEFAULT_TOKEN_DAYS
) -> tuple[ApiToken, str]:
    """Issue a token for ``user``. Returns the row and the secret, which is not stored anywhere
    and cannot be shown again. Side effects: one token row."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValueError(f"A token lives 1 to {MAX_TOKEN_DAYS} days, not {days}.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=token_hash(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token from now on; revoking it again changes nothing. The row is kept, so a
    list shows what existed and when it stopped."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    return locked


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of ``user`` (a service account retired, a laptop lost)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# Writing last_used_at on every request would make every read a write; once a minute is enough.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
