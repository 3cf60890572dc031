"""Settings for the test suite: real PostgreSQL and Redis on this machine unless told otherwise."""

from __future__ import annotations

import copy
import hashlib
import os
import tempfile
from pathlib import Path

os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-never-used-in-production-0123456789abcdef"
)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jobbspor")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("JOBBSPOR_ALLOW_SYNTHETIC_FNR", "true")
os.environ.setdefault("JOBBSPOR_ALLOW_DEMO_DATA", "true")
# Single sign-on is on in the tests, against a fake provider on loopback
# (tests/security/fake_oidc.py) whose port each test sets; these stand-ins point at a closed port.
for _name, _value in {
    "OIDC_ENABLED": "true",
    "OIDC_RP_CLIENT_ID": "jobbspor-test",
    "OIDC_RP_CLIENT_SECRET": "test-client-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "http://127.0.0.1:9/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "http://127.0.0.1:9/token",
    "OIDC_OP_USER_ENDPOINT": "http://127.0.0.1:9/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "http://127.0.0.1:9/jwks",
    "OIDC_ROLE_GROUPS": (
        "specialist=grp-jobbspesialist,team_lead=grp-teamleder,directorate=grp-direktorat"
    ),
}.items():
    os.environ.setdefault(_name, _value)
# Fixed keys for synthetic data only; production has no defaults.
os.environ.setdefault(
    "JOBBSPOR_FNR_ENCRYPTION_KEYS", "ZGV2LW9ubHktZm5yLWtleS1ub3QtZm9yLXByb2R1Y3Q="
)
os.environ.setdefault("JOBBSPOR_FNR_HASH_KEYS", "dev-only-fnr-hash-key-not-for-production-use")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
# Nothing is collected outside production; WhiteNoise reads the source folders.
STATIC_ROOT = None
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Keep each test's cache separate from a developer's running instance on the same Redis.
CACHES["default"]["KEY_PREFIX"] = "jobbspor-test"  # noqa: F405
LANGUAGE_CODE = "nb"

# One test database per checkout, so two clones (a developer's and CI's) never drop each other's.
_checkout = hashlib.sha1(str(BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:8]  # noqa: F405
# JOBBSPOR_TEST_DB_SUFFIX separates two runs in the same checkout (say, two people's).
_suffix = os.environ.get("JOBBSPOR_TEST_DB_SUFFIX", "")
DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_jobbspor_{_checkout}{_suffix}"  # noqa: F405
# The read replica (config/replica.py) is switched off, as it is without DATABASE_REPLICA_URL, and
# its alias is a mirror of the test database, so no second database is made for every test
# worker: tests/test_read_replica.py switches the router on and points the alias at a real copy.
DATABASE_ROUTERS = []
DATABASES["replica"] = {  # noqa: F405
    **copy.deepcopy(DATABASES["default"]),  # noqa: F405
    "TEST": {"MIRROR": "default"},
}

# Uploaded files from tests go to a throwaway folder, never into var/; a Celery worker started by a
# test (tests/celery_worker.py) is handed the test's folder so that both see the same files.
MEDIA_ROOT = Path(
    os.environ.get("JOBBSPOR_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="jobbspor-test-media-")
)
