"""Settings shared by every environment.

Everything that differs between machines comes from the environment through ``config.env``; the
modules ``dev``, ``test`` and ``production`` only choose defaults and switch safety nets on or off.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_optional_str, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Files the running system writes: the demo SQLite database, the demo broker's queue folders,
# uploaded documents and collected static files. Never inside the source tree's static/.
DATA_DIR = Path(env_str("JOBBSPOR_DATA_DIR", str(BASE_DIR / "var"))).resolve()

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "apps.organisation.admin_config.ReferenceDataAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.organisation",
    "apps.programmes",
    "apps.health",
    "apps.participants",
    "apps.cases",
    "apps.contacts",
    "apps.employers",
    "apps.placements",
    "apps.agreements",
    "apps.mentors",
    "apps.audit",
    "apps.followups",
    "apps.reporting",
    "apps.halfyear",
    "apps.dashboards",
    "apps.api",
    "apps.imports",
    "apps.fidelity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.organisation.middleware.PageMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.organisation.middleware.SessionTimeoutMiddleware",
    "apps.organisation.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "config.form_renderer.AkselFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "apps.organisation.context_processors.session_limits",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# With DATABASE_URL we use it (PostgreSQL in every real deployment). Without it we are in demo
# mode on one SQLite file that the web server, the Celery worker and beat share: WAL lets readers
# and one writer work at once, the busy timeout makes a writer wait instead of failing, and
# IMMEDIATE transactions take the write lock at BEGIN, so two writers queue rather than deadlock
# when both try to upgrade a read lock.
DATABASE_URL = env_optional_str("DATABASE_URL")
# Parameters bound by the server, so a query the ORM sends again is the same statement, and
# psycopg prepares it on its fifth run on a connection: PostgreSQL then plans it once per
# connection instead of every time. The case page's main query took 3 ms to plan and 0.2 ms to
# run (docs/performance.md). Switch it off behind a pooler that cannot keep prepared statements
# (PgBouncer in transaction mode before 1.21).
PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)


def postgres_options(database: Mapping[str, Any]) -> dict[str, Any]:
    """The database's OPTIONS (those from its URL win), with prepared statements on PostgreSQL."""
    options = dict(database.get("OPTIONS", {}))
    if PREPARED_STATEMENTS and database["ENGINE"] == "django.db.backends.postgresql":
        options = {"server_side_binding": True, "prepare_threshold": 5, **options}
    return options


if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
    DATABASES["default"]["OPTIONS"] = postgres_options(DATABASES["default"])
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "jobbspor.sqlite3"),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEMO_MODE = DATABASE_URL is None

# A streaming read replica of the primary, for the pages that may read figures a little behind
# (the directorate's and counties' reports, the dashboards; config/replica.py). Without it every
# read goes to the primary, as before.
DATABASE_REPLICA_URL = env_optional_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    if not DATABASE_URL:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL is set without DATABASE_URL.")
    try:
        _replica = dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    except ValueError:
        # Not the value itself: it holds a password.
        raise ImproperlyConfigured("DATABASE_REPLICA_URL is not a database URL.") from None
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL is not the same kind of database.")
    _replica["OPTIONS"] = postgres_options(_replica)
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------------------
REDIS_URL = env_optional_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jobbspor",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
else:
    # Demo mode: a cache on disk shared by the processes, and kombu's file-system transport,
    # whose queue is a folder of message files. Good for one machine and a demo; nothing else.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
    # kombu expects the folders to exist; every process (web, worker, beat) reads these settings.
    for _folder in (_broker_dir / "queue", _broker_dir / "processed"):
        _folder.mkdir(parents=True, exist_ok=True)

CELERY_TIMEZONE = "Europe/Oslo"
CELERY_ENABLE_UTC = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged only when it has finished, and goes back on the queue when the worker
# dies under it: our tasks are written to be safe to run twice, so at-least-once is what we want.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Health ---------------------------------------------------------------------------------
# /healthz answers 503 when beat's heartbeat is older than this. Beat sends one a minute.
HEALTHZ_BEAT_MAX_AGE_SECONDS = env_int("HEALTHZ_BEAT_MAX_AGE_SECONDS", 300, minimum=60)
HEALTHZ_BROKER_TIMEOUT_SECONDS = env_int("HEALTHZ_BROKER_TIMEOUT_SECONDS", 2, minimum=1)

# --- Users, login and sessions --------------------------------------------------------------
AUTH_USER_MODEL = "organisation.User"
AUTHENTICATION_BACKENDS = [
    # First: counts failed logins and pauses an account after too many (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL_FAILURE = "/login/"
# Sessions end after 30 minutes without activity and 12 hours in all (DOMAIN.md, privacy).
# SessionTimeoutMiddleware enforces both; background polling does not count as activity. The
# cookie itself lives as long as the absolute limit.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600, minimum=300)
SESSION_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# --- Single sign-on (OpenID Connect) -------------------------------------------------------
# Staff log in through the organisation's provider; password login stays for demo mode and
# local accounts. Roles come from the provider's groups (OIDC_ROLE_GROUPS, "role=group-id" pairs),
# offices and teams from GroupMapping rows in the admin (apps/organisation/oidc.py).
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("apps.organisation.oidc.JobbsporOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile email")
    OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
    OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
    OIDC_ROLE_GROUPS = dict(item.split("=", 1) for item in env_list("OIDC_ROLE_GROUPS", []))
    OIDC_TIMEOUT = 10
    LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"

# At most 10 failed logins per account per 15 minutes, then a pause (django-axes).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
# Per account, whatever the address. A lock per IP address alone would lock a whole office out,
# since an office's staff reach us through one NAT address; the combined entry also pauses the
# pair (and is what axes' check W006 looks for).
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "organisation/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# No inline script anywhere, nothing from other origins (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- The REST API (/api/, apps/api; docs/api.md) ----------------------------------------------
# Tokens first, so that a request without credentials is told 401 with the Bearer challenge.
# JSON only (no browsable API: it needs inline script); OPTIONS answers 405 (the schema is the
# description); a service's refusal is 409 (apps.api.errors).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "apps.api.schema.AutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# The schema at /api/schema/, Swagger UI at /api/docs/ from the sidecar's static files (no CDN);
# the page's start-up script is a separate file, so the CSP above needs no exception.
SPECTACULAR_SETTINGS = {
    "TITLE": "Jobbspor API",
    "DESCRIPTION": "Case work for job specialists in NAV's follow-up programmes. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One name per choice set, where two models' fields share a name ("kind", "status"...).
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "apps.cases.models.CaseStatus",
        "CaseEndReasonEnum": "apps.cases.models.EndReason",
        "PlacementKindEnum": "apps.placements.models.PlacementKind",
        "SubsidyKindEnum": "apps.placements.models.SubsidyKind",
        "SubsidyStatusEnum": "apps.placements.models.SubsidyStatus",
        "AgreementStatusEnum": "apps.agreements.models.AgreementStatus",
        "MentorStatusEnum": "apps.mentors.models.MentorStatus",
        "MentorEndReasonEnum": "apps.mentors.models.MentorEndReason",
        "MeetingKindEnum": "apps.mentors.models.MeetingKind",
        "CheckpointKindEnum": "apps.followups.models.CheckpointKind",
        "CheckpointStatusEnum": "apps.followups.models.CheckpointStatus",
    },
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = Path(env_str("STATIC_ROOT", str(DATA_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside static/ and are never served by the web server directly:
# every file is read through a view that checks who asks (the case's documents, the agreements'
# and reports' PDFs) or by a worker (imports). On one host they are files under MEDIA_ROOT; with
# several web hosts they go to an S3-compatible bucket (MinIO, or S3 itself) that every host and
# worker reads.
MEDIA_ROOT = DATA_DIR / "uploads"
JOBBSPOR_S3_BUCKET = env_optional_str("JOBBSPOR_S3_BUCKET")
UPLOAD_STORAGE: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if JOBBSPOR_S3_BUCKET:
    _s3: dict[str, Any] = {
        "bucket_name": JOBBSPOR_S3_BUCKET,
        "region_name": env_str("JOBBSPOR_S3_REGION", "us-east-1"),
        # No ACL is sent: objects are as private as the bucket (buckets made since 2023 have
        # ACLs switched off and refuse a "private" ACL), and nothing ever links to the bucket:
        # URLs would be signed and expire (querystring_auth), but the app streams every file.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        # A file read from the bucket is held in memory (documents are at most 10 MB), so no
        # copy of a person's document is left on a web host's disk.
        "max_memory_size": 0,
    }
    _endpoint = env_optional_str("JOBBSPOR_S3_ENDPOINT_URL")
    if _endpoint is not None:
        if not _endpoint.startswith(("https://", "http://")):
            raise ImproperlyConfigured(
                f"JOBBSPOR_S3_ENDPOINT_URL={_endpoint!r} is not an http(s) URL."
            )
        # MinIO and other S3-compatible stores take the bucket in the path, not the host name.
        _s3 |= {"endpoint_url": _endpoint, "addressing_style": "path"}
    _key_id = env_optional_str("AWS_ACCESS_KEY_ID")
    _secret = env_optional_str("AWS_SECRET_ACCESS_KEY")
    if (_key_id is None) != (_secret is None):
        raise ImproperlyConfigured(
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (an instance role)."
        )
    if _key_id is not None:
        _s3 |= {"access_key": _key_id, "secret_key": _secret}
    UPLOAD_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
STORAGES = {
    "default": UPLOAD_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Domain switches ------------------------------------------------------------------------
# Synthetic fødselsnumre (Skatteetaten's Tenor numbers, month + 80) are accepted where this is on.
# Production forces it off.
JOBBSPOR_ALLOW_SYNTHETIC_FNR = env_bool("JOBBSPOR_ALLOW_SYNTHETIC_FNR", False)
# Fødselsnumre are encrypted with the first of these Fernet keys and decrypted with any of them;
# lookups use an HMAC with the first hash key (all are tried while keys rotate). Both lists are
# separate from SECRET_KEY. See apps/participants/crypto.py and docs/security.md.
JOBBSPOR_FNR_ENCRYPTION_KEYS = env_list("JOBBSPOR_FNR_ENCRYPTION_KEYS")
JOBBSPOR_FNR_HASH_KEYS = env_list("JOBBSPOR_FNR_HASH_KEYS")
# Personal data is anonymised this many years after a participant's last case ended.
JOBBSPOR_RETENTION_YEARS = env_int("JOBBSPOR_RETENTION_YEARS", 5, minimum=1)
# A member of staff who opens more distinct people's records in a day than this is listed for the
# team lead the next morning (a specialist follows 10 to 30 people).
JOBBSPOR_UNUSUAL_READING_THRESHOLD = env_int("JOBBSPOR_UNUSUAL_READING_THRESHOLD", 40, minimum=1)
# Links in e-mails point here; e-mails carry a link and nothing else (no name, no number).
JOBBSPOR_BASE_URL = env_str("JOBBSPOR_BASE_URL", "http://127.0.0.1:8000")
JOBBSPOR_EMAIL_DOMAIN = env_str("JOBBSPOR_EMAIL_DOMAIN", "jobbspor.invalid")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Jobbspor <ikke-svar@jobbspor.invalid>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
# `manage.py demo_data` writes made-up people and staff with the password "demo".
# Production forces it off.
JOBBSPOR_ALLOW_DEMO_DATA = env_bool("JOBBSPOR_ALLOW_DEMO_DATA", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes reports every login at INFO; failures and lock-outs come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
