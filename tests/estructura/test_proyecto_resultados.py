"""A project sheet's "Rendición de resultados" is counted from the records for the period the
editor picks (the quarter, the year, everything): the same numbers as the results page, each
linked to the records behind it. What the system cannot count is typed and says so: "dato
capturado", with its source and date."""

import datetime
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.formats import cifra
from estructura.factories import ProyectoPageFactory
from estructura.models import ProyectoIndicador, ProyectoResultado
from resultados.factories import ResultadosPageFactory
from resultados.figures import FIGURES, resultados
from resultados.live_figures import periods_for
from resultados.models import ResultadosPage
from tests.buzon.tickets import ticket_at

pytestmark = pytest.mark.django_db

SCOPES = ["trimestre", "anio", "acumulado"]


@pytest.fixture
def sheet(home, organo):
    ResultadosPageFactory(parent=home)  # the drill-downs are its routes
    now = timezone.now()
    ticket_at(now, resuelto=now, respondido=now)
    ticket_at(now - datetime.timedelta(days=400))
    page = ProyectoPageFactory(parent=organo, title="Transparencia Proactiva OPTISNTE")
    for n, figure in enumerate(FIGURES):
        ProyectoResultado.objects.create(
            page=page, concepto=str(figure.label), figura=figure.key, sort_order=n
        )
    ProyectoResultado.objects.create(
        page=page,
        concepto="Seguidores en redes sociales",
        valor="12,400",
        fuente="Coordinación de Comunicación Social",
        fecha_dato=datetime.date(2026, 9, 30),
        sort_order=99,
    )
    ProyectoIndicador.objects.create(
        page=page,
        cifra="20 %",
        etiqueta="de crecimiento en redes sociales",
        fuente="Coordinación de Comunicación Social",
        fecha_dato=datetime.date(2026, 9, 30),
        sort_order=0,
    )
    return page


def rows_of(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    table = soup.select_one("#resultados-title").find_parent("section").select_one("table")
    return soup, table


@pytest.mark.parametrize("alcance", SCOPES)
def test_every_bound_row_shows_the_results_figure_for_the_chosen_period(client, sheet, alcance):
    sheet.periodo_resultados = alcance
    sheet.save()
    soup, table = rows_of(client, sheet)
    periodo, fallback = periods_for(alcance)
    shown = {row["data-cifra"]: row for row in table.select("tr[data-cifra]")}
    for figure in FIGURES:
        value = resultados(periodo).valores[figure.key]
        used = periodo
        if value is None and fallback is not None:
            value, used = resultados(fallback).valores[figure.key], fallback
        row = shown[figure.key]
        if value is None:
            assert row.select("td")[0].get_text(strip=True) == "—"
            assert "aún sin dato" in row.get_text()
            continue
        cell = row.select("td")[0]
        assert cell.get_text(strip=True) == cifra(value, figure.unit)
        assert used.label in row.select("td")[1].get_text()
        assert "/registros/" in cell.select_one("a")["href"]  # to the records behind it


def test_typed_values_say_they_are_typed_with_their_source_and_date(client, sheet):
    soup, table = rows_of(client, sheet)
    (typed,) = table.select("tr[data-capturado]")
    text = typed.get_text(" ", strip=True)
    assert "12,400" in text and "Dato capturado" in text
    assert "Coordinación de Comunicación Social" in text and "30 de septiembre de 2026" in text
    indicator = soup.select_one("[data-capturado]").get_text(" ", strip=True)
    assert "Dato capturado · Coordinación de Comunicación Social" in indicator


def test_a_typed_value_without_its_source_or_an_unknown_figure_is_refused(sheet):
    """Rows and indicators alike (CifraCalculadaMixin.clean_figura)."""
    with pytest.raises(ValidationError) as error:
        ProyectoResultado(page=sheet, concepto="Tickets", valor="1,184").full_clean()
    assert "fuente" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        ProyectoResultado(page=sheet, concepto="X", figura="inventada").full_clean()
    assert "figura" in error.value.message_dict
    ProyectoResultado(page=sheet, concepto="Tickets", figura="tickets_recibidos").full_clean()
    with pytest.raises(ValidationError) as error:  # a typed indicator says its source too
        ProyectoIndicador(page=sheet, cifra="20 %", etiqueta="crecimiento").full_clean()
    assert "fuente" in error.value.message_dict
    ProyectoIndicador(page=sheet, cifra="20 %", etiqueta="crecimiento", fuente="Redes").full_clean()
    ProyectoIndicador(
        page=sheet, cifra="72 %", etiqueta="x", figura="tickets_recibidos"
    ).full_clean()


def test_a_sheets_queries_do_not_grow_with_its_rows(client, sheet):
    """Every row reads one period's figures and one first-year lookup, once per request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sheet.periodo_resultados = "acumulado"
    sheet.save()
    client.get(sheet.url)  # warm what every request shares
    with CaptureQueriesContext(connection) as all_rows:
        client.get(sheet.url)
    ProyectoResultado.objects.filter(page=sheet, sort_order__gte=3, sort_order__lt=99).delete()
    with CaptureQueriesContext(connection) as three_rows:
        client.get(sheet.url)
    assert len(all_rows) == len(three_rows)


@pytest.mark.parametrize("alcance", SCOPES)
def test_the_sheet_and_the_results_page_show_the_same_numbers(client, sheet, alcance):
    """Page against page, for every figure: the sheet's row and the results page's card for
    the period the sheet shows, and the drill-down both link to counts what they say."""
    sheet.periodo_resultados = alcance
    sheet.save()
    _soup, table = rows_of(client, sheet)
    periodo, _fallback = periods_for(alcance)
    results_url = ResultadosPage.objects.get().url + "?" + urlencode(periodo.query())
    page = BeautifulSoup(client.get(results_url).content, "html.parser")
    (block,) = [
        section
        for section in page.select("section.resultados-resumen")
        if section["data-periodo"] == periodo.label
    ]
    cards = {card["data-cifra"]: card for card in block.select("li.resultados-cifra")}
    compared = 0
    for row in table.select("tr[data-cifra]"):
        if periodo.label not in row.select("td")[1].get_text():
            continue  # a figure without data yet shows the period before: said on the row
        card = cards[row["data-cifra"]]
        number = card.select_one(".resultados-cifra__number").get_text(strip=True)
        assert row.select("td")[0].get_text(strip=True) == number, row["data-cifra"]
        link = row.select_one("td a")
        if link is not None:
            assert link["href"] == card.select_one("a")["href"]
        compared += 1
    assert compared >= len(FIGURES) - 2  # at most the two figures of no ticket answered
