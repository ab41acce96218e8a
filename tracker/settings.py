"""Settings for Mandate Tracker, read from the environment.

Local defaults need no server: SQLite under var/. Production sets DATABASE_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from resolutions.limits import MAX_FILE_BYTES

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def env_bool(name, default):
    """A yes/no setting; a value that is neither (a typo) stops the start, naming the variable."""
    value = os.getenv(name, default).strip().lower()
    if value not in TRUE_WORDS + FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value: use one of {', '.join(w for w in TRUE_WORDS + FALSE_WORDS if w)}."
        )
    return value in TRUE_WORDS


def env_int(name, default):
    """A whole-number setting; anything else stops the start, naming the variable."""
    value = os.getenv(name, str(default)).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_seconds(name, default):
    """A number of seconds, fractions allowed; anything else stops the start, naming the variable."""
    value = os.getenv(name, str(default)).strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not seconds >= 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number of seconds.")
    return seconds


def env_list(name, default=""):
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def _int_list(name, default):
    try:
        return [int(item) for item in env_list(name, default)]
    except ValueError:
        raise ImproperlyConfigured(f"{name}={os.getenv(name)!r} is not a list of whole numbers.") from None


# Off unless asked for: `make run` and `make test` set DEBUG=1; an install that forgets it is safe.
DEBUG = env_bool("DEBUG", "0")

# Required with DEBUG off: the server refuses to start without it (tracker/checks.py, wsgi.py).
# Commands that need no key (`extract`) still run.
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "resolutions",
    "tracker",
]

MIDDLEWARE = [
    "tracker.lib.health.HealthChecks",
    "tracker.lib.middleware.RequestSizeLimit",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tracker.lib.middleware.UploadSpace",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while failures are over the limit
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins: five for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "tracker.lib.middleware.client_address"  # the proxy's word only with BEHIND_PROXY
# Password-reset emails an hour, to one address and from one client.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 3)

ROOT_URLCONF = "tracker.urls"

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
                "tracker.lib.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # A connection kept for a minute (checked before reuse): opening one took a quarter of a
        # request's time. Not with DEBUG on: runserver serves each request in a thread of its own,
        # which would leave its connection open.
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so a Celery worker started by a test sees the test's data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", VAR_DIR / "static"))
WHITENOISE_USE_FINDERS = DEBUG  # in development, serve straight from static/ without collectstatic
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise looks here at start
except OSError:
    pass
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Behind a reverse proxy: the client's address is the last in X-Forwarded-For.
BEHIND_PROXY = env_bool("BEHIND_PROXY", "0")

# Behind HTTPS in production: secure cookies, HSTS, redirects (each can be turned off).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", "1")
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session is read from the cache and written through to the database: a request reads no
# session row, and a cache emptied loses no login.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Uploads: the import page takes files up to the size the file reader takes.
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
# Any request body: an upload and its form, no more (refused before it is read).
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # a form without a file
# django-csp: scripts and styles from this site only; no inline script (style attributes are
# allowed: the admin and the charts set some). The API's two readers add to it (api/urls.py).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF], "style-src-attr": [UNSAFE_INLINE],
    "img-src": [SELF, "data:"], "font-src": [SELF], "connect-src": [SELF], "object-src": [NONE],
    "base-uri": [SELF], "form-action": [SELF], "frame-ancestors": [NONE],
}}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: SMTP when EMAIL_HOST is set, else a file outbox under var/ (one file a message).
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", "1")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Mandate Tracker <tracker@localhost>")
SERVER_EMAIL = os.getenv("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who hears of server errors by email: "Ana <ana@example.org>, ops@example.org".
ADMINS = [(address.partition("<")[0].strip() or address, address.partition("<")[2].rstrip(">") or address)
          for address in env_list("ADMINS")]

# Logs: one line a record on stderr (time, level, logger, request path, user id), errors
# with their traceback; server errors mailed to ADMINS where set.
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "tracker.lib.logs.RequestContext"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s path=%(path)s user=%(user_id)s %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_context"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["require_debug_false"]},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["stderr", "mail_admins"], "level": "WARNING", "propagate": False},
        "tracker": {"handlers": ["stderr", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "resolutions": {"handlers": ["stderr", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
    },
}
# Links in emails; by default the address `make run` serves (its HOST and PORT).
SITE_URL = os.getenv("SITE_URL", f"http://{os.getenv('TRACKER_HOST', '127.0.0.1')}:{os.getenv('TRACKER_PORT', '8000')}")

# Counts over all obligations are kept until the obligations change (tracker/counts.py), in a
# cache every process shares: Redis where CACHE_URL names one, else files under var/.
CACHE_URL = os.getenv("CACHE_URL", "").strip()
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r} is not a Redis address: use redis://host:6379/1.")
CACHES = {"default": (
    # Short timeouts: a cache that does not answer is passed over (tracker/cache.py), not waited for.
    {"BACKEND": "tracker.lib.cache.SharedRedisCache", "LOCATION": CACHE_URL,
     "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
          "LOCATION": str((VAR_DIR / "cache").resolve())}
)}
# The longest a count lives, for a change made where no write reports it (an actor renamed).
COUNT_CACHE_SECONDS = env_int("COUNT_CACHE_SECONDS", 300)

# Celery: Redis in production; locally a broker kept in files under var/, needing no server.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "out"),
        "data_folder_out": str(VAR_DIR / "broker" / "out"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),  # else kombu writes ./control/
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_TASK_DEFAULT_QUEUE = os.getenv("CELERY_QUEUE", "celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE

# The UN's document system, for imports by symbol and followed sessions (README "Import by symbol").
# {symbol} is the symbol, URL-quoted; {type} "pdf" or "doc"; {query} a Digital Library query.
UN_SYMBOL_URL = os.getenv("UN_SYMBOL_URL", "https://documents.un.org/api/symbol/access?s={symbol}&l=en&t={type}")
UN_UNDOCS_URL = os.getenv("UN_UNDOCS_URL", "https://undocs.org/en/{symbol}")
UN_LIBRARY_SEARCH_URL = os.getenv(
    "UN_LIBRARY_SEARCH_URL", "https://digitallibrary.un.org/search?ln=en&p={query}&of=xm&rg=200&so=a&sf=year")
UN_FETCH_CONNECT_TIMEOUT = env_int("UN_FETCH_CONNECT_TIMEOUT", 10)
UN_FETCH_READ_TIMEOUT = env_int("UN_FETCH_READ_TIMEOUT", 60)
UN_FETCH_RETRIES = env_int("UN_FETCH_RETRIES", 3)
UN_FETCH_BACKOFF = env_seconds("UN_FETCH_BACKOFF", 1.0)  # doubled at each retry
# One fetch, retries and redirects included, ends within this (below the task's soft limit).
UN_FETCH_DEADLINE = env_seconds("UN_FETCH_DEADLINE", 120)
UN_FETCH_RETRY_AFTER_MAX = env_seconds("UN_FETCH_RETRY_AFTER_MAX", 30)  # a server's Retry-After, capped
# Redirects are followed to these domains and their subdomains (https only), and to the hosts
# of the three addresses above; nowhere else.
UN_FETCH_ALLOWED_HOSTS = [host.lower() for host in env_list("UN_FETCH_ALLOWED_HOSTS", "un.org")]
UN_FETCH_USER_AGENT = os.getenv("UN_FETCH_USER_AGENT", "MandateTracker/1.0 (+mandate tracking for UN resolutions)")
# Following a session: symbols in sequence are tried until this many in a row are not issued yet.
FOLLOW_MISSES_IN_A_ROW = env_int("FOLLOW_MISSES_IN_A_ROW", 3)
FOLLOW_CHECK_SECONDS = env_int("FOLLOW_CHECK_SECONDS", 6 * 3600)

# Reminders: days before a deadline, then every REMINDER_OVERDUE_EVERY days while overdue.
REMINDER_OFFSETS = _int_list("REMINDER_OFFSETS", "30,7,1,0")
# A mandate's end: its owner hears earlier, to have the renewal ready.
REMINDER_MANDATE_OFFSETS = _int_list("REMINDER_MANDATE_OFFSETS", "60,30,7")
REMINDER_OVERDUE_EVERY = env_int("REMINDER_OVERDUE_EVERY", 7)
# How long a reminder email's "mark done" link works (tracker/reminders/links.py).
MARK_DONE_LINK_DAYS = env_int("MARK_DONE_LINK_DAYS", 14)
REMINDER_SWEEP_SECONDS = env_int("REMINDER_SWEEP_SECONDS", 3600)
# A claim older than this is taken for a worker that died while sending, and sent again.
REMINDER_CLAIM_TIMEOUT = env_int("REMINDER_CLAIM_TIMEOUT", 900)
REMINDER_COORDINATORS_GROUP = os.getenv("REMINDER_COORDINATORS_GROUP", "coordinators")
# PostgreSQL connections a sweep writes reminders over at once, each a part of the obligations:
# most of a first sweep is the database checking each reminder's foreign keys, one core a connection.
REMINDER_SWEEP_CONNECTIONS = env_int("REMINDER_SWEEP_CONNECTIONS", 2)
if REMINDER_SWEEP_CONNECTIONS < 1:
    raise ImproperlyConfigured(f"REMINDER_SWEEP_CONNECTIONS={os.getenv('REMINDER_SWEEP_CONNECTIONS')!r} "
                               "is not at least 1.")

CELERY_BEAT_SCHEDULE = {
    "reminder-sweep": {"task": "tracker.sweep_reminders", "schedule": REMINDER_SWEEP_SECONDS},
    # Uploads whose message was lost while the broker was down are queued again.
    "requeue-waiting-imports": {"task": "tracker.requeue_waiting_jobs", "schedule": 300},
    # Cadence, open-ended flags and overlaps, whole: imports refresh what they touch; this catches
    # what an admin's edit or a failed refresh left behind.
    "refresh-reporting-burden": {"task": "tracker.refresh_burden", "schedule": 24 * 3600},
    # Newly issued resolutions of the sessions and series users follow.
    "check-followed": {"task": "tracker.check_follows", "schedule": FOLLOW_CHECK_SECONDS},
    # The weekly team digest, Monday morning (tracker/reminders/team.py).
    "team-digest": {"task": "tracker.send_team_digests", "schedule": crontab(hour=7, minute=0, day_of_week=1)},
    # The counts' tally, its rows of changes folded (tracker/lib/tally.py).
    "compact-tally": {"task": "tracker.compact_tally", "schedule": 300},
}
CELERY_TASK_ACKS_LATE = False  # set per task: the sending task acknowledges late
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
if not CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}

# The REST API: tokens or the session; staff write; pages of 50; throttled per user and address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["tracker.api.auth.TokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["tracker.api.auth.StaffWrites"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["tracker.api.throttles.UserRate", "tracker.api.throttles.AnonRate"],
    "DEFAULT_THROTTLE_RATES": {"user": os.getenv("API_RATE_USER", "3000/hour"),
                               "anon": os.getenv("API_RATE_ANON", "60/hour")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["tracker.api.parsers.BoundedJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
}
# `?format=csv` on the API streams the whole filtered list, up to this many rows.
API_CSV_MAX_ROWS = env_int("API_CSV_MAX_ROWS", 50_000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Mandate Tracker API",
    "DESCRIPTION": "What resolutions ask of whom, and by when: obligations, mandates, resolutions, series, "
                   "evidence and your reminders. Read with any token; change obligations with a staff token.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # Swagger UI and ReDoc from the project's static files, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # An obligation's kind and status, named once whichever list (the obligations, a session's) shows them.
    "ENUM_NAME_OVERRIDES": {"ObligationKindEnum": "tracker.models.Obligation.Kind",
                            "ObligationStatusEnum": "tracker.models.Obligation.Status"},
}
