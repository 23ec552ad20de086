"""The Buzón's figures: counted by local day, quarter boundaries right, groups in few queries,
and the public /api/buzon/estadisticas/ endpoint that serves them without personal data."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buzon.choices import EstadoTicket, TipoTicket
from buzon.models import Ticket
from buzon.statistics import (
    TicketFigures,
    period_bounds,
    ticket_figures,
    ticket_figures_by,
    ticket_figures_by_quarter,
)
from estructura.factories import OrganoPageFactory
from tests.buzon.tickets import local, ticket_at

pytestmark = pytest.mark.django_db

URL = "/api/buzon/estadisticas/"


def test_period_bounds_are_calendar_quarters_and_years():
    assert period_bounds(2026, 1) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert period_bounds(2024, 1)[1] == datetime.date(2024, 3, 31)
    assert period_bounds(2026, 2) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert period_bounds(2026, 3) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert period_bounds(2026, 4) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert period_bounds(2026) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    for bad in (0, 5, -1, "1"):
        with pytest.raises(ValueError):
            period_bounds(2026, bad)


def test_no_tickets_gives_zeros_and_no_percentage():
    figures = ticket_figures(*period_bounds(2026, 1))
    assert figures == TicketFigures()
    assert figures.porcentaje_resueltos is None
    assert figures.mediana_dias_respuesta is None


def test_ticket_filed_late_on_quarter_end_and_resolved_just_after_counts_where_it_should():
    # 23:30 on 31 March in Mexico City is already 1 April in UTC; 00:30 on 1 April is Q2.
    filed = local(2026, 3, 31, 23, 30)
    resolved = local(2026, 4, 1, 0, 30)
    ticket_at(filed, resuelto=resolved, respondido=resolved, limite=datetime.date(2026, 4, 14))

    q1 = ticket_figures(*period_bounds(2026, 1))
    assert q1.recibidos == 1
    assert q1.resueltos == 0
    assert q1.pendientes == 1
    assert q1.porcentaje_resueltos == 0.0
    assert q1.mediana_dias_respuesta is None  # not answered by the end of Q1
    assert q1.resueltos_en_periodo == 0
    assert q1.pendientes_al_cierre == 1
    assert q1.vencidos_al_cierre == 0

    q2 = ticket_figures(*period_bounds(2026, 2))
    assert q2.recibidos == 0
    assert q2.resueltos_en_periodo == 1
    assert q2.pendientes_al_cierre == 0

    year = ticket_figures(*period_bounds(2026))
    assert (year.recibidos, year.resueltos, year.pendientes) == (1, 1, 0)
    assert year.mediana_dias_respuesta == 0.0


def test_figures_do_not_follow_the_active_time_zone():
    ticket_at(local(2026, 3, 31, 23, 30))
    with timezone.override(ZoneInfo("UTC")):
        assert ticket_figures(*period_bounds(2026, 1)).recibidos == 1
        assert ticket_figures(*period_bounds(2026, 2)).recibidos == 0


def test_each_figure_against_hand_made_data():
    start, end = period_bounds(2026, 2)
    # Backlog from Q1: one resolved in Q2, one still pending and overdue at the close.
    ticket_at(local(2026, 3, 2), resuelto=local(2026, 4, 6), respondido=local(2026, 4, 6))
    ticket_at(local(2026, 3, 3), limite=datetime.date(2026, 3, 17))
    # Resolved in Q1: nothing to count in Q2.
    ticket_at(local(2026, 1, 5), resuelto=local(2026, 1, 9), respondido=local(2026, 1, 9))
    # Filed in Q2: answered after 2, 4 and 9 days; one improcedente; one pending, not due yet;
    # one answered only in Q3.
    ticket_at(local(2026, 4, 1), resuelto=local(2026, 4, 3), respondido=local(2026, 4, 3))
    ticket_at(local(2026, 5, 4), resuelto=local(2026, 5, 8), respondido=local(2026, 5, 8))
    ticket_at(local(2026, 6, 1), resuelto=local(2026, 6, 10), respondido=local(2026, 6, 10))
    ticket_at(local(2026, 6, 2), resuelto=local(2026, 6, 3))
    ticket_at(local(2026, 6, 29), limite=datetime.date(2026, 7, 13))
    ticket_at(local(2026, 6, 25), resuelto=local(2026, 7, 2), respondido=local(2026, 7, 2))
    # Filed in Q3: not counted in Q2.
    ticket_at(local(2026, 7, 1))

    figures = ticket_figures(start, end)
    assert figures.recibidos == 6
    assert figures.resueltos == 4
    assert figures.pendientes == 2
    assert figures.porcentaje_resueltos == 66.7
    assert figures.mediana_dias_respuesta == 4.0  # median of 2, 4, 9
    assert figures.resueltos_en_periodo == 5  # the backlog one and the four of Q2
    assert figures.pendientes_al_cierre == 3  # Q1's overdue one, and two filed in Q2
    assert figures.vencidos_al_cierre == 1


def test_a_reopened_ticket_still_counts_as_resolved_when_it_was():
    reopened = ticket_at(
        local(2026, 4, 1), resuelto=local(2026, 4, 3), respondido=local(2026, 4, 3)
    )
    before = ticket_figures(*period_bounds(2026, 2))
    Ticket.objects.filter(pk=reopened.pk).update(estado=EstadoTicket.EN_ATENCION)
    assert ticket_figures(*period_bounds(2026, 2)) == before
    assert before.resueltos == 1


def test_filters_by_organo_and_tipo(estructura):
    organo = OrganoPageFactory(parent=estructura, title="Comité de Prueba", slug="prueba")
    otro = OrganoPageFactory(parent=estructura, title="Otro Comité", slug="otro")
    ticket_at(local(2026, 5, 1), organo=organo, tipo=TipoTicket.QUEJA)
    ticket_at(local(2026, 5, 2), organo=organo, tipo=TipoTicket.PREGUNTA)
    ticket_at(local(2026, 5, 3), organo=otro, tipo=TipoTicket.QUEJA)
    start, end = period_bounds(2026, 2)
    assert ticket_figures(start, end, organo=organo).recibidos == 2
    assert ticket_figures(start, end, organo=organo.pk).recibidos == 2
    assert ticket_figures(start, end, tipo=TipoTicket.QUEJA).recibidos == 2
    assert ticket_figures(start, end, organo=organo, tipo=TipoTicket.QUEJA).recibidos == 1


def test_figures_by_group_match_the_filtered_figures_in_constant_queries(estructura):
    organos = [
        OrganoPageFactory(parent=estructura, title=f"Comité {n}", slug=f"comite-{n}")
        for n in range(4)
    ]
    tipos = list(TipoTicket.values)
    for n in range(30):
        filed = local(2026, 4 + n % 3, 1 + n % 28)
        answered = filed + datetime.timedelta(days=1 + n % 7, hours=n)
        ticket_at(
            filed,
            organo=organos[n % 4] if n % 5 else None,
            tipo=tipos[n % len(tipos)],
            resuelto=answered if n % 3 else None,
            respondido=answered if n % 3 else None,
            limite=datetime.date(2026, 5, 1),
        )
    start, end = period_bounds(2026, 2)

    expected_queries = 1 if connection.vendor == "postgresql" else 2
    with CaptureQueriesContext(connection) as queries:
        by_organo = ticket_figures_by(start, end, "organo")
    assert len(queries) == expected_queries
    assert [label for _, label, _ in by_organo] == [
        "Comité 0",
        "Comité 1",
        "Comité 2",
        "Comité 3",
        "Sin turnar",
    ]
    for key, _, figures in by_organo:
        if key is not None:
            assert figures == ticket_figures(start, end, organo=key)
    unrouted = by_organo[-1][2]
    assert unrouted.recibidos == 6

    with CaptureQueriesContext(connection) as queries:
        by_tipo = ticket_figures_by(start, end, "tipo")
    assert len(queries) == expected_queries
    assert [key for key, _, _ in by_tipo] == tipos
    assert by_tipo[2][1] == "Queja"
    for key, _, figures in by_tipo:
        assert figures == ticket_figures(start, end, tipo=key)
    assert sum(figures.recibidos for _, _, figures in by_tipo) == 30

    with pytest.raises(ValueError):
        ticket_figures_by(start, end, "correo")


def test_figures_by_quarter_add_up_to_the_year():
    for month in (1, 4, 5, 8, 12):
        filed = local(2026, month, 10)
        ticket_at(filed, resuelto=filed + datetime.timedelta(days=3))
    quarters = ticket_figures_by_quarter(2026)
    assert [(q, figures.recibidos) for q, _, _, figures in quarters] == [
        (1, 1),
        (2, 2),
        (3, 1),
        (4, 1),
    ]
    assert quarters[3][1:3] == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert sum(f.recibidos for *_, f in quarters) == ticket_figures(*period_bounds(2026)).recibidos


# --- the API ---------------------------------------------------------------------------------


def test_api_gives_totals_breakdowns_and_period(client, estructura):
    organo = OrganoPageFactory(parent=estructura, title="Comité Visible", slug="visible")
    ticket_at(
        local(2026, 8, 3), organo=organo, resuelto=local(2026, 8, 5), respondido=local(2026, 8, 5)
    )
    ticket_at(local(2026, 9, 30, 23, 30), tipo=TipoTicket.QUEJA)
    response = client.get(URL, {"ejercicio": "2026", "trimestre": "3"})
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    body = response.json()
    assert body["periodo"] == {
        "tipo": "trimestre",
        "ejercicio": 2026,
        "trimestre": 3,
        "mes": None,
        "inicio": "2026-07-01",
        "fin": "2026-09-30",
    }
    assert body["totales"]["recibidos"] == 2
    assert body["totales"]["resueltos"] == 1
    assert body["totales"]["porcentaje_resueltos"] == 50.0
    assert body["totales"]["mediana_dias_respuesta"] == 2.0
    assert {g["clave"]: g["cifras"]["recibidos"] for g in body["por_tipo"]}["queja"] == 1
    assert [(g["clave"], g["nombre"]) for g in body["por_organo"]] == [
        (organo.pk, "Comité Visible"),
        (None, "Sin turnar"),
    ]
    text = response.content.decode()
    for secret in ("Nombre Secreto", "secreto@example.org", "203.0.113.9"):
        assert secret not in text


def test_api_filters_by_organo_and_tipo(client, estructura):
    organo = OrganoPageFactory(parent=estructura, title="Comité Visible", slug="visible")
    ticket_at(local(2026, 8, 3), organo=organo, tipo=TipoTicket.QUEJA)
    ticket_at(local(2026, 8, 4), organo=organo, tipo=TipoTicket.PREGUNTA)
    ticket_at(local(2026, 8, 5), tipo=TipoTicket.QUEJA)
    body = client.get(
        URL, {"ejercicio": "2026", "trimestre": "3", "organo": organo.pk, "tipo": "queja"}
    ).json()
    assert body["organo"] == organo.pk and body["tipo"] == "queja"
    assert body["totales"]["recibidos"] == 1
    assert [g["clave"] for g in body["por_organo"]] == [organo.pk]


def test_api_defaults_to_the_current_year(client):
    ticket_at(timezone.now())
    body = client.get(URL).json()
    year = timezone.localdate().year
    assert body["periodo"]["ejercicio"] == year
    assert body["periodo"]["trimestre"] is None
    assert body["periodo"]["inicio"] == f"{year}-01-01"
    assert body["totales"]["recibidos"] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"trimestre": "5"}, "trimestre"),
        ({"trimestre": "0"}, "trimestre"),
        ({"trimestre": "-1"}, "trimestre"),
        ({"trimestre": "1.5"}, "trimestre"),
        ({"ejercicio": "abc"}, "ejercicio"),
        ({"ejercicio": "-2026"}, "ejercicio"),
        ({"ejercicio": "1999"}, "ejercicio"),
        ({"ejercicio": "99999999999999999999999"}, "ejercicio"),
        ({"ejercicio": "٢٠٢٦"}, "ejercicio"),
        ({"ejercicio": "3000"}, "ejercicio"),
        ({"tipo": "spam"}, "tipo"),
        ({"tipo": "<script>"}, "tipo"),
        ({"organo": "999999"}, "órgano"),
        ({"organo": "abc"}, "organo"),
        ({"organo": "99999999999999999999"}, "organo"),
    ],
)
def test_api_answers_bad_values_with_a_spanish_400(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["detail"]


def test_api_refuses_a_draft_organo(client, estructura):
    borrador = OrganoPageFactory(parent=estructura, title="Borrador", slug="borrador", live=False)
    response = client.get(URL, {"organo": borrador.pk})
    assert response.status_code == 400
    assert "órgano" in response.json()["detail"]


def test_api_does_not_reveal_the_title_of_a_draft_organo(client, estructura):
    borrador = OrganoPageFactory(parent=estructura, title="Comité Secreto", slug="secreto")
    borrador.unpublish()
    ticket_at(local(2026, 8, 3), organo=borrador)
    response = client.get(URL, {"ejercicio": "2026"})
    assert "Comité Secreto" not in response.content.decode()
    assert response.json()["por_organo"][0]["nombre"] == "Órgano no publicado"


def test_api_refuses_a_null_character(client):
    assert client.get(URL, {"tipo": "queja\x00"}).status_code == 400


def test_api_is_in_the_openapi_schema_with_its_response(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/buzon/estadisticas/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "ejercicio",
        "trimestre",
        "organo",
        "tipo",
    }
    assert "200" in operation["responses"] and "400" in operation["responses"]
    assert "EstadisticasSchema" in schema["components"]["schemas"]


def test_a_running_period_counts_as_overdue_only_what_is_past_due_today():
    today = timezone.localdate()
    filed = timezone.now() - datetime.timedelta(days=2)
    ticket_at(filed, limite=today - datetime.timedelta(days=1))
    ticket_at(filed, limite=today + datetime.timedelta(days=5))
    figures = ticket_figures(
        today - datetime.timedelta(days=3), today + datetime.timedelta(days=60)
    )
    assert figures.pendientes_al_cierre == 2
    assert figures.vencidos_al_cierre == 1
