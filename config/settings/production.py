"""Production settings: every secret and address comes from the environment, with no default."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASE_URL, REDIS_URL, UPLOAD_STORAGE

if not DATABASE_URL or not REDIS_URL:
    raise ImproperlyConfigured("Production needs DATABASE_URL and REDIS_URL.")

DEBUG = False
JOBBSPOR_ALLOW_SYNTHETIC_FNR = False
JOBBSPOR_ALLOW_DEMO_DATA = False

# TLS ends at the load balancer, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Uploads: files under JOBBSPOR_DATA_DIR on one host, the S3 bucket with JOBBSPOR_S3_BUCKET.
STORAGES = {
    "default": UPLOAD_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# The development and test keys are public (they are in this repository): refuse them here.
_PUBLIC_KEYS = {
    "ZGV2LW9ubHktZm5yLWtleS1ub3QtZm9yLXByb2R1Y3Q=",
    "dev-only-fnr-hash-key-not-for-production-use",
}
if _PUBLIC_KEYS & {*JOBBSPOR_FNR_ENCRYPTION_KEYS, *JOBBSPOR_FNR_HASH_KEYS}:  # noqa: F405
    raise ImproperlyConfigured("The fødselsnummer keys are the public development keys.")
