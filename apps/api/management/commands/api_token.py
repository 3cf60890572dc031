"""Issue or revoke tokens for a service account (or any local account), from the server.

    manage.py api_token USERNAME [--name NAME] [--days N]   prints a new token, once
    manage.py api_token USERNAME --revoke-all               revokes every live token of the user

The token is printed on the last line and nowhere else; it is not logged or stored.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.api.services import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, token_create, tokens_revoke_all
from apps.organisation.models import User


class Command(BaseCommand):
    help = "Issue (or revoke) API tokens for a service account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument("--days", type=int, default=DEFAULT_TOKEN_DAYS)
        parser.add_argument("--revoke-all", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError("No active user with that username.")
        if options["revoke_all"]:
            count = tokens_revoke_all(user=user)
            self.stdout.write(f"Revoked {count} token(s).")
            return
        if not 1 <= options["days"] <= MAX_TOKEN_DAYS:
            raise CommandError(f"--days must be from 1 to {MAX_TOKEN_DAYS}.")
        token, secret = token_create(user=user, name=options["name"], days=options["days"])
        self.stdout.write(
            f"Token {token.prefix}… for {user.username}, expires {token.expires_at:%Y-%m-%d}:"
        )
        self.stdout.write(secret)
