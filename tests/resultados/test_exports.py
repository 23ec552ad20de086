"""The results downloads: the same numbers as the page, one row per quarter, in CSV and XLSX."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from resultados.exports import headers, table_rows
from resultados.factories import ResultadosPageFactory
from resultados.figures import FIGURES, Periodo, resultados, resultados_por_trimestre

from .page_data import record_year

pytestmark = pytest.mark.django_db

YEAR = 2025
CSV_URL = "/rendicion-de-resultados/descargar/csv/"
XLSX_URL = "/rendicion-de-resultados/descargar/xlsx/"


@pytest.fixture
def page(home, organo):
    page = ResultadosPageFactory(parent=home)
    record_year(YEAR, organo, page)
    return page


def expected_rows(year):
    return [
        [res.valores[figure.key] for figure in FIGURES]
        for res in [*resultados_por_trimestre(year), resultados(Periodo(year))]
    ]


def as_number(text):
    if text == "":
        return None
    return float(text) if "." in text else int(text)


def test_csv_has_a_row_per_quarter_and_the_year_with_spanish_headers(client, page):
    response = client.get(CSV_URL, {"ejercicio": YEAR})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=rendicion-de-resultados-2025.csv"
    )
    body = response.content.decode("utf-8")
    # A byte-order mark, so Excel opens the accents right.
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == headers()
    assert "Reuniones con Órganos Nacionales de Gobierno" in rows[0]
    assert [row[:4] for row in rows[1:]] == [
        ["2025", "T1", "2025-01-01", "2025-03-31"],
        ["2025", "T2", "2025-04-01", "2025-06-30"],
        ["2025", "T3", "2025-07-01", "2025-09-30"],
        ["2025", "T4", "2025-10-01", "2025-12-31"],
        ["2025", "Año completo", "2025-01-01", "2025-12-31"],
    ]
    assert [[as_number(cell) for cell in row[4:]] for row in rows[1:]] == expected_rows(YEAR)


def test_xlsx_opens_in_openpyxl_with_the_same_rows(client, page):
    response = client.get(XLSX_URL, {"ejercicio": YEAR})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename=rendicion-de-resultados-2025.xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == headers()
    assert [row[1] for row in rows[1:]] == ["T1", "T2", "T3", "T4", "Año completo"]
    assert rows[1][2].date() == datetime.date(2025, 1, 1)
    assert [row[4:] for row in rows[1:]] == expected_rows(YEAR)
    # The figures of the year by quarter and the visits of the fixture, spelled out.
    visitas = headers().index("Visitas al portal")
    assert [row[visitas] for row in rows[1:]] == [10, 20, 30, 45, 105]
    methodology = workbook["Metodología"]
    assert methodology["A2"].value == str(FIGURES[0].label)


def test_a_bad_year_is_refused_not_answered_with_another_year(client, page):
    # A file must hold the year asked for (issue 12), never another one.
    for bad in ("abc", "1800", "20255", str(timezone.localdate().year + 1)):
        response = client.get(CSV_URL, {"ejercicio": bad})
        assert response.status_code == 400, bad
        assert "«ejercicio» debe ser un año de cuatro cifras" in response.content.decode()
    response = client.get(CSV_URL, {"ejercicio": YEAR, "trimestre": "1", "zzz": "1"})
    assert response.status_code == 400
    assert "Parámetro desconocido: zzz" in response.content.decode()


def test_without_a_year_the_download_is_the_current_year(client, page):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    this_year = timezone.localdate().year
    assert f"rendicion-de-resultados-{this_year}.csv" in response["Content-Disposition"]


def test_quarters_not_started_are_empty_cells_not_zeros(page):
    rows = table_rows(Periodo(2026), today=datetime.date(2026, 5, 10))
    assert [row[1] for row in rows] == ["T1", "T2", "T3", "T4", "Año completo"]
    assert rows[2][4:] == [None] * len(FIGURES)
    assert rows[3][4:] == [None] * len(FIGURES)
    assert rows[0][4] == 0  # a started quarter with no tickets is a real zero
