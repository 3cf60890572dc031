"""Settings for a developer's machine and for demo mode (``make run``)."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "dev-only-secret-key-never-used-in-production-0123456789abcdef")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("JOBBSPOR_ALLOW_SYNTHETIC_FNR", "true")
os.environ.setdefault("JOBBSPOR_ALLOW_DEMO_DATA", "true")
# Fixed keys for synthetic data only; production has no defaults.
os.environ.setdefault(
    "JOBBSPOR_FNR_ENCRYPTION_KEYS", "ZGV2LW9ubHktZm5yLWtleS1ub3QtZm9yLXByb2R1Y3Q="
)
os.environ.setdefault("JOBBSPOR_FNR_HASH_KEYS", "dev-only-fnr-hash-key-not-for-production-use")

from config.settings.base import *  # noqa: F403
from config.settings.base import DATA_DIR

# In demo mode nobody runs collectstatic: WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = True
# Nothing is collected outside production; WhiteNoise reads the source folders.
STATIC_ROOT = None
WHITENOISE_AUTOREFRESH = True

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"
