"""Any period on every figures URL, read by one function (cms.periods.from_query): a year, a
quarter, a month or a desde/hasta range; anything else a 400 in Spanish naming what is wrong.

The URLs are generated: every operation of the project API's OpenAPI schema that takes
``ejercicio`` (the figures endpoints), and every open-data URL of the catalogue that takes the
period's parameters (the results downloads). The results page is added by hand: it is the one
page of figures, and a 400 there is HTML.
"""

import datetime

import pytest
from django.test import RequestFactory

from cms.parameters import BadParameter
from cms.periods import MAX_RANGE_DAYS, PARAMETERS, Periodo, from_query
from datos_abiertos.catalogo import datasets, endpoints
from resultados.factories import ResultadosPageFactory
from resultados.figures import comparable

pytestmark = pytest.mark.django_db

NAMES = {parameter.name for parameter in PARAMETERS}
YEAR = datetime.date.today().year  # the downloads and the page start at the first year with data

GOOD = [
    ({}, "anio", None),
    ({"ejercicio": str(YEAR)}, "anio", (f"{YEAR}-01-01", f"{YEAR}-12-31")),
    ({"ejercicio": str(YEAR), "trimestre": "2"}, "trimestre", (f"{YEAR}-04-01", f"{YEAR}-06-30")),
    ({"ejercicio": str(YEAR), "mes": "2"}, "mes", None),
    (
        {"desde": f"{YEAR}-03-10", "hasta": f"{YEAR}-04-20"},
        "rango",
        (f"{YEAR}-03-10", f"{YEAR}-04-20"),
    ),
    ({"ejercicio": "", "trimestre": "", "mes": ""}, "anio", None),
]
BAD = [
    ({"zzz": "1"}, "zzz"),
    ({"ejercicio": "20x6"}, "ejercicio"),
    ({"ejercicio": str(YEAR), "trimestre": "5"}, "trimestre"),
    ({"ejercicio": str(YEAR), "mes": "13"}, "mes"),
    ({"ejercicio": str(YEAR), "mes": "0"}, "mes"),
    ({"ejercicio": str(YEAR), "trimestre": "1", "mes": "2"}, "mes"),
    ({"desde": f"{YEAR}-03-10"}, "hasta"),
    ({"hasta": f"{YEAR}-03-10"}, "desde"),
    ({"desde": f"{YEAR}-02-30", "hasta": f"{YEAR}-03-10"}, "desde"),
    ({"desde": f"{YEAR}-03-10", "hasta": "ayer"}, "hasta"),
    ({"desde": f"{YEAR}-04-10", "hasta": f"{YEAR}-03-10"}, "desde"),
    ({"desde": "2001-01-01", "hasta": f"{YEAR}-03-10"}, "demasiado largo"),
    ({"desde": f"{YEAR}-03-10", "hasta": f"{YEAR}-04-10", "ejercicio": str(YEAR)}, "ejercicio"),
    ({"desde": f"{YEAR}-03-10", "hasta": f"{YEAR}-04-10", "trimestre": "1"}, "trimestre"),
    ({"mes": ["1", "2"]}, "mes"),
    ({"desde": "x" * 300, "hasta": f"{YEAR}-04-10"}, "desde"),
    ({"desde": "١٠-٠٣-٢٠٢٥", "hasta": f"{YEAR}-04-10"}, "desde"),
]


@pytest.fixture
def figure_urls(client, home):
    """(path, kind) of every figures URL: the API's, the downloads', the page."""
    page = ResultadosPageFactory(parent=home)
    schema = client.get("/api/openapi.json").json()
    found = [
        (path, "api")
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        if "ejercicio" in {p["name"] for p in operation.get("parameters", [])}
    ]
    found += [
        (endpoint.path, "download")
        for endpoint in endpoints(datasets())
        if {p.name for p in endpoint.parameters} >= NAMES
    ]
    found.append((page.url, "page"))
    assert len([kind for _path, kind in found if kind == "api"]) >= 2, found
    # The results' CSV and XLSX; the Buzón statistics' page, CSV and XLSX.
    assert len([kind for _path, kind in found if kind == "download"]) == 5, found
    return found


def test_every_figures_operation_documents_every_period_parameter(client, home):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            names = {p["name"] for p in operation.get("parameters", [])}
            if "ejercicio" in names:
                assert names >= NAMES, (path, NAMES - names)


@pytest.mark.parametrize(("query", "tipo", "bounds"), GOOD)
def test_every_figures_url_takes_every_kind_of_period(client, figure_urls, query, tipo, bounds):
    for path, kind in figure_urls:
        response = client.get(path, query)
        assert response.status_code == 200, (path, query, response.status_code)
        if kind == "api":
            periodo = response.json()["periodo"]
            assert periodo["tipo"] == tipo, (path, query)
            if bounds:
                assert (periodo["inicio"], periodo["fin"]) == bounds


@pytest.mark.parametrize(("query", "named"), BAD)
def test_every_figures_url_refuses_anything_else_in_spanish(client, figure_urls, query, named):
    for path, kind in figure_urls:
        response = client.get(path, query)
        assert response.status_code == 400, (path, query, response.status_code)
        text = response.content.decode()
        if kind == "api":
            assert response["Content-Type"].startswith("application/problem+json")
            text = response.json()["detail"]
        assert named in text, (path, query, text[:300])


def test_a_download_names_its_period(client, figure_urls):
    for path, kind in figure_urls:
        if kind != "download":
            continue
        response = client.get(path, {"ejercicio": str(YEAR), "mes": "5"})
        if "Content-Disposition" not in response:
            continue  # the Buzón statistics' page
        assert f"-{YEAR}-05." in response["Content-Disposition"]
        response = client.get(path, {"desde": f"{YEAR}-03-10", "hasta": f"{YEAR}-04-20"})
        assert f"-{YEAR}-03-10-a-{YEAR}-04-20." in response["Content-Disposition"]


# --- the period itself ---------------------------------------------------------------------


def read(**query):
    return from_query(RequestFactory().get("/", query), today=datetime.date(2026, 12, 4))


def test_labels_say_the_period_in_spanish_with_lower_case_months():
    assert read(ejercicio="2026", mes="5").label == "mayo de 2026"
    assert read(ejercicio="2026", trimestre="3").label == "T3 2026"
    assert (
        read(desde="2026-03-01", hasta="2026-04-15").label
        == "del 1 de marzo al 15 de abril de 2026"
    )
    across = read(desde="2025-12-20", hasta="2026-01-10").label
    assert across == "del 20 de diciembre de 2025 al 10 de enero de 2026"


def test_previous_and_year_before_of_every_kind():
    assert Periodo(2026, mes=1).previous() == Periodo(2025, mes=12)
    assert Periodo(2026, 1).previous() == Periodo(2025, 4)
    rango = Periodo.rango(datetime.date(2026, 3, 10), datetime.date(2026, 3, 19))
    assert rango.previous().bounds == (datetime.date(2026, 2, 28), datetime.date(2026, 3, 9))
    leap = Periodo.rango(datetime.date(2028, 2, 29), datetime.date(2028, 3, 1))
    assert leap.year_before().bounds == (datetime.date(2027, 2, 28), datetime.date(2027, 3, 1))


def test_a_running_period_is_compared_with_the_same_days_of_the_earlier_ones():
    today = datetime.date(2026, 11, 15)
    running = Periodo(2026, 4)
    previous = comparable(running, "previous", today)
    assert previous.bounds == (datetime.date(2026, 7, 1), datetime.date(2026, 8, 15))
    year_before = comparable(running, "year_before", today)
    assert year_before.bounds == (datetime.date(2025, 10, 1), datetime.date(2025, 11, 15))
    closed = comparable(Periodo(2026, 3), "previous", today)
    assert closed == Periodo(2026, 2)
    assert comparable(Periodo(2000, 1), "previous", today) is None


def test_a_range_longer_than_the_limit_is_refused_and_the_limit_is_accepted():
    start = datetime.date(2016, 1, 1)
    end = start + datetime.timedelta(days=MAX_RANGE_DAYS - 1)
    assert read(desde=start.isoformat(), hasta=end.isoformat()).dias == MAX_RANGE_DAYS
    with pytest.raises(BadParameter):
        read(desde=start.isoformat(), hasta=(end + datetime.timedelta(days=1)).isoformat())
