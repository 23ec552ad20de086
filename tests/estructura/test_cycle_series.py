"""The overdue report and the reminders read the series' status: a record of a past period is
never owed, a series is owed its missing period, and "no aplica" is owed nothing."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from estructura.choices import Periodo
from estructura.cycle import pending_updates, site_calendar
from estructura.factories import (
    AplicabilidadFactory,
    ObligacionFactory,
    ProyectoPageFactory,
    PublicacionPageFactory,
)
from estructura.obligaciones import EstadoSerie, series
from estructura.registers import RecordatorioActualizacion
from estructura.roles import ensure_admin_group

pytestmark = pytest.mark.django_db

D = datetime.date
# Default calendar: windows in the first week of March, June, September and December; on
# 1 December 2026 the third quarter's window is open (until the 7th) and the second's closed.
HOY = D(2026, 12, 1)


def owed(titulo, periodo, ejercicio=2026):
    """The report's title of a period owed."""
    return f"{titulo}: {Periodo(periodo).label}, {ejercicio}"


def record(organo, obligacion, ejercicio, periodo, updated):
    return PublicacionPageFactory(
        parent=organo,
        title=f"{obligacion.titulo} · registro {periodo} {ejercicio}",
        obligacion=obligacion,
        ejercicio=ejercicio,
        periodo=periodo,
        fecha_actualizacion=updated,
    )


@pytest.fixture
def catalogue(organo_a, organo_b):
    contratos = ObligacionFactory(clave="79-I", titulo="Contratos y convenios")
    recursos = ObligacionFactory(clave="79-IV", titulo="Recursos públicos")
    padron = ObligacionFactory(clave="79-III", titulo="Padrón de socios")
    for organo in (organo_a, organo_b):
        AplicabilidadFactory(organo=organo, obligacion=contratos)
        AplicabilidadFactory(organo=organo, obligacion=recursos)
    AplicabilidadFactory(
        organo=organo_a, obligacion=padron, aplica=False, fundamento_motivacion="No lo posee."
    )
    # A: contratos complete through Q3 (old records are histórico); recursos through Q2 only.
    for periodo, updated in ((Periodo.T1, D(2026, 6, 2)), (Periodo.T2, D(2026, 9, 2))):
        record(organo_a, contratos, 2026, periodo, updated)
        record(organo_a, recursos, 2026, periodo, updated)
    record(organo_a, contratos, 2026, Periodo.T3, D(2026, 11, 20))
    # B: contratos stopped at Q1 (Q2's window closed on 7 September); recursos never published.
    record(organo_b, contratos, 2026, Periodo.T1, D(2026, 6, 2))
    return {"contratos": contratos, "recursos": recursos, "padron": padron}


def rows_by_title(**kwargs):
    return {row.titulo: row for row in pending_updates(hoy=HOY, calendar=site_calendar(), **kwargs)}


def test_records_of_past_periods_are_never_listed_the_missing_period_is(catalogue, organo_a):
    rows = rows_by_title()
    # No record is listed: every one fills a series, and the series decide.
    assert not [title for title in rows if "· registro" in title]
    assert set(rows) == {
        owed("Recursos públicos", Periodo.T3),  # A: window open until 7 December
        owed("Contratos y convenios", Periodo.T2),  # B: closed in September
        owed("Recursos públicos", Periodo.T2),  # B: never published
    }
    open_row = rows[owed("Recursos públicos", Periodo.T3)]
    assert open_row.organo == organo_a and not open_row.vencida
    assert (
        open_row.fecha_limite == D(2026, 12, 7) and open_row.estado_texto == "Vence en 6\u00a0días"
    )
    assert open_row.tipo == "Obligación (79-IV)" and open_row.periodicidad == "Trimestral"
    assert open_row.fecha_actualizacion == D(2026, 9, 2)
    closed = rows[owed("Contratos y convenios", Periodo.T2)]
    assert closed.vencida and closed.fecha_limite == D(2026, 9, 7)
    assert rows[owed("Recursos públicos", Periodo.T2)].fecha_actualizacion is None


def test_the_report_agrees_with_the_series_status(catalogue):
    """Every series the report lists is vencida or en plazo in ``series``, and the reverse."""
    owed = {
        (serie.organo.pk, serie.obligacion.pk, serie.pendiente.nombre)
        for serie in series(hoy=HOY, calendar=site_calendar())
        if serie.estado in (EstadoSerie.VENCIDA, EstadoSerie.EN_PLAZO)
    }
    listed = {
        (row.organo.pk, row.obligacion_id, row.periodo.nombre)
        for row in pending_updates(hoy=HOY, calendar=site_calendar())
        if row.obligacion_id
    }
    assert listed == owed and len(owed) == 3


def test_a_series_due_soon_is_listed_before_its_window_opens(catalogue):
    """On 27 November the Q3 window has not opened; it closes on 7 December, within 14 days."""
    day = D(2026, 11, 27)
    titles = {row.titulo for row in pending_updates(hoy=day, dias=14, calendar=site_calendar())}
    assert owed("Recursos públicos", Periodo.T3) in titles
    # B's contratos still owe the second quarter (vencida), not yet the third.
    assert owed("Contratos y convenios", Periodo.T2) in titles
    assert owed("Contratos y convenios", Periodo.T3) not in titles
    early = {row.titulo for row in pending_updates(hoy=day, dias=3, calendar=site_calendar())}
    assert owed("Recursos públicos", Periodo.T3) not in early


def test_outside_the_catalogue_the_page_keeps_its_own_cycle(catalogue, organo_a, organo_b):
    PublicacionPageFactory(
        parent=organo_a, title="Aviso sin obligación", fecha_actualizacion=D(2026, 5, 1)
    )
    ProyectoPageFactory(parent=organo_a, title="Proyecto viejo", fecha_actualizacion=D(2026, 5, 1))
    # An obligation that the tabla de aplicabilidad does not list for B: no series, its own cycle.
    otra = ObligacionFactory(titulo="Otra obligación")
    record(organo_b, otra, 2026, Periodo.T1, D(2026, 5, 1))
    rows = rows_by_title()
    assert {
        "Aviso sin obligación",
        "Proyecto viejo",
        "Otra obligación · registro T1 2026",
    } <= set(rows)


def test_pending_updates_queries_do_not_grow_with_series_or_pages(catalogue, organo_a, organo_b):
    cal = site_calendar()
    with CaptureQueriesContext(connection) as few:
        small = len(pending_updates(hoy=HOY, calendar=cal))
    for n in range(10):
        extra = ObligacionFactory(titulo=f"Extra {n}")
        AplicabilidadFactory(organo=organo_a, obligacion=extra)
        record(organo_a, extra, 2026, Periodo.T1, D(2026, 6, 2))
        PublicacionPageFactory(parent=organo_b, fecha_actualizacion=D(2026, 5, n + 1))
        ProyectoPageFactory(parent=organo_a, fecha_actualizacion=D(2026, 5, n + 1))
    with CaptureQueriesContext(connection) as many:
        assert len(pending_updates(hoy=HOY, calendar=cal)) == small + 30
    assert len(few) == len(many) <= 9


def test_report_links_a_missing_period_to_a_new_record_of_the_organo(
    client, catalogue, organo_b, home
):
    opti = get_user_model().objects.create_user("opti", "opti@snte.example.mx", "x")
    opti.groups.add(ensure_admin_group(home))
    client.force_login(opti)
    html = client.get("/admin/reports/actualizaciones-pendientes/results/").content.decode()
    assert owed("Contratos y convenios", Periodo.T2) in html or "Contratos y convenios" in html
    assert f"/admin/pages/add/estructura/publicacionpage/{organo_b.pk}/" in html


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("recordatorios_actualizacion", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_reminders_name_each_owed_period_once_per_series(catalogue, organo_a, organo_b):
    get_user_model().objects.create_user("enlace_a", "enlace_a@snte.example.mx", "x").groups.add(
        organo_a.roles.enlaces
    )
    get_user_model().objects.create_user("enlace_b", "enlace_b@snte.example.mx", "x").groups.add(
        organo_b.roles.enlaces
    )
    run("--hoy", HOY.isoformat())
    by_to = {tuple(message.to): message for message in mail.outbox}
    assert set(by_to) == {("enlace_a@snte.example.mx",), ("enlace_b@snte.example.mx",)}
    body_a = by_to[("enlace_a@snte.example.mx",)].body
    assert owed("Recursos públicos", Periodo.T3) in body_a
    assert "Contratos y convenios" not in body_a  # A's series is complete
    assert f"/admin/pages/add/estructura/publicacionpage/{organo_a.pk}/" in body_a
    body_b = by_to[("enlace_b@snte.example.mx",)].body
    assert owed("Contratos y convenios", Periodo.T2) in body_b
    assert owed("Recursos públicos", Periodo.T2) in body_b
    assert "Aún no hay registros publicados." in body_b
    # Two series of B share the órgano and the deadline: each has its own record.
    recorded = set(
        RecordatorioActualizacion.objects.values_list("page_id", "obligacion_id", "momento")
    )
    assert recorded == {
        (organo_a.pk, catalogue["recursos"].pk, "antes"),
        (organo_b.pk, catalogue["contratos"].pk, "vencido"),
        (organo_b.pk, catalogue["recursos"].pk, "vencido"),
    }
    sent = len(mail.outbox)
    run("--hoy", HOY.isoformat())
    run("--hoy", (HOY + datetime.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == sent  # nothing new is owed: nobody hears twice
