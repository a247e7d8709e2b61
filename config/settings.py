"""Settings for the Global Hub.

Every value comes from the environment and has a default that works on a bare machine: SQLite under
``var/``, tasks run in-process, emails written to ``var/mail/``. ``HUB_ENV=production`` turns on the
HTTPS hardening and refuses to start without a real ``SECRET_KEY``. Any variable may instead be read
from a file named by ``<NAME>_FILE`` (for container secrets).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Read ``name`` from the environment, or from the file named by ``name_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return default if value is None else int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


HUB_ENV = env("HUB_ENV", "development")
PRODUCTION = HUB_ENV == "production"
VAR_DIR = Path(env("HUB_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        if PRODUCTION and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")):
            raise ImproperlyConfigured("SECRET_KEY is too weak for production.")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when HUB_ENV=production."
        )
    # Development: one key generated on first start and kept, so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its translation fields are registered.
    "modeltranslation",
    "hub",
    "tools_catalog",
    "wizard",
    "learning",
    "community",
    "questionnaires",
    "watches",
    # After the apps whose content it moderates: its admin extends theirs (the tools' decisions).
    "safety",
    # Above every feature: counts across the hub (/numbers/, the inclusion report).
    "reports",
    "hub.core.admin_site.HubAdminConfig",
    # Operations: readiness, request logs, metrics, error reports (hub/ops/).
    "hub.ops.apps.OpsConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django_filters",
    "django_countries",
    "csp",
]

MIDDLEWARE = [
    # Outermost: the request id, the request's log line and its metrics cover everything below.
    "hub.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzip-compressed (BREACH-padded); static files are answered above, already compressed.
    "hub.core.compression.CompressionMiddleware",
    "hub.core.middleware.SecurityHeadersMiddleware",
    # Outside all that may answer early (the request guard's 400 too): every page has the CSP.
    "csp.middleware.CSPMiddleware",
    # Before the session is read: text the database cannot hold is a 400 (hub/core/request_guards.py).
    "hub.core.request_guards.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Messages before access: a session ended by AccessMiddleware leaves a message.
    "django.contrib.messages.middleware.MessageMiddleware",
    "hub.accounts.middleware.AccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "hub.accounts.context_processors.hub",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hub.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when given, carries the Celery queue and the shared cache; without it everything is local.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "hub"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# "Hub in numbers" (/numbers/): no public breakdown shows a group smaller than NUMBERS_MIN_GROUP
# (the rule is in reports.transparency); the figures are counted at most every NUMBERS_CACHE_SECONDS.
NUMBERS_MIN_GROUP = env_int("NUMBERS_MIN_GROUP", 5)
NUMBERS_CACHE_SECONDS = env_int("NUMBERS_CACHE_SECONDS", 15 * 60)

# Celery: a real worker on Redis, or tasks run in-process (eagerly) on a bare machine.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Where tasks are queued, also those a worker queues itself (a worker consumes it with -Q).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "sweep-outbox": {"task": "hub.tasks.sweep_outbox", "schedule": 60.0},
    # A decision on a tool whose fan-out a killed worker left unfinished is told again (safety).
    "tool-decisions-resume": {"task": "safety.tasks.tool_decisions_resume", "schedule": 300.0},
    # Reminders go out 23-24 hours before an event starts; each one once (outbox dedupe keys).
    "community-event-reminders": {
        "task": "community.tasks.send_event_reminders",
        "schedule": 3600.0,
    },
    # Providers are asked to confirm their tools 11 and 12 months after the last confirmation.
    "tool-reconfirmation-reminders": {
        "task": "questionnaires.tasks.send_reconfirmation_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # Accounts whose deletion grace period has passed are erased once a day.
    "erase-due-accounts": {
        "task": "hub.tasks.erase_due_accounts",
        "schedule": crontab(hour=3, minute=15),
    },
    # Retention rules (hub.personal_data.retention), once a night: see the RETENTION_* settings below.
    "retention": {"task": "hub.tasks.retention_run", "schedule": crontab(hour=3, minute=45)},
    # Watches: tools changed lately are matched again (a killed worker's; nothing is told twice),
    # and the email digests go out, daily, and weekly on Mondays.
    "watches-catch-up": {"task": "watches.tasks.watches_catch_up", "schedule": 300.0},
    "watches-digest-daily": {
        "task": "watches.tasks.watches_digest",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "watches-digest-weekly": {
        "task": "watches.tasks.watches_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
        "args": ("weekly",),
    },
    # Whichever worker takes it proves to readiness (/readyz) that tasks are being run.
    "worker-heartbeat": {
        "task": "hub.tasks.worker_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}

# Retention: how many days the hub keeps what (hub.personal_data.retention, `manage.py retention --dry-run`).
# Sign-ups whose email address was never confirmed; rejected applications, from the decision.
RETENTION_UNVERIFIED_DAYS = env_int("RETENTION_UNVERIFIED_DAYS", 7)
RETENTION_REJECTED_DAYS = env_int("RETENTION_REJECTED_DAYS", 90)
# Members not logged in for about 12 months are warned by email; about 15 months, deactivated
# (never sooner than the difference of the two after the warning).
RETENTION_INACTIVE_WARN_DAYS = env_int("RETENTION_INACTIVE_WARN_DAYS", 365)
RETENTION_INACTIVE_DEACTIVATE_DAYS = env_int("RETENTION_INACTIVE_DEACTIVATE_DAYS", 456)
# Two years of audit log: long enough to look into an incident reported late, or to review a
# year of decisions with the year before for comparison.
RETENTION_AUDIT_DAYS = env_int("RETENTION_AUDIT_DAYS", 730)
# The one-time tokens that keep a form from creating twice: a week covers any reload or resend.
RETENTION_SUBMISSION_TOKEN_DAYS = env_int("RETENTION_SUBMISSION_TOKEN_DAYS", 7)

# Authentication
AUTH_USER_MODEL = "hub.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "hub.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Global Hub] "
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # a reset never signs anyone in: log in, then the code
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "account_login"
# Rate limits (allauth, kept in the cache): the sixth wrong password for one account within
# five minutes is refused, and so are floods from one address.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
}
OTP_TOTP_ISSUER = "Global Hub"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# django-otp doubles the wait after each wrong code (1, 2, 4 ... seconds) with no useful limit; the
# hub stops the doubling at this many seconds, so the owner is never locked out for long.
OTP_THROTTLE_MAX_SECONDS = env_int("OTP_THROTTLE_MAX_SECONDS", 15 * 60)
# Passkeys and security keys (WebAuthn) as a second factor beside authenticator apps, never as a
# password: the relying party is the site's host and origin (SITE_URL) unless these are set.
# Browsers refuse an IP address as relying party: a bare machine's 127.0.0.1 becomes localhost
# (open the hub at http://localhost:8000 to use a passkey there).
_PASSKEY_SITE = urlsplit(SITE_URL.replace("//127.0.0.1", "//localhost", 1))
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", _PASSKEY_SITE.hostname)
OTP_WEBAUTHN_RP_NAME = env("OTP_WEBAUTHN_RP_NAME", "Global Hub")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", [f"{_PASSKEY_SITE.scheme}://{_PASSKEY_SITE.netloc}"]
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# When true, /admin/ opens only to a staff session whose second factor was a passkey.
HUB_STAFF_REQUIRE_PASSKEY = env_bool("HUB_STAFF_REQUIRE_PASSKEY", False)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"

# Sessions: absolute lifetime here; the idle timeout is enforced by hub.accounts.middleware.
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# A form sent after its session ended is kept this long for its author (hub.accounts.session_rescue).
SESSION_RESCUE_SECONDS = env_int("SESSION_RESCUE_SECONDS", 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Languages: the six official UN languages, English as the source.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
# Where Django's own date formats differ from the CLDR's (Arabic), the hub's (hub/core/formats/).
FORMAT_MODULE_PATH = ["hub.core.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# modeltranslation's tabbed admin loads jQuery UI from this (unprefixed) setting: self-hosted from
# static/vendor/, never a CDN, so the translation tabs work under the CSP.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# Static files, served by whitenoise in every environment.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Uploaded and generated files. "private" holds what only members may have (data exports, learning
# videos and captions), "public" what anyone may fetch. On a bare machine both are folders under
# MEDIA_ROOT; with S3_BUCKET set they live in an S3-compatible bucket that every host reads (keys
# under private/ and public/). Private objects are never public-read: the hub checks who is asking,
# then delivers the file as PRIVATE_MEDIA_DELIVERY says (hub.core.private_files).
S3_BUCKET = env("S3_BUCKET")
S3_PUBLIC_BUCKET = env("S3_PUBLIC_BUCKET")
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL")
S3_REGION_NAME = env("S3_REGION_NAME", "us-east-1")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
# "stream": the hub sends the file (byte ranges included). "x-accel-redirect": nginx sends it from
# an internal location (PRIVATE_MEDIA_ACCEL_PREFIX for files on disk, PRIVATE_MEDIA_S3_ACCEL_PREFIX
# for S3, proxied to a short-lived signed address). "signed-url": a redirect to a signed S3
# address valid PRIVATE_MEDIA_URL_SECONDS (on disk, the hub streams instead). "x-sendfile": Apache
# or lighttpd, files on disk. LEARNING_PROTECTED_MEDIA(_PREFIX) are the former names, still read.
LEARNING_PROTECTED_MEDIA = env("LEARNING_PROTECTED_MEDIA", "")
LEARNING_PROTECTED_MEDIA_PREFIX = env("LEARNING_PROTECTED_MEDIA_PREFIX", "/protected-media/")
PRIVATE_MEDIA_DELIVERY = env("PRIVATE_MEDIA_DELIVERY", LEARNING_PROTECTED_MEDIA or "stream")
PRIVATE_MEDIA_ACCEL_PREFIX = env("PRIVATE_MEDIA_ACCEL_PREFIX", LEARNING_PROTECTED_MEDIA_PREFIX)
PRIVATE_MEDIA_S3_ACCEL_PREFIX = env("PRIVATE_MEDIA_S3_ACCEL_PREFIX", "/protected-s3/")
PRIVATE_MEDIA_URL_SECONDS = env_int("PRIVATE_MEDIA_URL_SECONDS", 60)


def _s3_storage(bucket: str, location: str, **options) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": location,
            "endpoint_url": S3_ENDPOINT_URL,
            "region_name": S3_REGION_NAME,
            "access_key": AWS_ACCESS_KEY_ID,
            "secret_key": AWS_SECRET_ACCESS_KEY,
            "signature_version": "s3v4",
            "file_overwrite": False,
            **options,
        },
    }


if S3_BUCKET:
    _PRIVATE_STORAGE = _s3_storage(
        S3_BUCKET,
        "private",
        default_acl="private",
        querystring_auth=True,
        querystring_expire=PRIVATE_MEDIA_URL_SECONDS,
    )
    # Readable by anyone through the bucket's policy on public/* (see the README), not object ACLs.
    _PUBLIC_STORAGE = _s3_storage(
        S3_PUBLIC_BUCKET or S3_BUCKET, "public", default_acl=None, querystring_auth=False
    )
else:
    _PRIVATE_STORAGE = {
        "BACKEND": "hub.core.private_files.MediaFolderStorage",
        "OPTIONS": {"folder": "private"},
    }
    _PUBLIC_STORAGE = {
        "BACKEND": "hub.core.private_files.MediaFolderStorage",
        "OPTIONS": {"folder": "public", "base_url": f"{MEDIA_URL}public/"},
    }
# In "signed-url" mode a browser fetches videos from the bucket itself: the CSP allows its origin.
PRIVATE_MEDIA_ORIGINS = []
if S3_BUCKET and PRIVATE_MEDIA_DELIVERY == "signed-url":
    _endpoint = urlsplit(S3_ENDPOINT_URL or f"https://{S3_BUCKET}.s3.amazonaws.com")
    PRIVATE_MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
STORAGES = {
    # A file field that names no storage is members-only until someone decides otherwise.
    "default": _PRIVATE_STORAGE,
    "private": _PRIVATE_STORAGE,
    "public": _PUBLIC_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Personal data: a member's data export can be downloaded for this long, and an account whose
# deletion was requested is erased after this many days (the member can cancel until then).
EXPORT_TTL = timedelta(hours=env_int("EXPORT_TTL_HOURS", 48))
ACCOUNT_DELETION_GRACE_DAYS = env_int("ACCOUNT_DELETION_GRACE_DAYS", 30)

# Email: SMTP when EMAIL_HOST is set, otherwise one file per message under var/mail/.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Global Hub <no-reply@globalhub.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# In production a missing REDIS_URL or EMAIL_HOST is a system-check error (hub.core.checks) unless the
# operator opts out explicitly with one of these.
HUB_ALLOW_NO_REDIS = env_bool("HUB_ALLOW_NO_REDIS", False)
HUB_ALLOW_FILE_EMAIL = env_bool("HUB_ALLOW_FILE_EMAIL", False)

# Security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(self), publickey-credentials-create=(self), "
    "publickey-credentials-get=(self), screen-wake-lock=(), sync-xhr=(), usb=(), "
    "xr-spatial-tracking=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF, *PRIVATE_MEDIA_ORIGINS],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Probes and Prometheus ask over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs: one JSON object per line (LOG_FORMAT=json, the default in production) or plain text. Every
# record carries the id of the request or task it belongs to (hub.ops.logs); each request writes one
# line to the "hub.request" logger. Celery leaves this configuration alone (config/celery.py).
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hub.ops.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "hub.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Django's own handlers (the development server's lines, the debug console) write plain
        # text: its records go to the one handler above instead.
        "django": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO"), "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# Readiness (/readyz) fails when no Celery worker has shown a heartbeat for this many seconds.
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 180)
# Who may read /metrics without signing in: these networks, judged on the client's real address
# (TRUSTED_PROXY_COUNT). Staff who gave their second factor may read it from anywhere.
METRICS_ALLOWED_NETWORKS = env_list(
    "METRICS_ALLOWED_NETWORKS",
    ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
# Error reports go to Sentry when SENTRY_DSN is set, without personal data (hub.ops.sentry).
SENTRY_DSN = env("SENTRY_DSN")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", HUB_ENV)
SENTRY_TRACES_SAMPLE_RATE = float(env("SENTRY_TRACES_SAMPLE_RATE", "0"))
CSRF_FAILURE_VIEW = "hub.pages.views.csrf_failure"
HUB_MAIL_DOMAIN = env("HUB_MAIL_DOMAIN", "globalhub.example")
# The outbox sweep (every minute) re-queues rows still pending after OUTBOX_SWEEP_AFTER seconds,
# and rows a worker claimed more than OUTBOX_CLAIM_TIMEOUT seconds ago without finishing.
OUTBOX_SWEEP_AFTER = env_int("OUTBOX_SWEEP_AFTER", 60)
OUTBOX_CLAIM_TIMEOUT = env_int("OUTBOX_CLAIM_TIMEOUT", 600)
# How many proxies under the operator's control sit in front of the hub (the TLS proxy: 1). The
# client's address is read from X-Forwarded-For that many places from the end, for allauth's rate
# limits, the hub's own limits and the audit log alike (hub.core.client_address). 0: the header is
# ignored. TRUST_X_FORWARDED_FOR=true is the older spelling of 1.
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("TRUST_X_FORWARDED_FOR", False) else 0
)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
