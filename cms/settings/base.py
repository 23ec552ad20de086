"""Settings shared by every environment; the one place that reads the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from error


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# Safe by default: dev.py and test.py relax what they must, production.py insists.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
# Old keys, newest first, while a rotation lasts: sessions, signed links and the Buzón's
# follow-up keys made with them keep working (the Buzón rehashes each key when it is used).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "ejes",
    "estructura",
    "buzon",
    "resultados",
    "visitas",
    "search",
    "datos_abiertos",
    "api",
    "cms",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    # API v3 (Django Ninja): checks WAGTAILAPI_RICH_TEXT_FORMAT at start-up and adds the
    # "API tokens" screens to the users admin, where integrations get their bearer tokens.
    "wagtail.api.v3",
    # Only so that Django Ninja serves its docs pages from its own static files, not a CDN.
    "ninja",
    "wagtail",
    # Django's task framework (backport) and its database queue, run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "corsheaders",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after it, so every answer gets its area's CSP (cms/security.py), the cached and
    # refused ones included.
    "cms.security.SecurityHeadersMiddleware",
    # Before anything that can answer on its own (CommonMiddleware's redirects, the API
    # cache), so every /api/ response, a cached one or a preflight included, gets CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads (and spools) the body: a huge upload is never read.
    "buzon.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: it must know whether the client is anonymous before it serves
    # anything from the shared cache (see api/http_cache.py).
    "api.http_cache.APICacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.query.RequestMemoMiddleware",
    # Ids in a URL must belong together (a task state to its page…) before any view runs.
    "cms.admin_guard.AdminObjectIdsMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
            ],
        },
    },
]


# Database: a SQLite file by default so `make run` needs nothing; PostgreSQL when
# DATABASE_URL names one (psycopg 3).
SQLITE_PATH = BASE_DIR / "db.sqlite3"
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A few simultaneous visitors must not get "database is locked": WAL lets readers run
    # beside the writer, the timeout waits for the lock instead of failing, and IMMEDIATE
    # takes the write lock at BEGIN so two writers never deadlock on an upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Cache: local memory on one machine, Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "optisnte"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "optisnte",
        }
    }


# Internationalisation: the public site speaks Spanish (Mexico).
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)"), ("es", "Español"), ("en", "English")]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# No LocaleMiddleware: the public site is es-MX whatever the browser asks; the Wagtail admin
# activates each user's own preference (Spanish unless they choose otherwise).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es-mx", "Español (México)"), ("en", "English")]
WAGTAIL_I18N_ENABLED = False


# Static files: runserver serves them in development; production adds WhiteNoise.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATIC_URL = "/static/"

MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env("MEDIA_URL", "/media/")

# Buzón attachments carry personal data: a storage of their own, outside MEDIA_ROOT and
# never behind a public URL; they are streamed only by views that check who asks.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "buzon": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}

# S3-compatible media when a bucket is configured (django-storages + boto3).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY") or None
    # Files are private by default; public documents get signed or CDN URLs, never a
    # bucket-wide public ACL.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", not AWS_S3_CUSTOM_DOMAIN)
    AWS_S3_FILE_OVERWRITE = False
    AWS_LOCATION = env("AWS_LOCATION", "media")
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Same bucket, own prefix, always private and signed: the Buzón's attachments.
    STORAGES["buzon"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "location": env("AWS_BUZON_LOCATION", "buzon-privado"),
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{AWS_S3_CUSTOM_DOMAIN}/{AWS_LOCATION}/"


# Buzón OPTISNTE: limits shared by the form and the API (deadlines live in BuzonSettings).
BUZON_ADJUNTOS_MAX = 3
BUZON_ADJUNTO_MAX_BYTES = env_int("BUZON_ADJUNTO_MAX_BYTES", 5 * 1024 * 1024)
BUZON_ASUNTO_MAX = 200
BUZON_MENSAJE_MAX = 5000
# The whole request (three files and the text): larger bodies are refused before parsing.
BUZON_REQUEST_MAX_BYTES = BUZON_ADJUNTOS_MAX * BUZON_ADJUNTO_MAX_BYTES + 256 * 1024
# The largest JSON body an API operation reads (the Buzón's, files in base64 a third larger);
# api.guard checks every body up to this size for hostile JSON before anything parses it.
API_JSON_MAX_BYTES = -(-BUZON_REQUEST_MAX_BYTES * 4 // 3)
# "<count>/<seconds>" per client address: filings, and follow-up attempts (key guessing).
BUZON_RATE_LIMIT = env("BUZON_RATE_LIMIT", "5/3600")
BUZON_CONSULTA_RATE_LIMIT = env("BUZON_CONSULTA_RATE_LIMIT", "30/600")
# Behind a reverse proxy, how many X-Forwarded-For hops to trust (0: use REMOTE_ADDR).
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)


# Email: console in development, SMTP configured by environment in production.
# Slow side effects (the Buzón's emails, Wagtail's reference index) are tasks: run at once, in
# process, unless TASKS_BACKEND names a queue (production: django-tasks-db's table, emptied by
# `manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "OPTISNTE <no-responder@optisnte.local>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)


# Wagtail
WAGTAIL_SITE_NAME = "OPTISNTE"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "spanish",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Corrupt uploads are a form error (cms/forms.py), in the admin and through API v3.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"
# Workflow emails go to whoever must act (the órgano's supervisors, the national team), not to
# every superuser on every submission.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILAPI_LIMIT_MAX = 100
# The interactive API docs and both OpenAPI schemas (v3's and the project's); production turns
# them off unless API_DOCS_ENABLED says otherwise.
WAGTAILAPI_DOCS_ENABLED = env_bool("API_DOCS_ENABLED", True)
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Page editors with many inline rows can pass Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# API v2 responses: Cache-Control max-age and lifetime of the server-side copy, in seconds.
# A publish invalidates at once; this only bounds how long a CDN or browser may reuse a copy
# without asking again (and, with local memory and several workers, how long another worker's
# copy may lag). 0 turns both off; ETag and 304 answers stay.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60)
if API_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("API_CACHE_SECONDS must be 0 or more")

# Headless preview (cms/preview.py): when a front end renders the site, the admin's preview
# sends editors there with a signed token instead of rendering our templates. Off when empty.
# The token and the stored draft live HEADLESS_PREVIEW_MAX_AGE seconds: long enough to review a
# draft, short enough that a token copied from a URL soon opens nothing.
HEADLESS_PREVIEW_URL = env("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_MAX_AGE = env_int("HEADLESS_PREVIEW_MAX_AGE", 60 * 60)
if HEADLESS_PREVIEW_MAX_AGE <= 0:
    raise ImproperlyConfigured("HEADLESS_PREVIEW_MAX_AGE must be more than 0")

# CORS: other sites' browser apps may read the API, and nothing else. The allow-list is
# configuration (no origin by default); the admin and the public site never answer CORS.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
# Reads (GET/HEAD) for anyone allowed; POST/PATCH/DELETE only matter to API v3, where a
# bearer token (the Authorization header) is the credential.
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PATCH", "DELETE"]
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "if-none-match",
    "if-modified-since",
]
# Browser apps can revalidate with If-None-Match only if they can read the ETag.
CORS_EXPOSE_HEADERS = ["ETag"]
# Tokens, never cookies: a page on another origin must not act with an admin's session.
CORS_ALLOW_CREDENTIALS = False

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Sessions and cookies: safe values everywhere; production adds HTTPS-only flags.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads the CSRF token from the cookie.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Nothing frames the site; the admin's preview views get SAMEORIGIN (cms/security.py).
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
