"""The Buzón's emails leave the request: with the database queue on (as in production), filing a
ticket stores its inbox alert as a task, and a real `manage.py db_worker` process sends it.

Transactional (the worker is another process and reads only what is committed), so the file
holds nothing else: pytest-django runs whole-transactional files after the others.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django_tasks_db.models import DBTaskResult

from buzon.models import Ticket
from buzon.services import create_ticket
from estructura.roles import ensure_admin_group

from .conftest import ticket_data

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"

# serialized_rollback: the flush after a transactional test also removes the migrations' rows
# (home page, site); pytest-django puts them back for the tests that follow.
pytestmark = [
    pytest.mark.skipif(
        django_settings.TEST_DATABASE_VENDOR != "postgresql",
        reason="the worker process needs the test database on a server (PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


def run_worker(mail_dir):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": DATABASE_QUEUE,
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
    }
    return subprocess.run(  # noqa: S603 (our own manage.py, with this interpreter)
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_real_worker_sends_the_inbox_alert_the_request_only_queued(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE}}
    admin = get_user_model().objects.create_user(
        "opti-nacional", "opti@snte.example.mx", "clave-opti"
    )
    admin.groups.add(ensure_admin_group())

    ticket, _clave = create_ticket(ticket_data(correo=""), files=[], ip="203.0.113.9")

    # Filed and committed; the alert waits in the queue, unsent.
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert queued.task_path == "buzon.tasks.send_ticket_email"
    assert str(ticket.pk) in str(queued.args_kwargs) and ticket_data()["nombre"] not in str(
        queued.args_kwargs
    )

    worker = run_worker(tmp_path)

    assert worker.returncode == 0, worker.stdout + worker.stderr
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    sent = "\n".join(path.read_text() for path in tmp_path.iterdir())
    assert ticket.folio in sent
    assert "opti@snte.example.mx" in sent
