from __future__ import annotations

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from apps.participants import crypto
from apps.participants.models import Participant
from tests.participants.factories import next_synthetic_fnr, register

pytestmark = pytest.mark.django_db


def test_the_number_is_stored_encrypted_and_found_by_its_keyed_hash(world) -> None:  # type: ignore[no-untyped-def]
    participant = world.case.participant
    row = Participant.objects.filter(pk=participant.pk).values("fnr_ciphertext", "fnr_hash").get()
    assert world.fnr not in row["fnr_ciphertext"]
    assert world.fnr not in row["fnr_hash"]
    assert crypto.decrypt(row["fnr_ciphertext"]) == world.fnr
    assert Participant.objects.get(fnr_hash=crypto.lookup_hash(world.fnr)) == participant


def test_the_hash_key_is_not_the_secret_key(settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.SECRET_KEY not in settings.JOBBSPOR_FNR_HASH_KEYS
    assert settings.SECRET_KEY not in settings.JOBBSPOR_FNR_ENCRYPTION_KEYS


def test_rotating_keys_keeps_every_number_readable_and_findable(world, settings) -> None:  # type: ignore[no-untyped-def]
    old_enc, old_hash = (
        list(settings.JOBBSPOR_FNR_ENCRYPTION_KEYS),
        list(settings.JOBBSPOR_FNR_HASH_KEYS),
    )
    second = register(world.user("spesialist"), fnr=next_synthetic_fnr(datetime.date(1975, 1, 2)))
    second_fnr = crypto.decrypt(second.fnr_ciphertext)

    # Step 1: a new key goes first; the old ones stay so that nothing becomes unreadable.
    new_key = Fernet.generate_key().decode()
    settings.JOBBSPOR_FNR_ENCRYPTION_KEYS = [new_key, *old_enc]
    settings.JOBBSPOR_FNR_HASH_KEYS = ["a-brand-new-hash-key-of-forty-characters!", *old_hash]
    # While rotating, the old hash still finds the person.
    assert Participant.objects.filter(fnr_hash__in=crypto.lookup_hashes(world.fnr)).exists()

    out = io.StringIO()
    call_command("rotate_fnr_keys", stdout=out)
    assert world.fnr not in out.getvalue()

    # Step 2: the old keys are removed; everything still decrypts and is found.
    settings.JOBBSPOR_FNR_ENCRYPTION_KEYS = [new_key]
    settings.JOBBSPOR_FNR_HASH_KEYS = ["a-brand-new-hash-key-of-forty-characters!"]
    for participant, digits in ((world.case.participant, world.fnr), (second, second_fnr)):
        row = Participant.objects.get(pk=participant.pk)
        assert crypto.decrypt(row.fnr_ciphertext) == digits
        assert row.fnr_hash == crypto.lookup_hash(digits)
