"""Settings read the environment, default safely, and production refuses unsafe values."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.conf import settings as s
    db = s.DATABASES["default"]
    print(json.dumps({
        "debug": s.DEBUG,
        "engine": db["ENGINE"], "db_name": str(db["NAME"]), "db_host": db.get("HOST"),
        "db_port": db.get("PORT"), "db_options": {k: str(v) for k, v in db.get("OPTIONS", {}).items()},
        "allowed_hosts": s.ALLOWED_HOSTS, "csrf": s.CSRF_TRUSTED_ORIGINS,
        "media_root": str(s.MEDIA_ROOT), "media_url": s.MEDIA_URL,
        "storage": s.STORAGES["default"]["BACKEND"],
        "bucket": getattr(s, "AWS_STORAGE_BUCKET_NAME", ""),
        "endpoint": getattr(s, "AWS_S3_ENDPOINT_URL", None),
        "region": getattr(s, "AWS_S3_REGION_NAME", None),
        "cache": s.CACHES["default"]["BACKEND"], "cache_location": s.CACHES["default"].get("LOCATION"),
        "email_backend": s.EMAIL_BACKEND, "email_host": s.EMAIL_HOST, "email_port": s.EMAIL_PORT,
        "language": s.LANGUAGE_CODE, "time_zone": s.TIME_ZONE,
        "session_secure": getattr(s, "SESSION_COOKIE_SECURE", False),
    }))
    """
)


def load_settings(module, **environ):
    """Import a settings module in a fresh interpreter with exactly this environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            (
                "DATABASE_URL",
                "REDIS_URL",
                "AWS_",
                "SECRET_KEY",
                "ALLOWED_HOSTS",
                "EMAIL_",
                "MEDIA_",
                "CSRF_",
                "DEBUG",
            )
        )
    }
    env.update(environ, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_of(module, **environ):
    result = load_settings(module, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_dev_defaults_need_no_setup():
    values = settings_of("cms.settings.dev")
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(BASE_DIR / "db.sqlite3")
    assert values["storage"] == "django.core.files.storage.FileSystemStorage"
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert values["language"] == "es-mx"
    assert values["time_zone"] == "America/Mexico_City"


def test_sqlite_default_is_set_up_for_concurrent_visitors():
    options = settings_of("cms.settings.dev")["db_options"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert int(options["timeout"]) >= 5


def test_database_url_names_postgresql():
    values = settings_of(
        "cms.settings.dev", DATABASE_URL="postgres://opti:secreto@db.internal:5433/optisnte"
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["db_name"], values["db_host"], values["db_port"]) == (
        "optisnte",
        "db.internal",
        5433,
    )


def test_deployment_values_come_from_the_environment():
    values = settings_of(
        "cms.settings.dev",
        ALLOWED_HOSTS="optisnte.snte.org.mx, www.optisnte.snte.org.mx",
        CSRF_TRUSTED_ORIGINS="https://optisnte.snte.org.mx",
        MEDIA_ROOT="/srv/optisnte/media",
        REDIS_URL="redis://127.0.0.1:6379/3",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.snte.org.mx",
        EMAIL_PORT="587",
    )
    assert values["allowed_hosts"] == ["optisnte.snte.org.mx", "www.optisnte.snte.org.mx"]
    assert values["csrf"] == ["https://optisnte.snte.org.mx"]
    assert values["media_root"] == "/srv/optisnte/media"
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["cache_location"] == "redis://127.0.0.1:6379/3"
    assert (values["email_host"], values["email_port"]) == ("smtp.snte.org.mx", 587)


def test_s3_media_when_a_bucket_is_configured():
    values = settings_of(
        "cms.settings.dev",
        AWS_STORAGE_BUCKET_NAME="optisnte-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_REGION_NAME="us-east-1",
    )
    assert values["storage"] == "storages.backends.s3.S3Storage"
    assert (values["bucket"], values["endpoint"], values["region"]) == (
        "optisnte-media",
        "http://127.0.0.1:9000",
        "us-east-1",
    )


def test_s3_custom_domain_serves_media():
    values = settings_of(
        "cms.settings.dev",
        AWS_STORAGE_BUCKET_NAME="optisnte-media",
        AWS_S3_CUSTOM_DOMAIN="media.optisnte.mx",
    )
    assert values["media_url"] == "https://media.optisnte.mx/media/"


@pytest.mark.parametrize(
    "secret",
    [None, "", "dev-only-insecure-key-never-use-in-production", "short"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    environ = {} if secret is None else {"SECRET_KEY": secret}
    result = load_settings("cms.settings.production", **environ)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key_and_is_safe():
    values = settings_of("cms.settings.production", SECRET_KEY="x" * 64, DEBUG="true")
    assert values["debug"] is False
    assert values["session_secure"] is True


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = load_settings("cms.settings.dev", DEBUG="quizá")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


CONCURRENT_WRITERS = textwrap.dedent(
    """
    import threading, django
    django.setup()
    from django.db import connection, connections, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS visit (n INTEGER)")
        cursor.execute("PRAGMA journal_mode")
        print("journal", cursor.fetchone()[0])
    errors = []

    def write():
        try:
            for _ in range(25):
                with transaction.atomic():
                    with connections["default"].cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM visit")
                        cursor.execute("INSERT INTO visit VALUES (1)")
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM visit")
        print("rows", cursor.fetchone()[0], "errors", len(errors), errors[:1])
    """
)


def test_sqlite_default_takes_concurrent_writers_without_database_is_locked(tmp_path):
    database = tmp_path / "concurrent.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CONCURRENT_WRITERS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "journal wal" in result.stdout
    assert "rows 200 errors 0" in result.stdout, result.stdout
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT COUNT(*) FROM visit").fetchone()[0] == 200
