"""Finding 8 of the trust-boundary review (issue 10): N simultaneous approvals or publishes of
one submission give one state change, one log entry and one email (row locks, PostgreSQL).

A file of its own: pytest-django runs transactional tests after the others only when the whole
file is transactional (the suite runs with xdist's --dist loadfile), and their flush would
otherwise empty the database under the tests that follow.
"""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connections
from django.test import Client
from wagtail.models import PageLogEntry, WorkflowState

from .conftest import latest, publish_count
from .test_trust_boundary import PAGES_V3, submit, task_state_of, url

# serialized_rollback: the flush after a transactional test also removes the migrations' rows
# (home page, site); pytest-django puts them back for the tests that follow.
pytestmark = [
    pytest.mark.skipif(
        settings.TEST_DATABASE_VENDOR != "postgresql", reason="row locks need PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_at_once(count, call):
    """`call(i)` in `count` threads released together; their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait()
            results[index] = call(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_eight_simultaneous_approvals_approve_and_publish_once(
    enlace_a, supervisor_a, publicacion_a
):
    page = submit(enlace_a, publicacion_a, title="Aprobada una vez")
    state = task_state_of(page)
    action = url("workflow_action", page.pk, "approve", state.pk)
    clients = []
    for _ in range(8):
        client = Client()
        client.force_login(supervisor_a.user)
        clients.append(client)
    mail.outbox.clear()

    statuses = run_at_once(8, lambda i: clients[i].post(action, {"comment": ""}).status_code)

    assert statuses.count(302) >= 1, statuses
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve").count() == 1
    assert publish_count(page) == 2  # the fixture's first publish and this one
    assert WorkflowState.objects.get(pk=state.workflow_state_id).status == "approved"
    assert [m.to for m in mail.outbox].count([enlace_a.user.email]) == 1


def test_eight_simultaneous_publishes_of_one_revision_publish_once(supervisor_a, publicacion_a):
    publicacion_a.title = "Publicada una vez"
    publicacion_a.save_revision(user=supervisor_a.user)
    publishes = publish_count(publicacion_a)
    path = f"{PAGES_V3}{publicacion_a.pk}/actions/publish/"

    statuses = run_at_once(
        8,
        lambda i: (
            Client(HTTP_AUTHORIZATION=f"Bearer {supervisor_a.token}")
            .post(path, {}, content_type="application/json")
            .status_code
        ),
    )

    assert statuses == [200] * 8
    assert publish_count(publicacion_a) == publishes + 1
    assert latest(publicacion_a).title == "Publicada una vez"
