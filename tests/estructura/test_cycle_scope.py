"""What is owed reaches only those who may see it: the overdue report (screen and CSV, its
filters included) and the reminders, for every role against every órgano's series.

Each órgano owes a series of its own obligation (named after it), with no record, so it is
vencida today; its rows carry that name wherever they appear. The reach of each role is
tests.permissions.conftest.REACH, written by hand from DESIGN.md.
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from estructura.factories import AplicabilidadFactory, ObligacionFactory
from tests.permissions.conftest import REACH, personas_por_rol

pytestmark = pytest.mark.django_db

HOY = datetime.date(2026, 12, 4)
NAMES = {"a": "Obligación de A", "sub_a": "Obligación de la comisión", "b": "Obligación de B"}


@pytest.fixture
def stage(organo_a, sub_organo_a, organo_b):
    organos = {"a": organo_a, "sub_a": sub_organo_a, "b": organo_b}
    for key, organo in organos.items():
        obligacion = ObligacionFactory(titulo=NAMES[key], clave=f"oblig-{key.replace('_', '-')}")
        AplicabilidadFactory(organo=organo, obligacion=obligacion)
    people = personas_por_rol(organo_a, sub_organo_a, organo_b)
    clients = {"anonymous": Client(), **{name: p.admin for name, p in people.items()}}
    return organos, people, clients


def shown(text):
    return {key for key, name in NAMES.items() if name in text}


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: HOY)


@pytest.mark.parametrize("role", list(REACH))
@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
def test_the_overdue_report_shows_only_the_series_in_reach(stage, today, role, export):
    _organos, _people, clients = stage
    query = {"export": export} if export else {}
    response = clients[role].get(reverse("estructura_pending_updates"), query)
    if not REACH[role]:
        assert response.status_code == 302  # to the sign-in
        return
    assert response.status_code == 200
    content = body(response)
    if export == "xlsx":
        from tests.estructura.sipot_helpers import read_xlsx

        content = "\n".join(str(cell) for row in read_xlsx(content) for cell in row).encode()
    assert shown(content.decode()) == REACH[role], (role, export)


@pytest.mark.parametrize("role", [role for role in REACH if REACH[role]])
def test_filtering_by_an_organo_out_of_reach_shows_nothing_of_it(stage, today, role):
    organos, _people, clients = stage
    for key, organo in organos.items():
        for export in ("", "csv"):
            query = {"organo": organo.pk, **({"export": export} if export else {})}
            response = clients[role].get(reverse("estructura_pending_updates"), query)
            assert response.status_code == 200
            found = shown(body(response).decode())
            # A filter on an órgano out of reach is refused by the form: the report then
            # falls back to what the user reaches, never to the órgano asked for.
            assert found <= REACH[role], (role, key, export, found)
            if key in REACH[role]:
                assert key in found


def test_each_reminder_goes_to_its_organos_people_and_lists_only_its_series(stage):
    organos, people, _clients = stage
    call_command("recordatorios_actualizacion", "--hoy", HOY.isoformat(), stdout=StringIO())
    assert len(mail.outbox) == 3
    addresses = {
        key: {p.user.email for n, p in people.items() if key in REACH[n]} for key in organos
    }
    for message in mail.outbox:
        (key,) = shown(message.subject + message.body)
        assert organos[key].title in message.subject
        assert set(message.to) <= addresses[key], (key, message.to)
        # The enlaces are told (the supervisors only when an órgano has no enlace with email).
        assert set(message.to) == {people[f"enlace_{key}"].user.email}
