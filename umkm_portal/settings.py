"""The one settings module. Every deployment difference comes from environment
variables (see README, "Configuration"); a bad value stops start-up loudly."""

import csv
from datetime import timedelta
from pathlib import Path

import csp.constants
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from umkm_portal.csp import image_origins
from umkm_portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-only-key" if DEBUG else None)
if not DEBUG and SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a real secret when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Whose regions this portal serves: a Kemendagri province code ("16" = Sumatera Selatan).
PORTAL_PROVINCE = env_str("PORTAL_PROVINCE", "16")
with open(BASE_DIR / "fixtures" / "regions" / "provinces.csv", encoding="utf-8", newline="") as _provinces:
    _PROVINCE_NAMES = {row["code"]: row["name"] for row in csv.DictReader(_provinces)}
if PORTAL_PROVINCE not in _PROVINCE_NAMES:
    raise ImproperlyConfigured(f"PORTAL_PROVINCE={PORTAL_PROVINCE!r} is not a Kemendagri province code (e.g. 16).")
PORTAL_PROVINCE_NAME = _PROVINCE_NAMES[PORTAL_PROVINCE]
PORTAL_NAME = env_str("PORTAL_NAME", "Portal UMKM")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Who runs the portal, named on every page (header and footer) and on the "Tentang" page. The
# defaults are the demo's, Sumatera Selatan's dinas: set every one of them in production.
PORTAL_OWNER_NAME = env_str("PORTAL_OWNER_NAME", f"Dinas Koperasi dan UKM Provinsi {PORTAL_PROVINCE_NAME}")
# A path under static/ (the vendored placeholder), or an absolute https:// address of the dinas's logo.
PORTAL_OWNER_LOGO = env_str("PORTAL_OWNER_LOGO", "img/dinas-logo.svg")
PORTAL_OWNER_ADDRESS = env_str("PORTAL_OWNER_ADDRESS", "Jl. Kapten A. Rivai, Palembang, Sumatera Selatan")
PORTAL_OWNER_EMAIL = env_str("PORTAL_OWNER_EMAIL", "dinkopukm@sumselprov.go.id")
PORTAL_OWNER_PHONE = env_str("PORTAL_OWNER_PHONE", "(0711) 000000")
# A WhatsApp number for buyers and owners ("" for none), typed 0812… or +62812…; kept as +62….
PORTAL_OWNER_WHATSAPP = "".join(ch for ch in env_str("PORTAL_OWNER_WHATSAPP", "") if ch.isdigit())
if PORTAL_OWNER_WHATSAPP.startswith("0"):
    PORTAL_OWNER_WHATSAPP = "62" + PORTAL_OWNER_WHATSAPP[1:]
if PORTAL_OWNER_WHATSAPP and not (PORTAL_OWNER_WHATSAPP.startswith("62") and 10 <= len(PORTAL_OWNER_WHATSAPP) <= 15):
    raise ImproperlyConfigured("PORTAL_OWNER_WHATSAPP must be an Indonesian number, e.g. 0812-3456-7890 or +62812….")
PORTAL_OWNER_WHATSAPP = f"+{PORTAL_OWNER_WHATSAPP}" if PORTAL_OWNER_WHATSAPP else ""
PORTAL_OWNER_URL = env_str("PORTAL_OWNER_URL", "https://sumselprov.go.id")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    # The portal's apps, floor by floor (README "Architecture"): each imports only from those above it here.
    # umkm_portal itself is an app only for its template tags (money, structured data).
    "umkm_portal",
    "regions",
    "staff",
    "directory",
    "catalog",
    "accounts",
    "owners",
    "registry",
    "feedback",
    "backoffice",
    "demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: an oversized upload is refused unread.
    "umkm_portal.middleware.RequestSizeMiddleware",
    # Before anything reads request.GET: a NUL in a parameter would reach PostgreSQL.
    "umkm_portal.middleware.CleanQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login's response into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "umkm_portal.urls"
WSGI_APPLICATION = "umkm_portal.wsgi.application"

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
                "umkm_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet, and SQLite creates the file but not its folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "owners:home"

# Failed-login throttling (django-axes), on owner and admin logins alike: 5 wrong passwords lock
# that email from that IP address for an hour. Keyed on the pair, not the email alone, so a
# stranger cannot lock a real owner out by guessing at their email from elsewhere.
# Behind reverse proxies, TRUSTED_PROXY_COUNT says how many: the client's address is then read
# from X-Forwarded-For (umkm_portal.client_ip), so visitors behind one proxy are not one client.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# An owner who mistyped a few times and then got in starts again from zero.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttling.locked_out"
AXES_CLIENT_STR_CALLABLE = "accounts.throttling.client_str"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "umkm_portal.client_ip.client_ip"
# How many reverse proxies (nginx, a load balancer) stand between the visitors and the app, each
# appending the address it saw to X-Forwarded-For. 0: the app faces visitors; REMOTE_ADDR is theirs.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
# Each language named in itself, so a reader finds their own whatever the page language.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Let Django serve MEDIA_ROOT itself (development, a single small server). Off with S3.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# Hashed, compressed static files need `collectstatic` first: on in production.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
S3_BUCKET = env_str("S3_BUCKET", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if S3_BUCKET:
    # Several app servers share one deployment: media lives in object storage, not on one disk.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "custom_domain": env_str("S3_CUSTOM_DOMAIN", "") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Uploads: phones send large photos; anything beyond this is refused with a message.
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# A whole request body (umkm_portal.middleware.RequestSizeMiddleware): 8 photos of the
# maximum size plus the form, which also covers a staff import (IMPORT_MAX_BYTES, 40 MB).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 8 * MAX_IMAGE_UPLOAD_BYTES + 1024 * 1024)

# Each app process keeps its own copies of public pages (umkm_portal.caching); with
# REDIS_URL they share one cache instead.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
}
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 60)

# HTTPS=1 behind TLS: secure cookies, HSTS, redirect; `check --deploy` is clean with it.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# No script of the portal (nor the admin's) reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Only the portal's own files run or style a page (README "Security headers"): no inline script
# or style anywhere, admin included; images also from the media host (S3) and an absolute logo URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "img-src": [
            csp.constants.SELF,
            "data:",
            *image_origins(
                media_url=MEDIA_URL,
                owner_logo=PORTAL_OWNER_LOGO,
                s3_bucket=S3_BUCKET,
                s3_endpoint_url=env_str("S3_ENDPOINT_URL", ""),
                s3_region=env_str("S3_REGION", ""),
                s3_custom_domain=env_str("S3_CUSTOM_DOMAIN", ""),
            ),
        ],
        "style-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
        "base-uri": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
    },
}

# Password reset links travel by mail: in production they must reach the owner, never a log.
# DEBUG off defaults to SMTP; the console/file backends there need EMAIL_CONSOLE_OK=1 on purpose.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
LOG_ONLY_EMAIL_BACKENDS = ("django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.filebased.EmailBackend")
if not DEBUG and EMAIL_BACKEND in LOG_ONLY_EMAIL_BACKENDS and not env_bool("EMAIL_CONSOLE_OK", False):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_BACKEND} with DEBUG off would write password reset links to a log instead of mailing "
        "them: configure SMTP (EMAIL_HOST, …) or set EMAIL_CONSOLE_OK=1 if that is really intended."
    )
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive: set only one (587: TLS, 465: SSL).")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal-umkm@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

CATALOG_PAGE_SIZE = 24

# Background work (registry imports) runs in `manage.py db_worker`, reading its queue from the
# database: no extra service, and any app process can enqueue or read progress.
TASKS = {"default": {"BACKEND": env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}}

# Registry imports (registry/): larger files or more rows are refused with a message.
# 40 MB: a 200,000-row registry XLSX is about 36 MB.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 40 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
# A job reading or saving whose worker wrote no heartbeat for this long is marked failed (the
# worker died) and can be retried. Longer than the longest gap between heartbeats: the opening
# of a large file, the final write of a commit (a commit on SQLite beats only when it starts).
IMPORT_STALE_AFTER = env_int("IMPORT_STALE_AFTER", 300)
# Problem rows (they quote the cells: NIK, phones) and the uploaded file are purged this many days
# after the import ended, by `manage.py purge_imports` (daily cron).
IMPORT_RETENTION_DAYS = env_int("IMPORT_RETENTION_DAYS", 90)
if IMPORT_STALE_AFTER < 1:
    raise ImproperlyConfigured(f"IMPORT_STALE_AFTER={IMPORT_STALE_AFTER} must be at least 1 (seconds).")
if IMPORT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(f"IMPORT_RETENTION_DAYS={IMPORT_RETENTION_DAYS} must be at least 1 (days).")
# Exports: a cell starting with = + - @ is written as text, never as a formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# The "Laporkan" form of product and business pages (feedback/): reports stored per hour, counted in
# the database (so every app process sees the same counts), from one IP address and on one business.
# Password reset mails (accounts.services.password_reset_allowed), per hour.
PASSWORD_RESETS_PER_HOUR_PER_EMAIL = env_int("PASSWORD_RESETS_PER_HOUR_PER_EMAIL", 3)
PASSWORD_RESETS_PER_HOUR_PER_IP = env_int("PASSWORD_RESETS_PER_HOUR_PER_IP", 10)
FEEDBACK_REPORTS_PER_HOUR_PER_IP = env_int("FEEDBACK_REPORTS_PER_HOUR_PER_IP", 5)
FEEDBACK_REPORTS_PER_HOUR_PER_LISTING = env_int("FEEDBACK_REPORTS_PER_HOUR_PER_LISTING", 20)

# Shop links typed without a scheme ("tokopedia.com/toko") become https://, as Django 6 will do.
FORMS_URLFIELD_ASSUME_HTTPS = True
