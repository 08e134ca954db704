"""Préau settings. Every value comes from an environment variable with a safe default.

Each variable is documented in `.env.example`. Nothing here reads a file other than the environment.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PREAU_VAR_DIR", str(BASE_DIR / "var")))

PREAU_ENV = env_str("PREAU_ENV", "development")  # development | test | production
IS_PRODUCTION = PREAU_ENV == "production"

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "preau-development-secret-key-not-for-production-use-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "" if IS_PRODUCTION else _DEV_SECRET)
if IS_PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if IS_PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PREAU_PUBLIC_URL = env_str("PREAU_PUBLIC_URL", "http://127.0.0.1:8000")
PREAU_INSTANCE_NAME = env_str("PREAU_INSTANCE_NAME", "Préau")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "preau.core",
    "preau.accounts",
    "preau.directory",
    "preau.imports",
    "preau.portal",
    "preau.lifecycle",
    "preau.communication",
    "preau.sharing",
    "preau.groupement",
    "preau.ops",
    "preau.timeline",
    "preau.messaging",
    "preau.liaison",
    "preau.news",
    "preau.storage",
    "preau.documents",
    "preau.consent",
    "preau.blog",
]

MIDDLEWARE = [
    "preau.core.middleware.RequestIdMiddleware",
    "preau.ops.middleware.ObservabilityMiddleware",
    "preau.ops.middleware.OverloadProtectionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "preau.core.middleware.OneLanguageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "preau.accounts.middleware.SessionLifetimeMiddleware",
    "preau.core.middleware.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "preau.core.middleware.CSPMiddleware",
    "preau.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "preau.core.context_processors.instance",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'preau.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DATABASE_POOL", True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": 10,
        }
        # The statements of every page are prepared once per pooled connection
        # (preau.core.sql.fetch_all_prepared, ADR 0054); Django's own stay unprepared. Never
        # behind pgbouncer's transaction pooling, which runs without Django's pool.
        if env_bool("DATABASE_PREPARE", True):
            DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 0
            # Only those statements are prepared: each is planned once per connection (ADR 0058)
            # instead of again at each of its first five executions, or at every one when
            # PostgreSQL's estimate of the generic plan loses to the custom plans' (a send's check).
            options = DATABASES["default"]["OPTIONS"].get("options", "")
            DATABASES["default"]["OPTIONS"]["options"] = (
                f"{options} -c plan_cache_mode=force_generic_plan".strip()
            )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and PREAU_ENV == "test":
    # Parallel test workers each get their own Redis database, since a test's cache.clear()
    # flushes the whole database.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    REDIS_URL = f"{REDIS_URL.rsplit('/', 1)[0]}/{1 + int(_worker or 0) % 15}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "preau.core.cache.PreauRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "preau",
        }
    }
    SESSION_ENGINE = "preau.accounts.sessions.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "preau.accounts.sessions.db"

SESSION_COOKIE_NAME = "preau_session"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)  # idle timeout
# An active session is re-saved (its idle deadline pushed back) once its last refresh is this old,
# instead of on every request (preau.accounts.middleware, ADR 0046).
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", IS_PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "preau.core.views.csrf_failure"

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("BEHIND_TLS_PROXY", IS_PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "preau.accounts.backends.LoginOrEmailBackend",
]
PASSWORD_HASHERS = [
    "preau.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password hashes running at once in one process (preau.accounts.hashers, ADR 0056): by default
# the cores of the machine shared among its app processes: WEB_PROCESSES in production (one
# preau-web@ instance each, ADR 0074), the granian workers of `make run` otherwise.
PREAU_PASSWORD_HASH_CONCURRENCY = env_int(
    "PREAU_PASSWORD_HASH_CONCURRENCY",
    max(1, (os.cpu_count() or 1) // env_int("WEB_PROCESSES", env_int("WEB_WORKERS", 1))),
)
if PREAU_ENV == "test" and env_bool("PREAU_FAST_HASHER", True):
    # Tests create thousands of accounts; the production hasher is tested on its own.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "preau.accounts.password_policy.ProfileAwareLengthValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("login", "first_name", "last_name", "email")},
    },
    {"NAME": "preau.accounts.password_policy.ProfileAwareCommonPasswordValidator"},
]
PREAU_ADULT_PASSWORD_MIN_LENGTH = env_int("PREAU_ADULT_PASSWORD_MIN_LENGTH", 12)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: cool-off per (login, IP); a much higher per-IP ceiling lives in our own handler.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "preau.accounts.views.lockout_response"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_USERNAME_CALLABLE = "preau.accounts.throttle.axes_username"
# The audit log's accounts.login entries (with the address) are the connection log; axes' own
# access log was a second, never-read, never-purged copy (ADR 0056).
AXES_DISABLE_ACCESS_LOG = True
AXES_HANDLER = "preau.accounts.axes_handler.PreauAxesHandler"
# Our own layer on top of axes (preau/accounts/throttle.py): a per-IP ceiling high enough for a
# school's shared NAT address, and a capped slowdown per login across IPs that never locks.
PREAU_LOGIN_IP_FAILURE_LIMIT = env_int("PREAU_LOGIN_IP_FAILURE_LIMIT", 300)
PREAU_LOGIN_IP_WINDOW_SECONDS = env_int("PREAU_LOGIN_IP_WINDOW_SECONDS", 900)
PREAU_LOGIN_SLOWDOWN_AFTER = env_int("PREAU_LOGIN_SLOWDOWN_AFTER", 30)
PREAU_LOGIN_SLOWDOWN_WINDOW_SECONDS = env_int("PREAU_LOGIN_SLOWDOWN_WINDOW_SECONDS", 3600)
PREAU_LOGIN_MAX_DELAY_SECONDS = env_int("PREAU_LOGIN_MAX_DELAY_SECONDS", 2)
PREAU_LOGIN_DELAY_ENABLED = env_bool("PREAU_LOGIN_DELAY_ENABLED", PREAU_ENV != "test")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", IS_PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

# --- Tasks ----------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Préau <ne-pas-repondre@preau.invalid>")

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "preau.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "preau.core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env_str("LOG_FORMAT", "json" if IS_PRODUCTION else "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Préau ----------------------------------------------------------------------------------
PREAU_SCHOOL_YEAR_START_MONTH = 9  # the school year starts on 1 September
PREAU_API_DOCS = env_bool("PREAU_API_DOCS", True)

# SQLite cannot enforce UNIQUE NULLS NOT DISTINCT; PostgreSQL does, and services look rows up by
# their natural key before creating them on both back-ends.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

# Who runs this deployment, shown on the legal notice and the personal-data page. Empty values fall
# back to the wording in preau/portal/operator.py.
PREAU_CONTROLLER_NAME = env_str("PREAU_CONTROLLER_NAME", "")
PREAU_DPO_CONTACT = env_str("PREAU_DPO_CONTACT", "")
PREAU_OPERATOR_NAME = env_str("PREAU_OPERATOR_NAME", "")
PREAU_HOST_NAME = env_str("PREAU_HOST_NAME", "")
PREAU_CONTACT_EMAIL = env_str("PREAU_CONTACT_EMAIL", "")

# --- Accounts lifecycle (preau/lifecycle; rules.md §2 and §8) ---------------------------------
# Days an activation or renewal code stays valid; days an absent person keeps everything before
# pre-deletion; days a pre-deleted person waits before their personal data are deleted. The two
# last add up to 90 days, within the arrêté ENT's 3-month ceiling.
PREAU_ACTIVATION_CODE_DAYS = env_int("PREAU_ACTIVATION_CODE_DAYS", 90)
PREAU_ABSENCE_DAYS = env_int("PREAU_ABSENCE_DAYS", 30)
PREAU_PREDELETION_DAYS = env_int("PREAU_PREDELETION_DAYS", 60)
# Local time of the nightly lifecycle pass (enqueued by `manage.py run_scheduler`).
PREAU_LIFECYCLE_RUN_AT = env_str("PREAU_LIFECYCLE_RUN_AT", "02:30")
# Minutes between two availability probes of the groupement's monthly report.
PREAU_AVAILABILITY_PROBE_MINUTES = env_int("PREAU_AVAILABILITY_PROBE_MINUTES", 5)
# Local time of the daily e-mail digests of the fil de nouveautés.
PREAU_DIGEST_AT = env_str("PREAU_DIGEST_AT", "07:00")
# Days the audit log (with the connection log: sign-ins and their addresses) is kept before only
# monthly counts remain (rules.md: one year); local time of the nightly purge.
PREAU_AUDIT_RETENTION_DAYS = env_int("PREAU_AUDIT_RETENTION_DAYS", 365)
PREAU_AUDIT_PURGE_AT = env_str("PREAU_AUDIT_PURGE_AT", "03:15")

# --- Operations (preau/ops: metrics, overload protection, read replicas, benchmark) ------------
# Who may read /metrics: a bearer token (if set) or these client addresses.
PREAU_METRICS_TOKEN = env_str("PREAU_METRICS_TOKEN", "")
PREAU_METRICS_ALLOWED_IPS = env_list("PREAU_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
# One access-log line per request (logger preau.access).
PREAU_ACCESS_LOG = env_bool("PREAU_ACCESS_LOG", PREAU_ENV != "test")
# Overload protection, per process: requests in flight past which the server answers 503 at once
# (requests without a session cookie get the lower limit), and the longest wait in front of Django
# (nginx's X-Request-Start) before refusing. 0 disables a limit.
PREAU_MAX_CONCURRENT_REQUESTS = env_int("PREAU_MAX_CONCURRENT_REQUESTS", 32)
PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS = env_int(
    "PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS", max(1, PREAU_MAX_CONCURRENT_REQUESTS * 3 // 4)
)
PREAU_MAX_QUEUE_WAIT_MS = env_int("PREAU_MAX_QUEUE_WAIT_MS", 0)
# How long a request past the concurrency limit waits for a request of this process to finish
# before being refused: absorbs bursts shorter than that; keep it well under the 50 ms a refusal
# may take (ADR 0060). 0 refuses at once.
PREAU_CONCURRENCY_WAIT_MS = env_int("PREAU_CONCURRENCY_WAIT_MS", 0)
PREAU_OVERLOAD_RETRY_AFTER_SECONDS = env_int("PREAU_OVERLOAD_RETRY_AFTER_SECONDS", 5)
# The benchmark's minimal view at /_bench/ping (404 unless enabled).
PREAU_BENCH_ENDPOINTS = env_bool("PREAU_BENCH_ENDPOINTS", False)
# Read replicas (comma-separated database URLs): aliases replica_1, replica_2…, routed by
# preau.ops.db_router (reads on replicas, except after a write, in a transaction or in a POST).
PREAU_DATABASE_REPLICAS: list[str] = []
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica_{_index}"] = {
        **dj_database_url.parse(_url, conn_max_age=0),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
    PREAU_DATABASE_REPLICAS.append(f"replica_{_index}")
if PREAU_DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["preau.ops.db_router.ReadReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "preau.ops.middleware.ReadReplicaMiddleware",
    )

# --- Messagerie and fil de nouveautés (preau/messaging, preau/timeline; ADR 0025-0029) ------------
# A message whose recipients (groups expanded) exceed this count is fanned out by a task in batches
# instead of inside the sender's request.
PREAU_MESSAGING_SYNC_FANOUT = env_int("PREAU_MESSAGING_SYNC_FANOUT", 200)
PREAU_MESSAGING_FANOUT_BATCH = env_int("PREAU_MESSAGING_FANOUT_BATCH", 5000)
PREAU_MESSAGING_TRASH_DAYS = env_int("PREAU_MESSAGING_TRASH_DAYS", 30)
# Live unread badge: "sse" (server-sent events over Redis pub/sub, needs REDIS_URL) or "poll"
# (htmx every 30 s). Default: sse when REDIS_URL is set (except under PREAU_ENV=test).
PREAU_LIVE_BADGE = env_str(
    "PREAU_LIVE_BADGE", "sse" if REDIS_URL and PREAU_ENV != "test" else "poll"
)
# The home page's HTML is kept in the cache per person under a digest of what it shows, for at
# most this many seconds (preau/portal/page_cache.py, ADR 0054); false renders every page.
PREAU_HOME_PAGE_CACHE = env_bool("PREAU_HOME_PAGE_CACHE", True)
PREAU_HOME_PAGE_CACHE_SECONDS = env_int("PREAU_HOME_PAGE_CACHE_SECONDS", 600)
# Longest life of one server-sent-events connection (the browser reconnects after it).
PREAU_LIVE_STREAM_SECONDS = env_int("PREAU_LIVE_STREAM_SECONDS", 55)

# --- Carnet de liaison (preau/liaison) ---------------------------------------------------------
# Shortest delay between two reminders of the same mot, in hours.
PREAU_LIAISON_REMINDER_INTERVAL_HOURS = env_int("PREAU_LIAISON_REMINDER_INTERVAL_HOURS", 12)

# --- Imports: web import and safety guard (preau/imports) -------------------------------------
# A full import (ONDE, AAF Complet) that would make more than this share of a school's current
# people absent is refused unless forced (--force, or the web form's checkbox).
PREAU_IMPORT_MAX_ABSENT_PERCENT = env_int("PREAU_IMPORT_MAX_ABSENT_PERCENT", 20)
# … except when no more than this many people would leave (a few leavers of a tiny school).
PREAU_IMPORT_ABSENT_FLOOR = env_int("PREAU_IMPORT_ABSENT_FLOOR", 10)
# Largest file accepted by the web import, in kilobytes (a school's ONDE export is ~100 KB).
PREAU_IMPORT_MAX_UPLOAD_KB = env_int("PREAU_IMPORT_MAX_UPLOAD_KB", 5120)
# Hours an uploaded but unconfirmed import (its files are kept in the database) is kept.
PREAU_IMPORT_UPLOAD_HOURS = env_int("PREAU_IMPORT_UPLOAD_HOURS", 24)

# --- Storage core and espace documentaire (preau/storage, preau/documents; ADR 0020-0024) ------
# Where stored files live: "local" (files under PREAU_FILES_ROOT) or "s3" (django-storages).
PREAU_STORAGE_BACKEND = env_str("PREAU_STORAGE_BACKEND", "local")
if PREAU_STORAGE_BACKEND not in ("local", "s3"):
    raise ImproperlyConfigured("PREAU_STORAGE_BACKEND must be local or s3")
# Under MEDIA_ROOT by default, so that `manage.py backup` (preau/ops) saves the stored files too.
PREAU_FILES_ROOT = Path(env_str("PREAU_FILES_ROOT", str(MEDIA_ROOT / "files")))
PREAU_S3_BUCKET = env_str("PREAU_S3_BUCKET", "")
PREAU_S3_ENDPOINT_URL = env_str("PREAU_S3_ENDPOINT_URL", "")
PREAU_S3_REGION = env_str("PREAU_S3_REGION", "us-east-1")
PREAU_S3_ACCESS_KEY_ID = env_str("PREAU_S3_ACCESS_KEY_ID", "")
PREAU_S3_SECRET_ACCESS_KEY = env_str("PREAU_S3_SECRET_ACCESS_KEY", "")
if PREAU_STORAGE_BACKEND == "s3":
    if not PREAU_S3_BUCKET:
        raise ImproperlyConfigured("PREAU_S3_BUCKET is required with PREAU_STORAGE_BACKEND=s3")
    _files_storage: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PREAU_S3_BUCKET,
            "endpoint_url": PREAU_S3_ENDPOINT_URL or None,
            "region_name": PREAU_S3_REGION,
            "access_key": PREAU_S3_ACCESS_KEY_ID or None,
            "secret_key": PREAU_S3_SECRET_ACCESS_KEY or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    _files_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PREAU_FILES_ROOT)},
    }
STORAGES["preau_files"] = _files_storage
# Quotas per person (bytes), changeable per person by administrators.
PREAU_QUOTA_FAMILY_BYTES = env_int("PREAU_QUOTA_FAMILY_BYTES", 1 << 30)
PREAU_QUOTA_STAFF_BYTES = env_int("PREAU_QUOTA_STAFF_BYTES", 10 << 30)
# Largest single upload by profile (MiB), and by service ("service:MiB,…"); the lower one wins.
PREAU_UPLOAD_MAX_FAMILY_MB = env_int("PREAU_UPLOAD_MAX_FAMILY_MB", 50)
PREAU_UPLOAD_MAX_STAFF_MB = env_int("PREAU_UPLOAD_MAX_STAFF_MB", 500)
PREAU_UPLOAD_SERVICE_LIMITS_MB = env_list(
    "PREAU_UPLOAD_SERVICE_LIMITS_MB",
    ["documents:500", "messagerie:25", "liaison:20", "blog:100"],
)
# clamd address (unix socket path or host:port); empty = no antivirus scan.
PREAU_CLAMD_ADDRESS = env_str("PREAU_CLAMD_ADDRESS", "")
# Production: nginx serves file bytes after Préau authorises (X-Accel-Redirect to this internal
# location + the file's key). Empty = Préau streams the bytes itself.
PREAU_X_ACCEL_REDIRECT_PREFIX = env_str("PREAU_X_ACCEL_REDIRECT_PREFIX", "")
# Days a trashed document waits before the daily task deletes it for good.
PREAU_TRASH_DAYS = env_int("PREAU_TRASH_DAYS", 30)

# --- Files, upload path (issue 5, ADR 0041) ----------------------------------------------------
# Uploads are hashed (SHA-256) while Django receives them, so the storage core never reads them
# again to hash; large ones land in a temporary file that the local back-end moves into place.
FILE_UPLOAD_HANDLERS = [
    "preau.storage.uploads.HashingMemoryFileUploadHandler",
    "preau.storage.uploads.HashingTemporaryFileUploadHandler",
]
