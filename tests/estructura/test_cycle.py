"""The quarterly cycle: what is overdue or due soon, by órgano, with the calendar of settings."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from cms.choices import Periodicidad
from cms.models import UpdateCalendar
from estructura.cycle import (
    pending_updates,
    site_calendar,
)
from estructura.factories import ProyectoPageFactory, PublicacionPageFactory
from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group
from estructura.scope import scope_for

D = datetime.date
URL = "/admin/reports/actualizaciones-pendientes/"


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@snte.example.mx", "x", **extra
    )
    user.groups.add(*groups)
    return user


def calendar():
    return UpdateCalendar.for_site(Site.objects.get(is_default_site=True))


def set_months(first, dia_limite=7, dia_inicio=1):
    """Four windows a quarter apart, the first in month `first`."""
    cal = calendar()
    cal.mes_1, cal.mes_2, cal.mes_3, cal.mes_4 = ((first - 1 + 3 * n) % 12 + 1 for n in range(4))
    cal.dia_inicio, cal.dia_limite = dia_inicio, dia_limite
    cal.full_clean()
    cal.save()
    return cal


@pytest.fixture
def deadline(home):
    """A calendar whose next window closes 7 to 10 days from today: the report's "soon"."""
    today = timezone.localdate()
    day = next(
        today + datetime.timedelta(days=n)
        for n in range(7, 15)
        if (today + datetime.timedelta(days=n)).day <= 28
    )
    set_months(day.month, dia_limite=day.day)
    return day


def before_window(deadline):
    """An update made just before the window that closes on `deadline` opens."""
    return deadline.replace(day=1) - datetime.timedelta(days=1)


# The rule, with a fixed day


@pytest.fixture
def pages(organo_a, sub_organo_a, organo_b):
    return {
        "a_due": PublicacionPageFactory(
            parent=organo_a, title="Informe trimestral A", fecha_actualizacion=D(2026, 9, 3)
        ),
        "a_overdue": ProyectoPageFactory(
            parent=organo_a, title="Proyecto atrasado A", fecha_actualizacion=D(2026, 5, 20)
        ),
        "a_fresh": PublicacionPageFactory(
            parent=organo_a, title="Informe al día A", fecha_actualizacion=D(2026, 12, 2)
        ),
        "a_eventual": PublicacionPageFactory(
            parent=organo_a,
            title="Aviso eventual A",
            fecha_actualizacion=D(2020, 1, 1),
            periodicidad=Periodicidad.EVENTUAL,
        ),
        "sub_due": PublicacionPageFactory(
            parent=sub_organo_a, title="Informe de la comisión", fecha_actualizacion=D(2026, 9, 1)
        ),
        "b_annual": PublicacionPageFactory(
            parent=organo_b,
            title="Informe anual B",
            fecha_actualizacion=D(2026, 3, 3),
            periodicidad=Periodicidad.ANUAL,
        ),
        "b_draft": PublicacionPageFactory(
            parent=organo_b, title="Borrador B", fecha_actualizacion=D(2025, 1, 1), live=False
        ),
    }


def titles(rows):
    return [row.titulo for row in rows]


def test_overdue_and_due_soon_are_listed_by_organo_then_due_date(pages, organo_a):
    rows = pending_updates(hoy=D(2026, 12, 1), dias=14, calendar=site_calendar())
    # Tree order: A, then the commission below A; in A the overdue one first.
    assert titles(rows) == [
        "Proyecto atrasado A",  # updated in May: the June window asked for it
        "Informe trimestral A",  # updated in the September window: due 7 December
        "Informe de la comisión",  # updated on 1 September, the window's first day
    ]
    overdue, due = rows[0], rows[1]
    assert overdue.vencida and overdue.estado_texto == "Vencida"
    assert overdue.fecha_limite == D(2026, 6, 7) and overdue.tipo == "Proyecto"
    assert not due.vencida and due.estado_texto == "Vence en 6\u00a0días"
    assert due.fecha_limite == D(2026, 12, 7) and due.organo == organo_a
    assert due.periodicidad == "Trimestral" and due.fecha_actualizacion == D(2026, 9, 3)


def test_annual_information_falls_due_four_windows_later(pages):
    assert "Informe anual B" not in titles(
        pending_updates(hoy=D(2026, 12, 1), dias=14, calendar=site_calendar())
    )
    later = pending_updates(hoy=D(2027, 3, 10), dias=0, calendar=site_calendar())
    (row,) = [row for row in later if row.titulo == "Informe anual B"]
    assert row.fecha_limite == D(2027, 3, 7) and row.vencida


def test_drafts_unpublished_and_eventual_pages_are_ignored(pages):
    pages["a_overdue"].unpublish()
    rows = pending_updates(hoy=D(2027, 6, 1), dias=14, calendar=site_calendar())
    listed = titles(rows)
    assert "Borrador B" not in listed
    assert "Proyecto atrasado A" not in listed
    assert "Aviso eventual A" not in listed
    assert "Informe al día A" in listed  # by June 2027 everything quarterly is overdue


def test_a_due_date_today_is_not_yet_overdue(pages):
    (row,) = [
        row
        for row in pending_updates(hoy=D(2026, 12, 7), dias=0, calendar=site_calendar())
        if row.titulo == "Informe trimestral A"
    ]
    assert not row.vencida and row.estado_texto == "Vence hoy"


def test_changing_the_calendar_in_settings_moves_the_due_dates(pages):
    def due_dates(hoy):
        rows = pending_updates(hoy=hoy, dias=14, calendar=site_calendar())
        return {row.titulo: row.fecha_limite for row in rows}

    assert due_dates(D(2026, 12, 1))["Informe trimestral A"] == D(2026, 12, 7)
    assert "Informe al día A" not in due_dates(D(2027, 1, 5))
    set_months(1, dia_limite=15)  # January, April, July, October, until the 15th
    # Updated 3 September: the October window asked for it, and it has passed.
    assert due_dates(D(2026, 12, 1))["Informe trimestral A"] == D(2026, 10, 15)
    assert due_dates(D(2027, 1, 5))["Informe al día A"] == D(2027, 1, 15)


@pytest.mark.parametrize(
    "periodicidad", [Periodicidad.TRIMESTRAL, Periodicidad.SEMESTRAL, Periodicidad.ANUAL]
)
def test_the_database_shortcut_agrees_with_the_calendar_rule(home, periodicidad):
    cal = site_calendar()
    for horizon in (D(2026, 3, 6), D(2026, 3, 7), D(2026, 3, 8), D(2026, 12, 31), D(2027, 1, 1)):
        before = cal.due_by(horizon, periodicidad)
        for offset in range(-400, 30):
            updated = horizon + datetime.timedelta(days=offset)
            due = cal.next_due_date(updated, periodicidad)
            assert (due <= horizon) == (updated < before), (updated, horizon)


def test_pending_updates_queries_do_not_grow_with_the_pages(organo_a, organo_b):
    cal = site_calendar()
    for n in range(5):
        PublicacionPageFactory(parent=organo_a, fecha_actualizacion=D(2026, 5, n + 1))
    with CaptureQueriesContext(connection) as few:
        assert len(pending_updates(hoy=D(2026, 12, 1), calendar=cal)) == 5
    for n in range(25):
        PublicacionPageFactory(parent=organo_b, fecha_actualizacion=D(2026, 5, n + 1))
        ProyectoPageFactory(parent=organo_a, fecha_actualizacion=D(2026, 5, n + 1))
    with CaptureQueriesContext(connection) as many:
        assert len(pending_updates(hoy=D(2026, 12, 1), calendar=cal)) == 55
    assert len(few) == len(many) <= 6


# Who sees what


@pytest.fixture
def people(home, organo_a, sub_organo_a, organo_b):
    ensure_admin_group(home)
    return {
        "opti": make_user("opti", Group.objects.get(name=ADMIN_GROUP_NAME)),
        "root": make_user("root", is_superuser=True),
        "supervisor_a": make_user("supervisor_a", organo_a.roles.supervisores),
        "enlace_a": make_user("enlace_a", organo_a.roles.enlaces),
        "enlace_sub": make_user("enlace_sub", sub_organo_a.roles.enlaces),
        "enlace_b": make_user("enlace_b", organo_b.roles.enlaces),
    }


@pytest.fixture
def listed(deadline, organo_a, sub_organo_a, organo_b):
    soon = before_window(deadline)
    long_ago = deadline - datetime.timedelta(days=400)
    PublicacionPageFactory(parent=organo_a, title="Informe por vencer A", fecha_actualizacion=soon)
    ProyectoPageFactory(parent=organo_a, title="Proyecto vencido A", fecha_actualizacion=long_ago)
    PublicacionPageFactory(parent=organo_a, title="Informe al día A", fecha_actualizacion=deadline)
    PublicacionPageFactory(parent=sub_organo_a, title="Informe comisión", fecha_actualizacion=soon)
    PublicacionPageFactory(parent=organo_b, title="Informe vencido B", fecha_actualizacion=long_ago)
    PublicacionPageFactory(
        parent=organo_b, title="Borrador B", fecha_actualizacion=long_ago, live=False
    )
    return deadline


ALL = {"Informe por vencer A", "Proyecto vencido A", "Informe comisión", "Informe vencido B"}
HIDDEN = {"Informe al día A", "Borrador B"}


def shown(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert not any(title in html for title in HIDDEN)
    return {title for title in ALL if title in html}, html


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("opti", ALL),
        ("root", ALL),
        ("supervisor_a", {"Informe por vencer A", "Proyecto vencido A", "Informe comisión"}),
        ("enlace_a", {"Informe por vencer A", "Proyecto vencido A"}),
        ("enlace_sub", {"Informe comisión"}),
        ("enlace_b", {"Informe vencido B"}),
    ],
)
def test_each_role_sees_its_own_rows(client, people, listed, who, expected):
    client.force_login(people[who])
    assert shown(client)[0] == expected
    assert "actualizaciones-pendientes" in client.get("/admin/").content.decode()


def test_rows_show_type_periodicity_dates_status_and_edit_link(client, people, listed, organo_a):
    client.force_login(people["opti"])
    html = client.get(URL + "results/").content.decode()
    page = PublicacionPageFactory._meta.model.objects.get(title="Informe por vencer A")
    days = (listed - timezone.localdate()).days
    assert f"/admin/pages/{page.pk}/edit/" in html
    assert f"Vence en {days}\u00a0días" in html and "Vencida" in html
    assert listed.strftime("%d/%m/%Y") in html
    assert before_window(listed).strftime("%d/%m/%Y") in html
    assert "Trimestral" in html and "Proyecto" in html
    # Grouped: each órgano heads its rows, in tree order.
    assert html.index("Comité A") < html.index("Informe por vencer A") < html.index("Comisión de A")
    assert html.index("Comisión de A") < html.index("Informe comisión") < html.index("Comité B")


def test_filters_by_organo_subtree_and_status(client, people, listed, organo_a, organo_b):
    client.force_login(people["opti"])
    assert shown(client, organo=organo_a.pk)[0] == {
        "Informe por vencer A",
        "Proyecto vencido A",
        "Informe comisión",
    }
    assert shown(client, estado="vencida")[0] == {"Proyecto vencido A", "Informe vencido B"}
    assert shown(client, estado="por_vencer", organo=organo_b.pk)[0] == set()


def test_an_enlace_cannot_filter_their_way_into_another_organo(client, people, listed, organo_b):
    client.force_login(people["enlace_a"])
    found, html = shown(client, organo=organo_b.pk)
    assert found == {"Informe por vencer A", "Proyecto vencido A"}
    assert "Comité B" not in html
    export = client.get(URL, {"export": "csv", "organo": organo_b.pk})
    assert b"Informe vencido B" not in b"".join(export.streaming_content)


def test_users_without_a_role_in_the_cycle_are_turned_away(client, people, listed):
    outsider = make_user("outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 302 and response.url == "/admin/"
    assert "actualizaciones-pendientes" not in client.get("/admin/").content.decode()
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response.url


def test_exports_as_csv_and_xlsx(client, people, listed, organo_a):
    PublicacionPageFactory(
        parent=organo_a,
        title='=HYPERLINK("http://x")',
        fecha_actualizacion=before_window(listed),
    )
    client.force_login(people["supervisor_a"])
    export = client.get(URL, {"export": "csv"})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == [
        "órgano",
        "página",
        "tipo",
        "periodicidad",
        "última actualización",
        "próxima actualización",
        "estado",
    ]
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {
        "Informe por vencer A",
        "Proyecto vencido A",
        "Informe comisión",
        '\'=HYPERLINK("http://x")',
    }
    assert by_title["Informe por vencer A"][0] == "Comité A"
    assert by_title["Informe por vencer A"][5] == listed.isoformat()
    assert by_title["Proyecto vencido A"][6] == "Vencida"

    export = client.get(URL, {"export": "xlsx", "estado": "vencida"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][1] == "Proyecto vencido A"
    long_ago = listed - datetime.timedelta(days=400)
    assert values[1][5] == site_calendar().next_due_date(long_ago)


def test_report_queries_do_not_grow_with_the_pages(client, people, deadline, organo_a, organo_b):
    client.force_login(people["opti"])
    soon = before_window(deadline)

    def count():
        client.get(URL)  # warm caches that a first request fills (site, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        return len(queries), response.content.decode().count("/edit/")

    for _n in range(5):
        PublicacionPageFactory(parent=organo_a, fecha_actualizacion=soon)
    few, rows_few = count()
    for n in range(25):
        PublicacionPageFactory(parent=organo_b if n % 2 else organo_a, fecha_actualizacion=soon)
    many, rows_many = count()
    assert rows_few >= 5 and rows_many >= 30
    assert few == many


def test_scope_of_an_inactive_user_is_empty(people):
    user = people["enlace_a"]
    user.is_active = False
    assert not scope_for(user).allowed
