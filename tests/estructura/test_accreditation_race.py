"""Two overlapping accreditations of one enlace saved at the same moment: PostgreSQL's exclusion
constraint keeps one and the admin shows the other its form error.

A file of its own: pytest-django runs transactional tests after the others only when the whole
file is transactional (the suite runs with xdist's --dist loadfile).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from wagtail.models import ModelLogEntry

from estructura.register_viewsets import EnlaceAcreditadoForm
from estructura.registers import EnlaceAcreditado

from .test_accreditation_overlap import OVERLAP_TEXT, day, opti_admin, postgresql_only  # noqa: F401
from .test_registers import ENLACES, enlace_post, logged_in, make_user

# serialized_rollback: the flush after a transactional test also removes the migrations' rows
# (home page, site); pytest-django puts them back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_overlapping_accreditations_saved_at_once_keep_one(
    opti_admin,  # noqa: F811 (the fixture imported above)
    organo_a,
    monkeypatch,
):
    person = make_user("persona")
    clients = [logged_in(opti_admin), logged_in(opti_admin)]
    # Both forms pass their check before either saves: the race the constraint is for.
    both_checked = threading.Barrier(len(clients))
    clean = EnlaceAcreditadoForm.clean

    def clean_then_wait(form):
        cleaned = clean(form)
        both_checked.wait(timeout=30)
        return cleaned

    monkeypatch.setattr(EnlaceAcreditadoForm, "clean", clean_then_wait)
    posts = [
        enlace_post(person, organo_a, fecha_acreditacion=day(0), oficio="OPTI/001"),
        enlace_post(person, organo_a, fecha_acreditacion=day(30), oficio="OPTI/002"),
    ]

    def save(number):
        try:
            response = clients[number].post(ENLACES + "new/", posts[number])
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        results = list(pool.map(save, range(len(clients))))

    assert sorted(status for status, _html in results) == [200, 302]
    refused = next(html for status, html in results if status == 200)
    assert OVERLAP_TEXT in refused
    kept = EnlaceAcreditado.objects.get()
    assert kept.usuario == person and kept.organo == organo_a
    created = ModelLogEntry.objects.filter(action="wagtail.create")
    assert list(created.values_list("object_id", flat=True)) == [str(kept.pk)]
