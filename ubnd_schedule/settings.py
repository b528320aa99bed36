"""Settings for the provincial work-programme site.

Everything that differs between a laptop and production comes from environment
variables, with defaults that work for development (SQLite, DEBUG on, a generated
secret). Production (DEBUG off) refuses to start without a real SECRET_KEY.
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ubnd_schedule.s3 import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "django-insecure-dev-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 32 characters when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "agenda",
    "meetings",
    "programme",
    "exports",
    "issuing",
    "dossiers",
    "proposals",
    "weekly",
    "conclusions",
    "followup",
    "ballots",
    "workspace",
    "public",
    "backups",
    "jobs",
    # Last: the roles it sets up after migrate include the permissions of every app above.
    "access",
]

MIDDLEWARE = [
    # Prometheus (django-prometheus): first and (nearly) last, so the time it measures includes every middleware.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Issued PDFs already kept are sent from their files here, like the static files above them.
    "public.cache.PublicFileMiddleware",
    "csp.middleware.CSPMiddleware",
    # A database fault in a view is a Vietnamese 503 with Retry-After, not a 500.
    "ubnd_schedule.faults.DatabaseUnavailableMiddleware",
    # A write refused by the model layer (ubnd_schedule.errors.ConflictError, e.g. to a plan past review): a 409.
    "ubnd_schedule.faults.ConflictMiddleware",
    # A 405 with Django's empty body gets the Vietnamese error page (the Allow header kept).
    "ubnd_schedule.faults.MethodNotAllowedMiddleware",
    # Workspace and admin: private, no-store (after the session and CSRF cookies are set).
    "ubnd_schedule.caching.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "agenda.middleware.ChosenLanguageMiddleware",
    # Kept public pages and issued PDFs are answered here, in the chosen language, before anything below runs.
    "public.cache.PublicArtifactMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: it turns a refused login of a locked account into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ubnd_schedule.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "ubnd_schedule.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections, checked before each request reuses them: a connection that died
        # while the database restarted is replaced, so the site recovers by itself.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A database that accepts connections but does not answer must not hold a request until gunicorn kills its worker:
# connecting gives up after DB_CONNECT_TIMEOUT seconds (every process), a statement after DB_STATEMENT_TIMEOUT_MS
# milliseconds (0: never), and the request ends in the Vietnamese 503 (ubnd_schedule.faults). The statement timeout
# applies only to the web server's connections (ubnd_schedule/wsgi.py and asgi.py set WEB_PROCESS before Django
# starts): management commands (migrate, backup_archive, restore_archive, import_plan...) may take longer.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 5)
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 30_000)
WEB_PROCESS = env_bool("WEB_PROCESS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    if WEB_PROCESS and DB_STATEMENT_TIMEOUT_MS:
        _options["options"] = f"{_options.get('options', '')} -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps the public pages and the signing page's render (public.cache,
# issuing.services). By default files under VAR_DIR/cache: shared by every worker of one server, no
# extra service. Several app servers share one cache through CACHE_URL: redis://host:6379/1 (install
# the `redis` package) or memcached://host:11211 (install `pymemcache`).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    # A Redis that accepts connections and never answers must not hold a request (nor a /readyz check) forever.
    _cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
    }
elif CACHE_URL.startswith("memcached://"):
    _cache = {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": CACHE_URL.removeprefix("memcached://"),
    }
elif CACHE_URL == "locmem://":
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    _cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_URL.removeprefix("file://") or str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
CACHES = {"default": {**_cache, "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ubnd")}}
# Issued PDFs are files under VAR_DIR/artifacts (named by their SHA-256). Behind nginx, set
# ARTIFACT_SENDFILE=x-accel-redirect and an `internal` location ARTIFACT_ACCEL_PREFIX (default
# /_artifacts/) aliased to VAR_DIR/artifacts/; behind Apache with mod_xsendfile, x-sendfile.
ARTIFACT_SENDFILE = os.environ.get("ARTIFACT_SENDFILE", "").strip().lower()
if ARTIFACT_SENDFILE not in {"", "x-accel-redirect", "x-sendfile"}:
    raise ImproperlyConfigured("ARTIFACT_SENDFILE is x-accel-redirect, x-sendfile or empty.")
ARTIFACT_ACCEL_PREFIX = os.environ.get("ARTIFACT_ACCEL_PREFIX", "/_artifacts/")
# What this deploy is (e.g. the commit): kept public pages are keyed by it. Empty: a digest of the code.
RELEASE = os.environ.get("RELEASE", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
try:
    import xstatic.pkg.bootstrap as xstatic_bootstrap
except ImportError:  # pragma: no cover - the requirements install it
    pass
else:
    STATICFILES_DIRS.append(("bootstrap", xstatic_bootstrap.BASE_DIR))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Several app servers: with S3_BUCKET every file the app keeps (dossier files, proposal letters, issued PDFs,
# session packets, backups written with --storage) goes to an S3-compatible bucket (django-storages over boto3:
# AWS, MinIO, moto's server in the tests) and nothing is written under VAR_DIR (docs/storage.md). The bucket stays
# private (every object "private", links signed): a download passes the app's checks first and is streamed
# through the app, or, with S3_PRESIGNED_REDIRECT, redirected to a link signed for S3_PRESIGNED_SECONDS.
S3_BUCKET = os.environ.get("S3_BUCKET", "").strip()
S3_PRESIGNED_REDIRECT = env_bool("S3_PRESIGNED_REDIRECT", False)
S3_PRESIGNED_SECONDS = env_int("S3_PRESIGNED_SECONDS", 60)
if S3_BUCKET:
    STORAGES.update(s3_storages(os.environ, expire=S3_PRESIGNED_SECONDS))
    # The kept pages' generations and the signing page's render (the very bytes the approver then signs, maybe
    # on another node) live in the cache: it must be the servers' shared one.
    if not CACHE_URL.startswith(("redis://", "rediss://", "memcached://")):
        raise ImproperlyConfigured(
            "S3_BUCKET is set (several app servers): set CACHE_URL to the shared cache (redis://host:6379/1 or "
            "memcached://host:11211); the default cache is files under VAR_DIR, one server's."
        )
    if ARTIFACT_SENDFILE:
        raise ImproperlyConfigured("ARTIFACT_SENDFILE names files under VAR_DIR: leave it empty when S3_BUCKET is set.")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "admin:login"
# Where a login lands when its ?next= is missing or unsafe: the admin's index (the admin login has no default
# of its own for an unsafe next; the workspace login lands on the workspace, its next_page).
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling (django-axes), on /van-phong/dang-nhap/ and /admin/login/ alike: after AXES_FAILURE_LIMIT
# wrong passwords for one account from one address, that pair is locked (even the right password is refused)
# until an administrator unlocks it (admin "Axes", or `manage.py axes_reset_username USERNAME`), or, when
# AXES_COOLOFF_HOURS is set, until that many hours have passed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = float(os.environ["AXES_COOLOFF_HOURS"]) if os.environ.get("AXES_COOLOFF_HOURS") else None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workspace/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The address axes locks comes from django-ipware. Served directly (no AXES_IPWARE_PROXY_COUNT), it is the socket's
# REMOTE_ADDR and X-Forwarded-For is ignored (a client could write a new address there for every guess). Behind
# reverse proxies, AXES_IPWARE_PROXY_COUNT in the environment is how many of them stand in front of the app, each
# appending the address it received the request from to X-Forwarded-For (nginx alone: 1): the client is that many
# entries from the right, and whatever a client wrote itself further left is ignored. django-ipware counts only the
# proxies whose addresses appear in the header (the last one is REMOTE_ADDR): one fewer; not strict, so a header the
# client pre-filled still resolves to the entry the proxies vouch for instead of falling back to the proxy's address.
REVERSE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0)
if REVERSE_PROXY_COUNT < 0:
    raise ImproperlyConfigured("AXES_IPWARE_PROXY_COUNT is how many reverse proxies stand in front of the app.")
if REVERSE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = REVERSE_PROXY_COUNT - 1
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "vanphong@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587 if env_bool("EMAIL_USE_TLS", False) else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes each e-mail under this folder (the jobs tests).
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# Who receives the error reports (500s): "Name <address>, Name <address>".
ADMINS = [parseaddr(entry) for entry in env_list("ADMINS", [])]
MANAGERS = ADMINS
# Those reports hide every setting named like a secret (PIN, PASSWORD, KEY, TOKEN, CREDENTIALS...) and a password
# written inside a URL; the views that receive a PIN or a password hide it from the request's POST data.
DEFAULT_EXCEPTION_REPORTER_FILTER = "ubnd_schedule.reporting.SecretsReporterFilter"

# HTTPS. Behind a reverse proxy that terminates TLS, SECURE_PROXY_SSL_HEADER trusts its
# X-Forwarded-Proto (only set it when the proxy always overwrites that header).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The monitor may probe the app directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): no inline script or style anywhere, everything from this
# site. Frames: only the signing page shows this site's own PDF (frame-ancestors 'self').
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Logs: one key=value line per record on stdout (the process manager or journald collects them).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"keyvalue": {"()": "ubnd_schedule.logging.KeyValueFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "keyvalue"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own handlers of "django" (its mail_admins would mail every error report a second time).
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.request": {"level": "ERROR"},
        # The PDF stack reports every layout step and every subset glyph at INFO; axes logs its banner and every
        # failed login at INFO, lockouts at WARNING.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "pyhanko", "axes")},
    },
}

# Public address of the site, used in links printed on documents (the QR code of a signed PDF).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Signing issued programmes (issuing.keys loads the identity, issuing.signing signs). A PKCS#12 file, or a
# PKCS#11 token (USB token, HSM) when SIGNING_PKCS11_LIB is set: the first office's. Every office may have its own
# key, under SIGNING_DIR/co-quan/ or on the token (issuing.identities.office_identity, README "Each office's seal
# key"). In development the defaults point at the test certificate that `manage.py make_dev_certificate` writes
# under VAR_DIR; nothing signs until a key exists.
SIGNING_DIR = Path(os.environ.get("SIGNING_DIR", VAR_DIR / "signing"))
SIGNING_P12_PATH = os.environ.get("SIGNING_P12_PATH", str(SIGNING_DIR / "dev-signer.p12") if DEBUG else "")
SIGNING_P12_PASSWORD = os.environ.get("SIGNING_P12_PASSWORD", "dev-only-not-secret" if DEBUG else "")
SIGNING_PKCS11_LIB = os.environ.get("SIGNING_PKCS11_LIB", "")
SIGNING_PKCS11_TOKEN = os.environ.get("SIGNING_PKCS11_TOKEN", "")
SIGNING_PKCS11_PIN = os.environ.get("SIGNING_PKCS11_PIN", "")
SIGNING_PKCS11_KEY_LABEL = os.environ.get("SIGNING_PKCS11_KEY_LABEL", "")
SIGNING_PKCS11_CERT_LABEL = os.environ.get("SIGNING_PKCS11_CERT_LABEL", "")
# RFC 3161 timestamp server: with it signatures are PAdES B-T, without it B-B.
SIGNING_TSA_URL = os.environ.get("SIGNING_TSA_URL", "")
# Certificates (PEM or DER files) whose signatures the verification page calls trusted.
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS", [str(SIGNING_DIR / "dev-ca.crt")] if DEBUG else [])
# The seal drawn in the visible signature; empty: generated from the Office's name.
SIGNING_SEAL_IMAGE = os.environ.get("SIGNING_SEAL_IMAGE", "")
# Approvers without a PKCS#11 key sign with TEST certificates issued by the development CA
# (never in production: there each approver's key label is set on their signer profile).
SIGNING_DEV_IDENTITIES = env_bool("SIGNING_DEV_IDENTITIES", DEBUG)
# Dossier files and proposal letters (dossiers, proposals): stored through the default storage
# (MEDIA_ROOT; see the README for S3-compatible storage), never served as static files.
DOSSIER_MAX_UPLOAD_BYTES = int(os.environ.get("DOSSIER_MAX_UPLOAD_BYTES", str(30 * 1024 * 1024)))
# The key of the HMAC that signs a backup's manifest (backups.archive); empty: the SECRET_KEY (then
# SECRET_KEY_FALLBACKS still verify). A restore needs the key the archive was written with.
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
# Largest file accepted by the verification page.
VERIFY_MAX_UPLOAD_BYTES = int(os.environ.get("VERIFY_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Importing a programme (.docx, .pdf, .txt): what the importer reads is bounded before it is parsed
# (programme.importing.extract); a file beyond a bound is refused with a message.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(30 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "100"))
IMPORT_MAX_ZIP_MEMBERS = int(os.environ.get("IMPORT_MAX_ZIP_MEMBERS", "1000"))
IMPORT_MAX_PARAGRAPHS = int(os.environ.get("IMPORT_MAX_PARAGRAPHS", "20000"))
IMPORT_MAX_PAGES = int(os.environ.get("IMPORT_MAX_PAGES", "200"))
IMPORT_MAX_PAGE_CONTENT_BYTES = int(os.environ.get("IMPORT_MAX_PAGE_CONTENT_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_TEXT_CHARS = int(os.environ.get("IMPORT_MAX_TEXT_CHARS", "2000000"))
IMPORT_MAX_SECONDS = int(os.environ.get("IMPORT_MAX_SECONDS", "20"))

# Bounds on checking an uploaded PDF (issuing.verification_limits): revisions (incremental updates) and
# objects counted in its bytes before parsing, seconds the check may take (0: no budget), checks running at
# once on this server (0: no limit; the others get 503 with Retry-After).
VERIFY_MAX_REVISIONS = int(os.environ.get("VERIFY_MAX_REVISIONS", "12"))
VERIFY_MAX_OBJECTS = int(os.environ.get("VERIFY_MAX_OBJECTS", "5000"))
VERIFY_TIME_LIMIT = float(os.environ.get("VERIFY_TIME_LIMIT", "5"))
VERIFY_MAX_CONCURRENT = int(os.environ.get("VERIFY_MAX_CONCURRENT", "2"))

# Operations (ubnd_schedule.health). /readyz: each check (database, cache, storage, broker) answers within
# READYZ_TIMEOUT seconds or the node is not ready (503). /metrics (django-prometheus): only to the addresses of
# METRICS_ALLOWED_NETWORKS (comma-separated networks, checked against the socket's address, never
# X-Forwarded-For): loopback by default. With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty
# directory (not under VAR_DIR) so /metrics sums every worker's counters (gunicorn.conf.py clears a dead one's).
READYZ_TIMEOUT = float(os.environ.get("READYZ_TIMEOUT", "2"))
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])

# Jobs (Celery, ubnd_schedule/celery.py; docs/jobs.md): e-mails, session packets, warming the public pages, the
# periodic reminders. CELERY_BROKER_URL: redis://host:6379/N or amqp://user:password@host:5672//. Without it
# every job runs eagerly in the process that asks for it (a single machine, `make demo`: no broker, no worker).
# A job is acknowledged only once done (acks_late) and given back to the queue when its worker dies, so a killed
# worker's job runs again: every job is idempotent (jobs.outbox, jobs.builds). No result backend: nothing waits
# for a job's result.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # never reached in eager mode; never a guessed RabbitMQ on localhost
# Eager: a job's exception reaches its caller (jobs.queue.enqueue logs it after the commit, the change stands).
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis gives an unacknowledged job (its worker died) to another worker after this many seconds; longer than the
# longest job (a packet build). RabbitMQ redelivers as soon as the dead worker's connection closes.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME", str(VAR_DIR / "celerybeat-schedule"))
# The periodic jobs (`celery -A ubnd_schedule beat`, one for the whole platform). Adding one is one entry: a task
# name (an app's tasks.py) and when (crontab, in TIME_ZONE). See docs/jobs.md.
CELERY_BEAT_SCHEDULE = {
    "dossier-reminders": {
        "task": "dossiers.tasks.send_dossier_reminders",
        "schedule": crontab(hour=env_int("DOSSIER_REMINDER_HOUR", 7), minute=0),
    },
    # Reminders of the conclusion notices' task deadlines (before and once overdue, each once: followup.reminders).
    "task-reminders": {
        "task": "followup.tasks.send_task_reminders",
        "schedule": crontab(hour=env_int("TASK_REMINDER_HOUR", 7), minute=15),
    },
    # Written ballots: members who have not answered are reminded the working day before the deadline; a ballot
    # whose deadline has passed closes with its result sheet within a quarter of an hour.
    "ballot-reminders": {"task": "ballots.tasks.send_ballot_reminders", "schedule": crontab(minute=30)},
    "ballot-closing": {"task": "ballots.tasks.close_due_ballots", "schedule": crontab(minute="*/15")},
    # E-mails whose job was lost (broker down at the commit, retries spent): sent again, each still once.
    "outbox-sweep": {"task": "jobs.tasks.sweep_outbox", "schedule": crontab(minute="*/10")},
}
# Warm the public pages of a freshly issued programme in a worker (public.tasks): by default only with a broker;
# on one machine the first visitor renders them as before.
WARM_PUBLIC_PAGES = env_bool("WARM_PUBLIC_PAGES", not CELERY_TASK_ALWAYS_EAGER)
JOBS_TEST_PAUSE_SECONDS = float(os.environ.get("JOBS_TEST_PAUSE_SECONDS", "0") or 0)  # tests/jobs only
# Redis looks for a dead worker's unacknowledged jobs every 10 s × CELERY_RESTORE_THROTTLE (kombu's
# unacked_restore_throttle, 10: every 100 s); the cluster tests set 1 with a short visibility timeout.
CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"] = env_int("CELERY_RESTORE_THROTTLE", 10)
