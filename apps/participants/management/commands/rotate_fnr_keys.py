from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.participants import crypto
from apps.participants.models import Participant


class Command(BaseCommand):
    help = (
        "Re-encrypts every fødselsnummer with the first key in JOBBSPOR_FNR_ENCRYPTION_KEYS and "
        "rewrites every lookup hash with the first key in JOBBSPOR_FNR_HASH_KEYS. Run it after "
        "putting a new key first; then the old keys can be removed. Safe to run twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        ids = list(Participant.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            with transaction.atomic():
                for participant in Participant.objects.select_for_update().filter(
                    pk__in=ids[start : start + 500]
                ):
                    digits = crypto.decrypt(participant.fnr_ciphertext)
                    token, digest = (
                        crypto.reencrypt(participant.fnr_ciphertext),
                        crypto.lookup_hash(digits),
                    )
                    if digest != participant.fnr_hash or token != participant.fnr_ciphertext:
                        participant.fnr_ciphertext, participant.fnr_hash = token, digest
                        participant.save(update_fields=["fnr_ciphertext", "fnr_hash"])
                        changed += 1
        # The count only: never a number, not even masked.
        self.stdout.write(f"Rotated {changed} of {len(ids)} participants.")
