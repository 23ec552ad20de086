"""The Buzón's public statistics (/buzon/estadisticas/): figures counted from tickets filed and
answered through the services, órganos with few tickets merged, hidden órganos never named,
the page and both downloads showing the function's numbers, Spanish 400s for bad
parameters, no personal data anywhere, and a fixed number of queries."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from buzon import services
from buzon.choices import EstadoTicket, TipoTicket
from buzon.estadisticas_views import displayed, table_rows
from buzon.models import Ticket
from buzon.statistics import (
    ORGANOS_NO_PUBLICADOS,
    OTROS_ORGANOS,
    SIN_TURNAR,
    UMBRAL_ANONIMATO,
    public_statistics,
)
from cms.periods import Periodo
from estructura.factories import OrganoPageFactory
from tests.buzon.conftest import ticket_data
from tests.buzon.tickets import local

pytestmark = pytest.mark.django_db

YEAR = 2026
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
PAGE = "/buzon/estadisticas/"
CSV = "/buzon/estadisticas/estadisticas-buzon.csv"
XLSX = "/buzon/estadisticas/estadisticas-buzon.xlsx"
URLS = (PAGE, CSV, XLSX)
# After every due date of the year's tickets: what is pending then is overdue.
LATER = datetime.date(YEAR + 1, 6, 1)

SECRETS = (
    "Ana Pérez Secreta",
    "ana.secreta@example.org",
    "203.0.113.7",
    "¿Cuándo se publica el informe?",
    "Quisiera saber cuándo",
    "Respuesta confidencial",
    "OPTI-2026-",
)


def file_at(moment, **fields):
    """File a ticket through the one service every channel uses, as if at `moment`."""
    with services.at(moment):
        ticket, _clave = services.create_ticket(ticket_data(**fields), ip="203.0.113.7")
    return ticket


def answer_at(ticket, moment, user):
    with services.at(moment):
        return services.answer(ticket, "Respuesta confidencial del órgano.", user)


def state_at(ticket, moment, user, estado):
    with services.at(moment):
        return services.change_state(ticket, estado, user)


def row(groups, clave):
    (found,) = [group for group in groups if group.clave == clave]
    return found.cifras


# --- the figures ---------------------------------------------------------------------------------


def test_an_organo_below_the_threshold_is_merged_and_one_at_it_is_named(estructura):
    assert UMBRAL_ANONIMATO == 5
    pequeno = OrganoPageFactory(parent=estructura, title="Comité Pequeño", slug="pequeno")
    otro_pequeno = OrganoPageFactory(parent=estructura, title="Comité Mínimo", slug="minimo")
    grande = OrganoPageFactory(parent=estructura, title="Comité Grande", slug="grande")
    for day in range(1, 5):
        file_at(local(YEAR, 3, day), organo=pequeno)
    file_at(local(YEAR, 3, 9), organo=otro_pequeno)
    for day in range(1, 6):
        file_at(local(YEAR, 4, day), organo=grande)
    file_at(local(YEAR, 5, 4))  # never routed

    groups = public_statistics(START, END, LATER).por_organo
    assert [(g.clave, g.nombre, g.cifras.recibidos, g.organos) for g in groups] == [
        (grande.pk, "Comité Grande", 5, 1),
        (OTROS_ORGANOS, "Otros órganos (menos de 5 tickets)", 5, 2),
        (SIN_TURNAR, "Sin turnar", 1, 0),
    ]
    names = " ".join(group.nombre for group in groups)
    assert "Pequeño" not in names and "Mínimo" not in names


def test_a_ticket_routed_later_counts_for_the_organo_it_is_with(estructura, admin_user):
    organo = OrganoPageFactory(parent=estructura, title="Comité Turnado", slug="turnado")
    tickets = [file_at(local(YEAR, 2, 2 + day)) for day in range(5)]
    for ticket in tickets:
        services.route(ticket, organo, admin_user)
    groups = public_statistics(START, END, LATER).por_organo
    assert [(g.nombre, g.cifras.recibidos) for g in groups] == [("Comité Turnado", 5)]


def test_percentage_answered_on_time_counts_answers_up_to_the_due_date(admin_user):
    on_time = file_at(local(YEAR, 1, 5))  # Monday: due ten business days later
    on_due_day = file_at(local(YEAR, 1, 5))
    late = file_at(local(YEAR, 1, 5))
    improcedente = file_at(local(YEAR, 1, 5))
    pending = file_at(local(YEAR, 1, 5))
    due = on_time.fecha_limite
    assert due == datetime.date(YEAR, 1, 19)
    answer_at(on_time, local(YEAR, 1, 7), admin_user)
    answer_at(on_due_day, local(YEAR, 1, 19, 23, 30), admin_user)  # still the due day locally
    answer_at(late, local(YEAR, 1, 20, 0, 10), admin_user)
    state_at(improcedente, local(YEAR, 1, 6), admin_user, EstadoTicket.IMPROCEDENTE)

    totales = public_statistics(START, END, LATER).totales
    assert totales.recibidos == 5
    assert totales.respondidos == 3  # the improcedente one was resolved, never answered
    assert totales.resueltos == 4
    assert totales.respondidos_a_tiempo == 2
    assert totales.porcentaje_a_tiempo == 66.7
    assert totales.vencidos_ahora == 1
    assert Ticket.objects.get(pk=pending.pk).estado == EstadoTicket.RECIBIDO


def test_median_counts_business_days_across_a_weekend_and_a_holiday(admin_user):
    # Friday 30 January → Tuesday 3 February: Saturday, Sunday and Monday 2 February (Día de
    # la Constitución) are not business days, so 1 (4 calendar days, 2 without holidays).
    constitucion = file_at(local(YEAR, 1, 30, 16))
    answer_at(constitucion, local(YEAR, 2, 3, 9), admin_user)
    # Monday 9 March → Tuesday 17 March: a weekend and Monday 16 (Benito Juárez): 5.
    juarez = file_at(local(YEAR, 3, 9))
    answer_at(juarez, local(YEAR, 3, 17), admin_user)
    # Answered on the day it was filed: 0.
    same_day = file_at(local(YEAR, 4, 14, 9))
    answer_at(same_day, local(YEAR, 4, 14, 18), admin_user)

    totales = public_statistics(START, END, LATER).totales
    assert totales.mediana_dias_habiles == 1.0  # of 0, 1 and 5

    # An even count takes the mean of the middle two: 1 and 5 → 3.0.
    fourth = file_at(local(YEAR, 5, 4))
    answer_at(fourth, local(YEAR, 5, 25), admin_user)  # 15 business days
    assert public_statistics(START, END, LATER).totales.mediana_dias_habiles == 3.0


def test_overdue_now_counts_pending_tickets_past_their_due_date_only(admin_user):
    overdue = file_at(local(YEAR, 3, 2))
    answered = file_at(local(YEAR, 3, 2))
    answer_at(answered, local(YEAR, 3, 30), admin_user)  # late, but answered
    reopened = file_at(local(YEAR, 3, 2))
    answer_at(reopened, local(YEAR, 3, 3), admin_user)
    state_at(reopened, local(YEAR, 3, 4), admin_user, EstadoTicket.EN_ATENCION)
    file_at(local(YEAR, 12, 30))  # due in January: not overdue on 31 December
    due = overdue.fecha_limite

    assert public_statistics(START, END, due).totales.vencidos_ahora == 0  # due today
    after = public_statistics(START, END, due + datetime.timedelta(days=1)).totales
    # The reopened one is pending again (the inbox's rule), though it was answered on time.
    assert after.vencidos_ahora == 2
    assert after.respondidos == 2 and after.respondidos_a_tiempo == 1
    assert public_statistics(START, END, datetime.date(YEAR, 12, 31)).totales.vencidos_ahora == 2
    assert public_statistics(START, END, LATER).totales.vencidos_ahora == 3


def test_only_tickets_filed_in_the_year_count_and_answers_after_it_do_not(admin_user):
    december = file_at(local(YEAR, 12, 31, 23, 30))  # 1 January in UTC: still this year
    answer_at(december, local(YEAR + 1, 1, 2), admin_user)
    file_at(local(YEAR - 1, 12, 31, 12))
    figures = public_statistics(START, END, LATER).totales
    assert (figures.recibidos, figures.respondidos, figures.resueltos) == (1, 0, 0)
    assert figures.porcentaje_a_tiempo is None and figures.mediana_dias_habiles is None
    following = public_statistics(datetime.date(YEAR + 1, 1, 1), datetime.date(YEAR + 1, 12, 31))
    assert following.totales.recibidos == 0


def test_every_kind_is_listed_and_the_kinds_add_up_to_the_total():
    file_at(local(YEAR, 6, 1), tipo=TipoTicket.QUEJA)
    file_at(local(YEAR, 6, 2), tipo=TipoTicket.QUEJA)
    file_at(local(YEAR, 6, 3), tipo=TipoTicket.SUGERENCIA)
    data = public_statistics(START, END, LATER)
    assert [g.clave for g in data.por_tipo] == list(TipoTicket.values)
    assert row(data.por_tipo, "queja").recibidos == 2
    assert row(data.por_tipo, "pregunta").recibidos == 0
    assert row(data.por_tipo, "pregunta").porcentaje_a_tiempo is None
    assert sum(g.cifras.recibidos for g in data.por_tipo) == data.totales.recibidos == 3
    assert sum(g.cifras.recibidos for g in data.por_organo) == 3


@pytest.fixture
def hidden_organos(estructura):
    """A draft órgano and one in a private section, each with more tickets than the threshold,
    and an órgano inside an unpublished one."""
    borrador = OrganoPageFactory(parent=estructura, title="Comité Borrador Oculto", slug="b")
    borrador.unpublish()
    reservado = OrganoPageFactory(parent=estructura, title="Comité Reservado Oculto", slug="r")
    PageViewRestriction.objects.create(
        page=reservado, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    retirado = OrganoPageFactory(parent=estructura, title="Órgano Retirado Oculto", slug="o")
    dentro = OrganoPageFactory(parent=retirado, title="Comisión Dentro Oculta", slug="d")
    retirado.unpublish()
    for organo in (borrador, reservado, dentro):
        for day in range(1, UMBRAL_ANONIMATO + 2):
            file_at(local(YEAR, 7, day), organo=organo)
    return [borrador, reservado, retirado, dentro]


def test_a_hidden_organo_is_never_named(hidden_organos):
    groups = public_statistics(START, END, LATER).por_organo
    assert [(g.clave, g.nombre, g.cifras.recibidos, g.organos) for g in groups] == [
        (ORGANOS_NO_PUBLICADOS, "Órganos no publicados", 18, 0)  # not even how many
    ]


# --- the page and the downloads -------------------------------------------------------------


@pytest.fixture
def year_of_tickets(estructura, admin_user, buzon_page):
    grande = OrganoPageFactory(parent=estructura, title="Comité Grande", slug="grande")
    pequeno = OrganoPageFactory(parent=estructura, title="Comité Pequeño", slug="pequeno")
    tipos = list(TipoTicket.values)
    for n in range(12):
        filed = local(YEAR, 1 + n % 11, 2 + n)
        ticket = file_at(
            filed,
            organo=grande if n < 7 else pequeno if n < 10 else None,
            tipo=tipos[n % len(tipos)],
        )
        if n % 3 == 0:  # answered after n days: some on time, some late
            answer_at(ticket, filed + datetime.timedelta(days=2 * n), admin_user)
        elif n % 3 == 1:
            state_at(
                ticket, filed + datetime.timedelta(days=1), admin_user, EstadoTicket.IMPROCEDENTE
            )
    return grande, pequeno


def cells(table):
    """{data-clave: [row heading, cell, ...]} of a rendered statistics table."""
    return {
        tr["data-clave"]: [tr.th.get_text(" ", strip=True)] + [td.get_text() for td in tr("td")]
        for tr in table("tr", attrs={"data-clave": True})
    }


def page_soup(client, **query):
    response = client.get(PAGE, {"ejercicio": str(YEAR), **query})
    assert response.status_code == 200, response.content[:300]
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_page_shows_every_number_the_function_gives(client, year_of_tickets):
    soup = page_soup(client)
    data = public_statistics(START, END)
    assert soup.h1.get_text(strip=True) == "Estadísticas del Buzón"
    totales = displayed(data.totales)
    for table_id, groups in (
        ("tabla-por-tipo", data.por_tipo),
        ("tabla-por-organo", data.por_organo),
    ):
        shown = cells(soup.find(id=table_id))
        expected = {str(g.clave): displayed(g.cifras) for g in groups}
        assert {k: v[1:] for k, v in shown.items()} == {**expected, "total": totales}
        for group in groups:
            assert shown[str(group.clave)][0].startswith(group.nombre)
    summary = {
        div["data-cifra"]: div.dd.get_text(strip=True)
        for div in soup.select(".buzon-estadisticas-totales [data-cifra]")
    }
    assert list(summary.values()) == totales
    # The figures are not all zeros: the comparison above compared something.
    assert data.totales.recibidos == 12 and data.totales.respondidos == 4
    assert any(g.clave == OTROS_ORGANOS for g in data.por_organo)


def test_the_chart_is_an_accessible_image_followed_by_its_numbers(client, year_of_tickets):
    soup = page_soup(client)
    grande, _pequeno = year_of_tickets
    section = soup.find(id="grafica-por-organo")
    svg = section.find("svg", attrs={"role": "img"})
    assert svg.title.get_text() == "Tickets por órgano"
    assert "Comité Grande: recibidos 7" in svg.desc.get_text()
    bars = [rect.title.get_text() for rect in svg("rect") if rect.title]
    assert "Recibidos, Comité Grande: 7" in bars
    table = section.find("table")
    assert table.caption.get_text(strip=True) == "Tickets por órgano: datos de la gráfica"
    headings = [th.get_text() for th in table.thead("th")]
    assert headings == ["Grupo", "Recibidos", "Respondidos", "Vencidos ahora"]
    assert all(th["scope"] == "col" for th in table.thead("th"))
    data = public_statistics(START, END)
    for slug, groups in (("por-organo", data.por_organo), ("por-tipo", data.por_tipo)):
        drawn = [
            [cell.get_text() for cell in tr(["th", "td"])]
            for tr in soup.find(id=f"grafica-{slug}").find("table").tbody("tr")
        ]
        assert drawn == [
            [
                g.nombre,
                str(g.cifras.recibidos),
                str(g.cifras.respondidos),
                str(g.cifras.vencidos_ahora),
            ]
            for g in groups
        ]
    assert drawn[0][0] == "Pregunta" and grande.title in svg.desc.get_text()
    for region in soup.select(".table-wrapper"):
        assert region["tabindex"] == "0" and region["role"] == "region"
    assert not soup.find("script")


def test_the_page_explains_the_methodology_and_links_the_downloads(client, year_of_tickets):
    soup = page_soup(client)
    text = soup.find(id="metodologia-title").parent.get_text(" ")
    for words in ("días hábiles", "fecha límite", "improcedente", "menos de 5 tickets"):
        assert words in text
    links = {a["href"] for a in soup("a", href=True)}
    assert {f"{CSV}?ejercicio={YEAR}", f"{XLSX}?ejercicio={YEAR}", "/datos-abiertos/"} <= links
    assert "/buzon/" in links  # the breadcrumb and the invitation to write


def test_csv_has_the_rows_of_the_page_with_a_bom_and_iso_dates(client, year_of_tickets):
    response = client.get(CSV, {"ejercicio": str(YEAR)})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="estadisticas-buzon-{YEAR}.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:7] == [
        "Ejercicio",
        "Fecha de inicio del periodo",
        "Fecha de término del periodo",
        "Fecha de corte",
        "Desglose",
        "Clave",
        "Nombre",
    ]
    expected = table_rows(Periodo(YEAR), public_statistics(START, END))
    assert len(rows) - 1 == len(expected) == 1 + len(TipoTicket.values) + 3
    for got, want in zip(rows[1:], expected, strict=True):
        assert got == [
            "" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v) for v in want
        ]
    assert rows[1][1:3] == [f"{YEAR}-01-01", f"{YEAR}-12-31"]


def test_xlsx_has_the_same_rows_with_numbers_as_numbers(client, year_of_tickets):
    response = client.get(XLSX, {"ejercicio": str(YEAR)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    expected = table_rows(Periodo(YEAR), public_statistics(START, END))
    assert len(values) == len(expected)
    for got, want in zip(values, expected, strict=True):
        assert got[0] == YEAR
        assert [c.date() for c in got[1:4]] == want[1:4]
        assert got[4:7] == want[4:7]
        assert got[7:] == want[7:]
        assert all(isinstance(v, int | float) for v in got[7:] if v is not None)
    assert workbook.worksheets[1].title == "Metodología"


def test_a_formula_in_an_organo_title_is_defused_in_both_downloads(client, estructura):
    organo = OrganoPageFactory(parent=estructura, title='=HYPERLINK("x")', slug="formula")
    for day in range(1, 6):
        file_at(local(YEAR, 2, day), organo=organo)
    text = client.get(CSV, {"ejercicio": str(YEAR)}).content.decode()
    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(client.get(XLSX, {"ejercicio": str(YEAR)}).content)).active
    names = [r[6] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in names


def test_the_current_year_is_the_default(client):
    file_at(services.now())
    response = client.get(PAGE)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find(id="estadisticas-ejercicio").find("option", selected=True)
    assert client.get(CSV).status_code == 200
    assert client.get(PAGE, {"ejercicio": ""}).status_code == 200


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"zzz": "1"}, "Parámetro desconocido: zzz"),
        ({"trimestre": "5"}, "«trimestre» debe ser 1, 2, 3 o 4."),
        ({"ejercicio": [str(YEAR), str(YEAR)]}, "aparece 2 veces"),
        ({"ejercicio": "2" * 300}, "demasiado largo"),
        ({"ejercicio": "20x6"}, "debe ser un año de cuatro cifras"),
        ({"ejercicio": "1800"}, "debe ser un año de cuatro cifras"),
        ({"ejercicio": "3000"}, "debe ser un año de cuatro cifras"),
        ({"ejercicio": "٢٠٢٦"}, "debe ser un año de cuatro cifras"),
        ({"ejercicio": "-2026"}, "debe ser un año de cuatro cifras"),
    ],
)
def test_hostile_parameters_get_a_spanish_400(client, url, query, words):
    file_at(local(YEAR, 3, 3))
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert words in text
    assert "2" * 300 not in text


def test_no_personal_data_in_the_page_or_the_downloads(client, year_of_tickets, admin_user):
    pages = [
        client.get(PAGE, {"ejercicio": str(YEAR)}).content.decode(),
        client.get(CSV, {"ejercicio": str(YEAR)}).content.decode(),
    ]
    workbook = load_workbook(io.BytesIO(client.get(XLSX, {"ejercicio": str(YEAR)}).content))
    pages.append(
        " ".join(
            str(value)
            for sheet in workbook.worksheets
            for r in sheet.iter_rows(values_only=True)
            for value in r
        )
    )
    for text in pages:
        for secret in SECRETS:
            assert secret not in text


def test_hidden_organos_titles_are_on_no_public_answer(client, hidden_organos):
    texts = [
        client.get(PAGE, {"ejercicio": str(YEAR)}).content.decode(),
        client.get(CSV, {"ejercicio": str(YEAR)}).content.decode(),
    ]
    sheet = load_workbook(io.BytesIO(client.get(XLSX, {"ejercicio": str(YEAR)}).content)).active
    texts.append(" ".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r))
    for text in texts:
        assert "Órganos no publicados" in text
        for organo in hidden_organos:
            assert organo.title not in text
            assert f">{organo.pk}<" not in text


def test_the_buzon_page_and_the_footer_link_to_the_statistics(client, buzon_page):
    assert f'href="{PAGE}"' in client.get("/buzon/").content.decode()
    assert f'href="{PAGE}"' in client.get("/").content.decode()


# --- queries -------------------------------------------------------------------------------------


def make_tickets(count, organos, admin_user):
    for n in range(count):
        ticket = file_at(local(YEAR, 1 + n % 12, 1 + n % 28), organo=organos[n % len(organos)])
        if n % 2:
            answer_at(ticket, local(YEAR, 1 + n % 12, 1 + n % 28, 18), admin_user)


def test_figures_page_and_downloads_run_in_fixed_queries(
    client, estructura, admin_user, buzon_page, django_assert_max_num_queries
):
    organos = [
        OrganoPageFactory(parent=estructura, title=f"Comité {n}", slug=f"comite-{n}")
        for n in range(10)
    ]
    make_tickets(5, organos[:1], admin_user)  # one órgano, named
    measured = {}
    for url in URLS:
        client.get(url, {"ejercicio": str(YEAR)})
        with django_assert_max_num_queries(100) as captured:
            client.get(url, {"ejercicio": str(YEAR)})
        measured[url] = len(captured)
    with django_assert_max_num_queries(4) as captured:
        public_statistics(START, END)
    small_function = len(captured)

    make_tickets(45, organos, admin_user)  # ten órganos, several named, several merged
    data = public_statistics(START, END)
    assert data.totales.recibidos == 50
    assert len([g for g in data.por_organo if isinstance(g.clave, int)]) >= 2
    with django_assert_max_num_queries(small_function) as captured:
        public_statistics(START, END)
    assert len(captured) == small_function
    for url, count in measured.items():
        with django_assert_max_num_queries(count) as captured:
            response = client.get(url, {"ejercicio": str(YEAR)})
        assert response.status_code == 200
        assert len(captured) == count, url
    assert measured[PAGE] <= PAGE_BUDGET
    assert max(measured[CSV], measured[XLSX]) <= DOWNLOAD_BUDGET


# Measured on PostgreSQL: the site and the private sections, the Buzón page (breadcrumb), its
# settings, the first ticket's year, the tickets and the titles.
PAGE_BUDGET = 9
DOWNLOAD_BUDGET = 5
