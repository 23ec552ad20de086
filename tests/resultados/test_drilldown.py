"""The drill-down from every results figure to the records behind it: for every figure and
every kind of period the list's count is the figure, no personal data and no title of a page
the public may not reach appears, and every figure card links to its list."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.formats import PORCENTAJE, cifra
from estructura.choices import TipoReunion
from estructura.factories import AplicabilidadFactory, OrganoPageFactory, PublicacionPageFactory
from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group
from resultados import registros as drilldown
from resultados.factories import ResultadosPageFactory
from resultados.figures import FIGURES, NUMERO, Periodo, resultados
from tests.buzon.conftest import logged_in, make_user
from tests.buzon.tickets import local, ticket_at
from visitas.models import VisitaDiaria

from .page_data import record_year
from .test_figures import carga, publish_at, reunion

pytestmark = pytest.mark.django_db

YEAR = 2025
PERIODS = [
    Periodo(YEAR),
    Periodo(YEAR, 2),
    Periodo(YEAR, mes=5),
    Periodo.rango(datetime.date(YEAR, 4, 15), datetime.date(YEAR, 8, 20)),
]
PERSONAL = ("Nombre Secreto", "secreto@example.org", "203.0.113.9", "Mensaje")
DRAFT_TITLE = "Comisión en borrador"
PRIVATE_TITLE = "Comisión reservada"
DRAFT_PAGE_TITLE = "Informe retirado"


@pytest.fixture
def page(home):
    return ResultadosPageFactory(parent=home)


@pytest.fixture
def hidden_organos(estructura):
    draft = OrganoPageFactory(parent=estructura, title=DRAFT_TITLE, slug="borrador")
    draft.unpublish()
    private = OrganoPageFactory(parent=estructura, title=PRIVATE_TITLE, slug="reservada")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return draft, private


@pytest.fixture
def records(page, organo, hidden_organos):
    """A year of everything (page_data's plan) and, around the second quarter, tickets turned
    to public and hidden órganos, resolved before and after the close, publications
    published once, twice and since withdrawn, meetings with hidden órganos, visits to a page
    no longer public."""
    draft, private = hidden_organos
    record_year(YEAR, organo, page)
    # A series, filled for the second quarter by September's close: compliance has a value.
    serie = AplicabilidadFactory(organo=organo)
    PublicacionPageFactory(
        parent=organo,
        obligacion=serie.obligacion,
        ejercicio=YEAR,
        periodo="T2",
        fecha_actualizacion=datetime.date(YEAR, 8, 5),
    )
    # Filed in June, answered in July: pending at the close of Q2, resolved in the year.
    ticket_at(
        local(YEAR, 6, 28),
        resuelto=local(YEAR, 7, 2),
        respondido=local(YEAR, 7, 2),
        organo=organo,
    )
    ticket_at(
        local(YEAR, 5, 3), resuelto=local(YEAR, 5, 9), respondido=local(YEAR, 5, 4), organo=draft
    )
    ticket_at(local(YEAR, 5, 20), organo=private)
    ticket_at(local(YEAR, 4, 16), resuelto=local(YEAR, 4, 17))  # improcedente, not answered

    report = PublicacionPageFactory(parent=organo, title="Informe de mayo")
    revision = publish_at(report, local(YEAR, 5, 10))
    publish_at(report, local(YEAR, 5, 12), revision=revision)  # the same revision: once
    publish_at(report, local(YEAR, 8, 1))
    gone = PublicacionPageFactory(parent=organo, title=DRAFT_PAGE_TITLE)
    publish_at(gone, local(YEAR, 5, 15))
    gone.unpublish()

    reunion(datetime.date(YEAR, 5, 7), TipoReunion.ORGANO_GOBIERNO, [organo, draft])
    reunion(datetime.date(YEAR, 6, 30), TipoReunion.ENLACES, [private])
    carga(organo, datetime.date(YEAR, 5, 31))
    VisitaDiaria.objects.create(page=gone, dia=datetime.date(YEAR, 5, 16), visitas=9)
    VisitaDiaria.objects.create(page=organo, dia=datetime.date(YEAR, 5, 17), visitas=4)
    return organo


def url(key, periodo, organo=None):
    found = drilldown.drilldown_url(key, periodo, organo)
    assert found
    return found


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def period_id(periodo):
    return periodo.tipo


@pytest.mark.parametrize("periodo", PERIODS, ids=period_id)
def test_every_figure_lists_as_many_records_as_it_counts(client, records, periodo):
    valores = resultados(periodo).valores
    for figure in FIGURES:
        found = drilldown.registros(figure.key, periodo)
        assert found.valor() == valores[figure.key], figure.key
        response = client.get(url(figure.key, periodo))
        assert response.status_code == 200, figure.key
        soup = soup_of(response)
        heading = soup.select_one("h1[data-registros]")
        assert heading["data-registros"] == figure.key
        assert periodo.label in heading.get_text()
        rows = soup.select("table.tabla-registros tbody tr")
        assert int(heading["data-count"]) == found.count() == len(rows), figure.key
        if figure.unit == NUMERO and figure.key != "visitas_portal":
            assert found.count() == valores[figure.key], figure.key
            assert f"{valores[figure.key]:,}" in heading.get_text()


@pytest.mark.parametrize("periodo", PERIODS, ids=period_id)
def test_the_listed_tickets_reproduce_the_percentage_and_the_median(records, periodo):
    valores = resultados(periodo).valores
    received = drilldown.registros("porcentaje_tickets_resueltos", periodo).listado.all()
    assert len(received) == valores["tickets_recibidos"]
    resolved = sum(row["resuelto_al_cierre"] == "Sí" for row in received)
    assert resolved == valores["tickets_resueltos"]
    assert round(100 * resolved / len(received), 1) == valores["porcentaje_tickets_resueltos"]
    days = sorted(row["dias_respuesta"] for row in received if row["dias_respuesta"] is not None)
    middle = len(days) // 2
    median = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
    # Each row's days are rounded to one decimal; the figure rounds the exact median.
    assert abs(round(median, 1) - valores["mediana_dias_respuesta"]) <= 0.1


@pytest.mark.parametrize("periodo", PERIODS, ids=period_id)
def test_the_listed_series_reproduce_the_compliance(client, records, periodo):
    """Compliance's records are the applicable series at the close, each with its state then:
    the up-to-date share of the list is the figure."""
    from estructura.obligaciones import EstadoSerie

    valor = resultados(periodo)["cumplimiento_obligaciones"]
    listed = drilldown.registros("cumplimiento_obligaciones", periodo).listado.all()
    if valor is None:
        assert listed == []
        return
    up_to_date = {str(EstadoSerie.AL_DIA.label), str(EstadoSerie.EN_PLAZO.label)}
    cumplen = sum(row["estado"] in up_to_date for row in listed)
    assert listed and round(100 * cumplen / len(listed), 1) == valor
    assert str(EstadoSerie.NO_APLICA.label) not in {row["estado"] for row in listed}


@pytest.mark.parametrize("periodo", PERIODS, ids=period_id)
def test_the_visits_listed_add_up_to_the_figure(client, records, periodo):
    found = drilldown.registros("visitas_portal", periodo)
    rows = found.listado.all()
    assert sum(row["visitas"] for row in rows) == resultados(periodo)["visitas_portal"]
    named = [row["pagina"] for row in rows]
    assert DRAFT_PAGE_TITLE not in named
    if periodo.inicio <= datetime.date(YEAR, 5, 16) <= periodo.fin:
        assert named[-1] == "Páginas no públicas"
        assert rows[-1]["visitas"] == 9


def test_no_personal_data_nor_hidden_titles_appear_in_any_list(client, records):
    for periodo in PERIODS:
        for figure in FIGURES:
            for address in (url(figure.key, periodo), csv_url(figure.key, periodo)):
                text = client.get(address).content.decode()
                for secret in (*PERSONAL, DRAFT_TITLE, PRIVATE_TITLE, DRAFT_PAGE_TITLE):
                    assert secret not in text, (figure.key, periodo, secret)


def test_a_ticket_of_a_hidden_organo_says_so(client, records):
    text = client.get(url("tickets_recibidos", Periodo(YEAR, 2))).content.decode()
    assert "Órgano no publicado" in text
    assert records.title in text


def test_a_meeting_with_a_hidden_organo_counts_it_without_naming_it(records):
    rows = drilldown.registros("reuniones_organos_gobierno", Periodo(YEAR, mes=5)).listado.all()
    assert rows[-1]["organos"] == f"{records.title}; 1 órgano no publicado"


def test_a_ticket_row_carries_its_public_fields(records):
    rows = drilldown.registros("tickets_pendientes", Periodo(YEAR, 2)).listado.all()
    june = next(row for row in rows if row["recibido"] == datetime.date(YEAR, 6, 28))
    assert june["folio"]
    assert june["estado"] == "Respondido"
    assert june["resuelto_al_cierre"] == "No"
    assert june["dias_respuesta"] is None  # answered after the close: not in the median
    assert june["respondido"] == datetime.date(YEAR, 7, 2)


def test_an_organo_narrows_the_records_it_owns(client, records, hidden_organos):
    periodo = Periodo(YEAR, 2)
    found = drilldown.registros("tickets_recibidos", periodo, records)
    assert found.count() == 1  # the June ticket; the others are turned to no órgano or others
    response = client.get(url("tickets_recibidos", periodo, records))
    assert response.status_code == 200
    heading = soup_of(response).select_one("h1").get_text()
    assert records.title in heading
    meetings = drilldown.registros("reuniones_organos_gobierno", Periodo(YEAR, mes=5), records)
    assert meetings.count() == 1
    assert drilldown.registros("actualizaciones_opti", Periodo(YEAR, mes=5), records).count() == 2


@pytest.mark.parametrize(
    "query",
    [
        {"ejercicio": "20x6"},
        {"trimestre": "5"},
        {"trimestre": "2", "mes": "5"},
        {"desde": "2025-04-01"},
        {"desde": "2025-05-01", "hasta": "2025-04-01"},
        {"otro": "1"},
        {"organo": "x"},
        {"pagina": "0"},
        {"pagina": "99"},
    ],
)
def test_bad_parameters_are_a_400_in_spanish(client, page, query):
    response = client.get(page.url + "registros/tickets-recibidos/", query)
    assert response.status_code == 400
    assert "No se pudo mostrar ese listado." in response.content.decode()
    if "pagina" not in query:  # the CSV has every row: no pages
        assert client.get(page.url + "registros/tickets-recibidos/csv/", query).status_code == 400


def test_a_hidden_organo_is_refused_like_a_missing_one(client, page, hidden_organos):
    for organo in (*hidden_organos, None):
        pk = organo.pk if organo else 999999
        response = client.get(page.url + "registros/tickets-recibidos/", {"organo": pk})
        assert response.status_code == 400
        text = response.content.decode()
        assert "órgano publicado" in text
        assert DRAFT_TITLE not in text and PRIVATE_TITLE not in text


def test_a_figure_not_counted_by_organo_refuses_one(client, page, organo):
    response = client.get(page.url + "registros/visitas-portal/", {"organo": organo.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("clave", ["no-existe", "tickets_recibidos", "tickets-recibidos-"])
def test_an_unknown_figure_is_a_404(client, page, clave):
    assert client.get(page.url + f"registros/{clave}/").status_code == 404


def test_compliance_points_to_the_series_table(client, records):
    periodo = Periodo(YEAR, 3)  # September's window closes in it
    response = client.get(url("cumplimiento_obligaciones", periodo))
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("a", href="/obligaciones/")
    valor = resultados(periodo)["cumplimiento_obligaciones"]
    assert valor is not None
    assert soup.h1.get_text().startswith(
        f"{cifra(valor, PORCENTAJE)} de obligaciones de transparencia al día"
    )


def test_dates_are_written_in_words(client, records):
    text = client.get(url("tickets_pendientes", Periodo(YEAR, 2))).content.decode()
    assert "28 de junio de 2025" in text


def test_the_table_is_accessible(client, records):
    soup = soup_of(client.get(url("reuniones_enlaces", Periodo(YEAR))))
    table = soup.select_one("table.tabla-registros")
    assert "reuniones con enlaces acreditados en 2025" in table.caption.get_text()
    assert table.thead.find_all("th", scope="col")
    assert all(row.find("th", scope="row") for row in table.tbody.find_all("tr"))


def csv_url(key, periodo, organo=None):
    base, query = url(key, periodo, organo).split("?")
    return f"{base}csv/?{query}"


@pytest.mark.parametrize("periodo", PERIODS, ids=period_id)
def test_the_csv_has_the_same_rows(client, records, periodo):
    for figure in FIGURES:
        response = client.get(csv_url(figure.key, periodo))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) - 1 == drilldown.registros(figure.key, periodo).count(), figure.key


def test_long_lists_are_paginated(client, page, organo):
    for number in range(drilldown.PAGE_SIZE + 3):
        reunion(datetime.date(YEAR, 3, 1 + number % 28), TipoReunion.ENLACES)
    address = url("reuniones_enlaces", Periodo(YEAR, 1))
    first = soup_of(client.get(address))
    assert len(first.select("table.tabla-registros tbody tr")) == drilldown.PAGE_SIZE
    second = soup_of(client.get(address + "&pagina=2"))
    assert len(second.select("table.tabla-registros tbody tr")) == 3
    download = client.get(csv_url("reuniones_enlaces", Periodo(YEAR, 1)))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == drilldown.PAGE_SIZE + 4


# --- links from every figure --------------------------------------------------------------------


def assert_every_figure_links_to_its_records(html, periodo, expected_keys):
    """Every [data-cifra] links to its records for `periodo`; a cell of a quarterly table
    (data-periodo, its quarter's label) for that quarter, unless the quarter has not begun."""
    soup = BeautifulSoup(html, "html.parser")
    cards = soup.select("[data-cifra]")
    assert {card["data-cifra"] for card in cards} >= set(expected_keys)
    quarters = {quarter.label: quarter for quarter in Periodo(periodo.ejercicio).quarters()}
    for card in cards:
        key = card["data-cifra"]
        links = [a["href"] for a in card.find_all("a", href=True)]
        if card.get("data-periodo"):
            quarter = quarters[card["data-periodo"]]
            if card.get_text(strip=True) == "—" and not links:
                assert not quarter.has_started(), (key, quarter)
                continue
            assert links == [drilldown.drilldown_url(key, quarter)], (key, quarter)
        else:
            # A whole year's page has two summaries: its latest quarter's and the year's.
            block = card.find_parent("section", attrs={"data-periodo": True})
            expected = periodo
            if block is not None and block["data-periodo"] != periodo.label:
                expected = Periodo(periodo.ejercicio)
                assert block["data-periodo"] == expected.label, key
            assert drilldown.drilldown_url(key, expected) in links, key


def test_every_figure_on_the_results_page_links_to_its_records(client, records):
    for periodo in PERIODS[1:]:
        query = periodo.query()
        html = client.get("/rendicion-de-resultados/", query)
        assert html.status_code == 200
        assert_every_figure_links_to_its_records(
            html.content.decode(), periodo, [figure.key for figure in FIGURES]
        )


def test_a_year_links_to_the_quarter_its_summary_shows(client, records):
    html = client.get("/rendicion-de-resultados/", {"ejercicio": YEAR}).content.decode()
    # A past year's summaries are its last quarter and the year itself.
    assert_every_figure_links_to_its_records(html, Periodo(YEAR, 4), [f.key for f in FIGURES])
    blocks = BeautifulSoup(html, "html.parser").select("section.resultados-resumen")
    assert [block["data-periodo"] for block in blocks] == [Periodo(YEAR, 4).label, str(YEAR)]


def test_every_figure_on_the_admin_panel_links_to_its_records(page, home, organo):
    record_year(timezone.localdate().year, organo, page)
    ensure_admin_group(home)
    admin = make_user("opti_admin", Group.objects.get(name=ADMIN_GROUP_NAME))
    html = logged_in(admin).get("/admin/").content.decode()
    # The Buzón's and the obligations' panels have figures of their own (data-cifra keys
    # outside FIGURES); the results panel's rows are the figures.
    soup = BeautifulSoup(html, "html.parser")
    rows = "".join(str(row) for row in soup.select("tr[data-cifra]"))
    assert_every_figure_links_to_its_records(
        rows,
        Periodo.current(),
        [figure.key for figure in FIGURES],
    )


# --- queries ------------------------------------------------------------------------------------


def make_rows(organo, count):
    # As many pages as a tenth of the rows: the lists name pages too, never one query each.
    pages = [PublicacionPageFactory(parent=organo) for _ in range(max(3, count // 10))]
    for number in range(count):
        day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=number % 80)
        when = local(day.year, day.month, day.day, 12)
        ticket_at(when, resuelto=when + datetime.timedelta(days=1), respondido=when, organo=organo)
        publish_at(pages[number % len(pages)], when)
        reunion(day, TipoReunion.ENLACES, [organo])
        reunion(day, TipoReunion.ORGANO_GOBIERNO, [organo])
        carga(organo, day)
        VisitaDiaria.objects.create(page=pages[number % len(pages)], dia=day, visitas=3)
        VisitaDiaria.objects.update_or_create(page=organo, dia=day, defaults={"visitas": 1})


# Measured with 50 rows: 16 to 19 for the lists (the period's first year is 5 of them, the
# site, its settings and menus the rendering's), 21 for compliance (its series judged at the
# close, as the figure).
QUERY_BUDGET = 21


@pytest.mark.parametrize("count", [5, 50])
def test_each_list_takes_a_fixed_number_of_queries(
    client, page, organo, count, django_assert_max_num_queries
):
    make_rows(organo, count)
    for figure in FIGURES:
        address = url(figure.key, Periodo(YEAR, 1))
        client.get(address)  # warms the caches (site root paths, settings)
        with django_assert_max_num_queries(QUERY_BUDGET):
            response = client.get(address)
        assert response.status_code == 200


def test_query_count_does_not_grow_with_the_rows(client, page, organo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        found = {}
        for figure in FIGURES:
            address = url(figure.key, Periodo(YEAR, 1))
            client.get(address)
            with CaptureQueriesContext(connection) as captured:
                client.get(address)
            found[figure.key] = len(captured)
        return found

    make_rows(organo, 5)
    few = queries()
    make_rows(organo, 45)
    assert queries() == few


def test_a_live_indicator_on_a_project_sheet_links_to_its_records(client, page, organo):
    from estructura.factories import ProyectoPageFactory
    from estructura.models import ProyectoIndicador

    today = timezone.localdate()
    reunion(today, TipoReunion.ENLACES, [organo])
    proyecto = ProyectoPageFactory(parent=organo, title="Transparencia Proactiva")
    ProyectoIndicador.objects.create(
        page=proyecto, cifra="42", etiqueta="reuniones", figura="reuniones_enlaces", sort_order=0
    )
    ProyectoIndicador.objects.create(page=proyecto, cifra="20 %", etiqueta="redes", sort_order=1)
    soup = soup_of(client.get(proyecto.url))
    card = soup.select_one('[data-cifra="reuniones_enlaces"]')
    address = drilldown.drilldown_url("reuniones_enlaces", Periodo.current(today))
    assert card.find("a")["href"] == address
    shown = card.select_one(".figure-card__number").get_text(strip=True)
    listed = soup_of(client.get(address)).select_one("h1[data-registros]")
    assert listed["data-count"] == shown == "1"
    # A typed figure has no records behind it: no link.
    typed = [li for li in soup.select(".figure-card") if "redes" in li.get_text()]
    assert typed and not typed[0].find("a")


def test_every_figure_on_the_home_page_links_to_its_records(client, page, organo):
    from estructura.factories import AplicabilidadFactory

    AplicabilidadFactory(organo=organo)
    soup = soup_of(client.get("/"))
    cards = soup.select("[data-cifra]")
    assert cards
    for card in cards:
        key = card["data-cifra"]
        hrefs = [a["href"] for a in card.find_all("a", href=True)]
        if key == "cumplimiento":  # compliance's records are the series table
            assert "/obligaciones/" in hrefs
        else:
            assert drilldown.drilldown_url(key, Periodo.current()) in hrefs, key


def test_a_typed_text_never_runs_as_a_formula_in_the_csv(client, records):
    meeting = reunion(datetime.date(YEAR, 5, 8), TipoReunion.ENLACES)
    meeting.acuerdos = '=HYPERLINK("http://example.org")'
    meeting.save()
    download = client.get(csv_url("reuniones_enlaces", Periodo(YEAR, mes=5)))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert ['\'=HYPERLINK("http://example.org")'] == [
        row[4] for row in rows[1:] if row[4].startswith("'")
    ]


def test_the_csv_names_its_figure_and_period(client, records):
    response = client.get(csv_url("reuniones_enlaces", Periodo(YEAR, mes=5), records))
    assert response["Content-Disposition"] == (
        f'attachment; filename="registros-reuniones-enlaces-2025-05-organo-{records.pk}.csv"'
    )
