"""The results hub answers for any quarter or year, in a fixed number of queries."""

import datetime

import pytest

from estructura.choices import TipoReunion
from estructura.factories import AplicabilidadFactory, PublicacionPageFactory
from resultados.figures import FIGURES, Periodo, resultados, resultados_por_trimestre
from tests.buzon.tickets import local, ticket_at
from visitas.models import VisitaDiaria

from .test_figures import carga, publish_at, reunion

pytestmark = pytest.mark.django_db


# What each figure is for an empty quarter and for a quarter with one record of every kind.
# Keyed like FIGURES, so a new figure without its expectation fails here.
EMPTY = {
    "tickets_recibidos": 0,
    "tickets_resueltos": 0,
    "tickets_pendientes": 0,
    "porcentaje_tickets_resueltos": None,  # no tickets: no percentage, not 0 %
    "mediana_dias_respuesta": None,
    "actualizaciones_opti": 0,
    "actualizaciones_plataforma": 0,
    "reuniones_organos_gobierno": 0,
    "reuniones_enlaces": 0,
    "cumplimiento_obligaciones": None,  # no tabla de aplicabilidad: nothing to comply with
    "visitas_portal": 0,
}
ONE_OF_EACH = {
    "tickets_recibidos": 2,
    "tickets_resueltos": 1,
    "tickets_pendientes": 1,
    "porcentaje_tickets_resueltos": 50.0,
    "mediana_dias_respuesta": 3.0,
    "actualizaciones_opti": 1,
    "actualizaciones_plataforma": 1,
    "reuniones_organos_gobierno": 1,
    "reuniones_enlaces": 1,
    "cumplimiento_obligaciones": 100,  # the second quarter, published by September's close
    "visitas_portal": 5,
}


def test_the_expectations_name_every_figure():
    assert set(EMPTY) == set(ONE_OF_EACH) == {figure.key for figure in FIGURES}


def test_every_figure_has_a_value_for_an_empty_quarter(django_assert_max_num_queries):
    resultados(Periodo(2026, 3))  # the first call also creates the site's update calendar
    with django_assert_max_num_queries(15):
        figures = resultados(Periodo(2026, 3))
    assert figures.valores == EMPTY


def test_one_record_of_each_kind_moves_every_figure(organo):
    ticket_at(local(2026, 8, 3), resuelto=local(2026, 8, 6), respondido=local(2026, 8, 6))
    ticket_at(local(2026, 8, 4))
    publish_at(PublicacionPageFactory(parent=organo), local(2026, 8, 5))
    carga(organo, datetime.date(2026, 8, 5))
    reunion(datetime.date(2026, 8, 5), TipoReunion.ORGANO_GOBIERNO, [organo])
    reunion(datetime.date(2026, 8, 6), TipoReunion.ENLACES)
    VisitaDiaria.objects.create(page=organo, dia=datetime.date(2026, 8, 7), visitas=5)
    serie = AplicabilidadFactory(organo=organo)
    PublicacionPageFactory(
        parent=organo,
        obligacion=serie.obligacion,
        ejercicio=2026,
        periodo="T2",
        fecha_actualizacion=datetime.date(2026, 8, 5),
    )

    assert resultados(Periodo(2026, 3)).valores == ONE_OF_EACH
    # Nothing leaks into the quarter before: June's window closed before the first record,
    # when the observatory held no obligation to judge.
    assert resultados(Periodo(2026, 2)).valores == EMPTY


def test_periods_know_their_neighbours():
    assert Periodo(2026, 1).previous() == Periodo(2025, 4)
    assert Periodo(2026, 3).year_before() == Periodo(2025, 3)
    assert Periodo(2026).previous() == Periodo(2025)
    assert [p.label for p in Periodo(2026).quarters()] == [
        "T1 2026",
        "T2 2026",
        "T3 2026",
        "T4 2026",
    ]
    assert len(resultados_por_trimestre(2026)) == 4
    with pytest.raises(ValueError):
        Periodo(2026, 5)
