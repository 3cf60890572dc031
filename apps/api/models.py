"""Tokens for integrations: only a hash of the secret is stored, and every token expires.

A token is ``jbs_`` and 43 random URL-safe characters, shown once when it is made. The database
keeps its SHA-256 (the secret has 256 bits of entropy, so a plain hash cannot be guessed back
the way a password hash could), a short prefix to tell tokens apart in a list, when it expires,
when it was last used and when it was revoked. A revoked or expired token authenticates nobody.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("staff member"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_user_recent")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
