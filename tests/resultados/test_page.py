"""The public results page: figures by quarter with accessible charts, trends and a year choice."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resultados.charts import CHART_GROUPS
from resultados.factories import ResultadosPageFactory
from resultados.figures import FIGURES, Periodo
from resultados.views import year_context

from .page_data import record_year

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def page(home):
    return ResultadosPageFactory(parent=home)


def get(client, page, **params):
    response = client.get(page.url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_for(soup, slug):
    return soup.select_one(f"#grafica-{slug} table")


def cells(table):
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.tbody.find_all("tr")
    }


def test_page_lives_at_its_address(page):
    assert page.url == "/rendicion-de-resultados/"


def test_every_chart_has_a_title_a_description_and_its_data_table(client, page, organo):
    record_year(YEAR, organo, page)
    soup = get(client, page, ejercicio=YEAR)

    charts = soup.select("svg.grafica")
    assert len(charts) == len(CHART_GROUPS)
    for svg in charts:
        assert svg["role"] == "img"
        assert svg["viewbox"].startswith("0 0 ")
        # Scales with its column: no fixed width that would scroll a phone sideways.
        assert "width" not in svg.attrs
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text(strip=True)
        assert svg.find("desc", id=desc_id).get_text(strip=True)
        table = svg.find_next("table")
        assert table.caption.get_text(strip=True)
        assert table.thead.find_all("th", scope="col")
        assert len(table.tbody.find_all("th", scope="row")) == 4


def test_figures_appear_by_quarter_in_the_tables(client, page, organo):
    record_year(YEAR, organo, page)
    soup = get(client, page, ejercicio=YEAR)

    assert cells(table_for(soup, "reuniones")) == {
        "T1 2025": ["1", "2"],
        "T2 2025": ["2", "1"],
        "T3 2025": ["0", "3"],
        "T4 2025": ["2", "2"],
    }
    assert cells(table_for(soup, "visitas")) == {
        "T1 2025": ["10"],
        "T2 2025": ["20"],
        "T3 2025": ["30"],
        "T4 2025": ["45"],
    }
    assert cells(table_for(soup, "tickets"))["T2 2025"] == ["2", "1", "1"]
    assert cells(table_for(soup, "porcentaje-resueltos"))["T2 2025"] == ["50.0\u00a0%"]
    # The chart's description says the same numbers to a screen reader.
    assert "T4 2025: 45" in soup.select_one("#grafica-visitas desc").get_text()
    # Every figure's methodology is on the page.
    text = soup.get_text()
    for figure in FIGURES:
        assert str(figure.description) in text


def test_summary_compares_the_latest_quarter_in_words(client, page, organo):
    record_year(YEAR, organo, page)
    soup = get(client, page, ejercicio=YEAR)

    resumen = soup.select_one(".resultados-resumen")
    assert "T4 2025" in resumen.h2.get_text()
    visitas = resumen.select_one('[data-cifra="visitas_portal"]')
    trends = [span.get_text(" ", strip=True) for span in visitas.select(".tendencia")]
    assert "45" in visitas.select_one(".resultados-cifra__number").get_text()
    assert trends[0] == "▲ Sube 15 (+50.0\u00a0%) frente a T3 2025"
    # Nothing was recorded a year before: a rise from zero, with no percentage.
    assert trends[1] == "▲ Sube 45 frente a T4 2024"
    # The arrow repeats the words, and is hidden from screen readers.
    assert visitas.select_one(".tendencia span")["aria-hidden"] == "true"
    reuniones = resumen.select_one('[data-cifra="reuniones_enlaces"]')
    assert "▼ Baja 1" in reuniones.select_one(".tendencia").get_text(" ", strip=True)


def test_quarters_not_started_show_a_dash_not_zero(home, organo):
    page = ResultadosPageFactory(parent=home)
    record_year(2026, organo, page)
    context = year_context(2026, today=datetime.date(2026, 5, 10))

    assert [res is None for _periodo, res in context["quarters"]] == [False, False, True, True]
    assert context["resumen"]["periodo"] == Periodo(2026, 2)
    assert context["resumen"]["en_curso"]
    reuniones = next(chart for chart in context["charts"] if chart.slug == "reuniones")
    assert [values for _periodo, values in reuniones.rows] == [
        ["1", "2"],
        ["2", "1"],
        ["—", "—"],
        ["—", "—"],
    ]
    # No bar is drawn for a quarter that has not started, only its dash.
    later = [bar for bar in reuniones.bars if bar.label.endswith(("T3 2026", "T4 2026"))]
    assert {(bar.height, bar.text) for bar in later} == {(0, "—")}


def test_default_year_is_the_current_one_and_the_choice_runs_from_the_first_data(
    client, page, organo
):
    record_year(2023, organo, page)
    soup = get(client, page)
    this_year = timezone.localdate().year

    options = [option["value"] for option in soup.select("#resultados-ejercicio option")]
    assert options == [str(year) for year in range(this_year, 2022, -1)]
    assert soup.select_one("#resultados-ejercicio option[selected]")["value"] == str(this_year)
    assert soup.select_one("label[for=resultados-ejercicio]")


@pytest.mark.parametrize(
    "bad", ["abc", "1999", "3000", "2025x", "-1", "99999999999999999999", "2024.0", "%00"]
)
def test_a_bad_year_is_a_400_that_says_why_and_shows_no_figures(client, page, organo, bad):
    # The page never shows another period than the one asked for (issue 13): it says what
    # is wrong, in Spanish, with the form to choose again.
    record_year(2024, organo, page)
    response = client.get(page.url + "?ejercicio=" + bad)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one("[role=alert]").get_text(" ", strip=True)
    assert "ejercicio" in alert and ("debe ser" in alert or "desconocido" in alert)
    assert soup.select_one("#resultados-ejercicio")
    assert not soup.select(".resultados-cifra")


def test_an_empty_year_is_the_current_year(client, page):
    soup = get(client, page, ejercicio="")
    selected = soup.select_one("#resultados-ejercicio option[selected]")["value"]
    assert selected == str(timezone.localdate().year)


def test_a_year_with_data_can_be_chosen(client, page, organo):
    record_year(2024, organo, page)
    soup = get(client, page, ejercicio="2024")
    assert soup.select_one("#resultados-ejercicio option[selected]")["value"] == "2024"
    assert "T4 2024" in soup.select_one(".resultados-resumen h2").get_text()


def test_page_needs_no_script_and_fetches_nothing(client, page, organo):
    record_year(YEAR, organo, page)
    soup = get(client, page, ejercicio=YEAR)
    main = soup.select_one("main")
    assert not main.find("script")
    for tag in main.find_all(src=True):
        assert not tag["src"].startswith(("http:", "https:", "//"))
    assert soup.find("meta", attrs={"name": "viewport"})
    # The downloads are links to this page's own routes.
    links = [a["href"] for a in soup.select(".resultados-descargas a")]
    assert links == [
        f"/rendicion-de-resultados/descargar/csv/?ejercicio={YEAR}",
        f"/rendicion-de-resultados/descargar/xlsx/?ejercicio={YEAR}",
    ]


def test_page_queries_do_not_grow_with_the_records(client, page, organo, estructura):
    record_year(YEAR, organo, page)
    get(client, page, ejercicio=YEAR)  # warm the per-process caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        get(client, page, ejercicio=YEAR)
    record_year(YEAR, organo, estructura, scale=12)
    with CaptureQueriesContext(connection) as many:
        get(client, page, ejercicio=YEAR)
    assert len(many) == len(few)


def test_page_query_budget(client, page, organo, django_assert_max_num_queries):
    record_year(YEAR, organo, page, scale=5)
    get(client, page, ejercicio=YEAR)  # the first view also creates the site's settings rows
    # Eight periods of figures (four quarters, the one before, the year and the year before);
    # the series behind the compliance figure are read once.
    with django_assert_max_num_queries(60):
        get(client, page, ejercicio=YEAR)


def test_other_methods_are_refused(client, page):
    assert client.post(page.url).status_code == 405


def test_page_lists_the_most_visited_pages_of_each_eje(client, page, organo, eje):
    from estructura.factories import PublicacionPageFactory
    from visitas.models import VisitaDiaria

    informe = PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe muy leído")
    VisitaDiaria.objects.create(page=informe, dia=datetime.date(YEAR, 5, 2), visitas=40)
    VisitaDiaria.objects.create(page=eje, dia=datetime.date(YEAR, 5, 2), visitas=7)
    VisitaDiaria.objects.create(page=informe, dia=datetime.date(YEAR - 1, 5, 2), visitas=900)

    section = get(client, page, ejercicio=YEAR).select_one(".resultados-visitadas")
    assert section.h3.get_text(strip=True) == eje.title
    items = [li.get_text(" ", strip=True) for li in section.select("ol li")]
    assert items[0].startswith("Informe muy leído") and "40 visitas" in items[0]
    assert "7 visitas" in items[1]
