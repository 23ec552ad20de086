"""Tests: PostgreSQL when DATABASE_URL names one or one answers on 127.0.0.1:5432, else SQLite."""

import os
import socket

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR


def _postgres_answers(host="127.0.0.1", port=5432):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
elif _postgres_answers():
    DATABASES = {"default": dj_database_url.parse("postgres://postgres@127.0.0.1:5432/postgres")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Two checkouts on one machine can test at once with different names.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_optisnte")}
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "test.sqlite3"}
    }
TEST_DATABASE_VENDOR = DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
# A worker process started by a test (tests/buzon/test_task_worker.py) writes its mail to files.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "buzon": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
# Tests that check the limit set their own; the rest must never meet it.
BUZON_RATE_LIMIT = "10000/60"
BUZON_CONSULTA_RATE_LIMIT = "10000/60"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
