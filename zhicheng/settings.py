"""One settings file for every environment.

Defaults are what `make run` needs on a fresh machine: SQLite under var/, Celery tasks run
in-process. Production and `make test` set DATABASE_URL and CELERY_BROKER_URL.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "zhicheng.views.csrf_failure"  # the Chinese page in the platform layout
# The one address every link in a notification email starts with (set it in production).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "新疆专业技术人员管理平台"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "zhicheng.axes_config.AxesConfig",  # django-axes, named in Chinese for the admin
    "csp",
    "captcha",
    "zhicheng",
    "accounts",
    "filings",
    "applications",
    "experts",
    "meetings",
    "backfill",
    "certificates",
]

MIDDLEWARE = [
    "zhicheng.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhicheng.pagecache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "zhicheng.middleware.InputCleaningMiddleware",
]

ROOT_URLCONF = env("ROOT_URLCONF", default="zhicheng.urls")  # `make bench` adds its bare view
WSGI_APPLICATION = "zhicheng.wsgi.application"

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
                "zhicheng.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Fixed cost per request: keep connections open between requests, check them before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica serves lists, search, rosters and statistics (zhicheng.dbrouter); writes and the
# pages that act on one object stay on the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["zhicheng.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.IdentifierBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private media (uploads, generated PDFs): the local disk by default; MEDIA_STORAGE=s3 puts them
# in an S3-compatible bucket through django-storages (files are private: no public ACL, and
# still served only through zhicheng.files.serve). No code reads the backend's name.
MEDIA_STORAGES = {
    "local": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET", default=""),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
}
STORAGES = {
    "default": MEDIA_STORAGES[env("MEDIA_STORAGE", default="local")],
    "staticfiles": {
        "BACKEND": env("STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}
# Uploads are never served directly: every file goes through a permission-checked view.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The largest upload the platform accepts (a filing attachment, 8M) plus room for the other
# fields of the form: a body announced larger than this is refused with 413 before it is read
# (zhicheng.middleware.RequestSizeLimitMiddleware). The proxy uses the same limit
# (client_max_body_size in deploy/nginx.conf).
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=10 * 1024 * 1024)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@zhicheng.example.cn")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Generated Excel exports: how long one may run (seconds) before the worker stops it.
EXPORT_TIME_LIMIT = env.int("EXPORT_TIME_LIMIT", default=120)
CELERY_TIMEZONE = TIME_ZONE
# Redis hands a message whose worker died mid-task (acks_late) to another worker after the
# visibility timeout; it must exceed the task time limit. Tests lower it to prove the redelivery.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
# Beat: the email outbox (accounts.outbox) is sent from here when the broker was down at commit.
CELERY_BEAT_SCHEDULE = {
    "send-pending-outbox": {"task": "accounts.tasks.send_pending_outbox", "schedule": 60.0},
}

# The cache holds rate-limit counters (public verification page): Redis in production so
# every web process counts together (CACHE_URL=redis://…), memory for make run.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# django-guardian: no anonymous user row needed; we answer strangers with 404 ourselves.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# django-axes: lock the account after repeated failures. The "username" axes counts is the
# account the identifier names (accounts.backends.lockout_key), so every spelling of one
# 身份证号 / credit code / username shares one counter, from any IP.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_key"
# axes.W006 warns that a lockout without the IP can be dodged by rotating User-Agent or cookies;
# ours is keyed on the account the server resolves, which a client cannot rotate. Adding the IP
# (alone) would lock a whole office behind one NAT after five typos by different people.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# django-simple-captcha
# drawn at twice the size it is shown at (zhicheng.forms.CaptchaInput): sharp on phones
CAPTCHA_IMAGE_SIZE = (240, 88)
CAPTCHA_FONT_SIZE = 50
CAPTCHA_DISPLAY_SIZE = (120, 44)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10
CAPTCHA_TEST_MODE = env.bool("CAPTCHA_TEST_MODE", default=False)  # accepts "PASSED" as the answer

SESSION_COOKIE_AGE = 60 * 60 * 8
# Sessions and per-request reference data from the cache: Redis in production (CACHE_URL=redis://…),
# local memory in `make run`. cached_db keeps the session row too, so a cache flush logs nobody out.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://zhicheng")}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# A signed-in person's GET pages are kept for the minute while no table they show changes
# (zhicheng/pagecache.py). The cache must be shared by every web process and worker (Redis);
# under Redis maxmemory use a volatile-* policy so the table stamps (no expiry) stay.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = 60
PAGE_CACHE_SETTLE_SECONDS = env.float("PAGE_CACHE_SETTLE_SECONDS", default=2.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Content-Security-Policy (django-csp): no inline scripts anywhere; inline <style> only with the
# per-request nonce (the Trix editor reads it from <meta name="csp-nonce">).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Keys that must never run in production: the dev default and the placeholder of .env.example.
INSECURE_SECRET_KEYS = ("dev-only-", "change-me")

if not DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    if SECRET_KEY.startswith(INSECURE_SECRET_KEYS) or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment to a long random value when DEBUG is off "
            "(the .env.example placeholder is refused); generate one with "
            "`python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'`."
        )
    # Behind the TLS-terminating proxy (it sets X-Forwarded-Proto).
    if "SITE_URL" not in os.environ:
        raise ImproperlyConfigured(
            "SITE_URL (the address in notification emails) must be set when DEBUG is off."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Footer help contacts (synthetic numbers; the operator sets the real ones).
HELP_CONTACTS = env.list("HELP_CONTACTS", default=["技术咨询：0991-0000001", "业务咨询：0991-0000002"])

# 电子证书 signing (certificates/signing.py): a real CA-issued key in production; a self-signed
# pair is generated under var/signing/ by `manage.py ensure_signing_key` (make run) when missing.
CERT_SIGNING_KEY_FILE = env("CERT_SIGNING_KEY_FILE", default=str(BASE_DIR / "var" / "signing" / "key.pem"))
CERT_SIGNING_CERT_FILE = env("CERT_SIGNING_CERT_FILE", default=str(BASE_DIR / "var" / "signing" / "cert.pem"))
CERT_SIGNING_KEY_PASSWORD = env("CERT_SIGNING_KEY_PASSWORD", default="")
# 证书查询: captcha after this many tries per IP within an hour, refused beyond the limit.
CERT_QUERY_CAPTCHA_AFTER = env.int("CERT_QUERY_CAPTCHA_AFTER", default=3)
CERT_QUERY_LIMIT_PER_HOUR = env.int("CERT_QUERY_LIMIT_PER_HOUR", default=30)
# 批文 numbers: {prefix}〔{year}〕{serial}号 unless a committee sets its own (certificates admin).
APPROVAL_NUMBER_PREFIX = env("APPROVAL_NUMBER_PREFIX", default="新人社职")
APPROVAL_NUMBER_PATTERN = "{prefix}〔{year}〕{serial}号"
