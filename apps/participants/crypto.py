"""Encryption at rest and keyed hashing for fødselsnumre.

- The number is stored encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``).
  ``JOBBSPOR_FNR_ENCRYPTION_KEYS`` lists the keys: the first encrypts, all decrypt, so a new key
  can be introduced before the old one is retired (MultiFernet). ``manage.py rotate_fnr_keys``
  re-encrypts every row with the first key and rewrites every hash with the first hash key.
- An exact lookup uses an HMAC-SHA256 of the digits with ``JOBBSPOR_FNR_HASH_KEYS`` (its own keys,
  separate from both SECRET_KEY and the encryption keys): the database can find a number without
  holding it in a form anyone can read or brute-force without the key. While hash keys rotate,
  lookups try every listed key.

docs/security.md describes the rotation procedure.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("JOBBSPOR_FNR_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "JOBBSPOR_FNR_ENCRYPTION_KEYS must be Fernet keys (Fernet.generate_key())."
        ) from None


def _encryption() -> MultiFernet:
    return _fernet(tuple(settings.JOBBSPOR_FNR_ENCRYPTION_KEYS))


def _hash_keys() -> list[bytes]:
    keys = [key.encode() for key in settings.JOBBSPOR_FNR_HASH_KEYS]
    if not keys or any(len(key) < 32 for key in keys):
        raise ImproperlyConfigured(
            "Every JOBBSPOR_FNR_HASH_KEYS entry needs 32 characters or more."
        )
    return keys


def encrypt(digits: str) -> str:
    return _encryption().encrypt(digits.encode()).decode()


def decrypt(token: str) -> str:
    return _encryption().decrypt(token.encode()).decode()


def reencrypt(token: str) -> str:
    """The same number under the current (first) key."""
    return _encryption().rotate(token.encode()).decode()


def lookup_hash(digits: str, key: bytes | None = None) -> str:
    """The keyed hash stored for exact lookup, made with the current (first) hash key."""
    key = key or _hash_keys()[0]
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def lookup_hashes(digits: str) -> list[str]:
    """The hash under every configured key, for lookups while keys rotate."""
    return [lookup_hash(digits, key) for key in _hash_keys()]
