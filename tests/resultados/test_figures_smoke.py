"""The results hub answers for any quarter or year, in a fixed number of queries."""

import pytest

from resultados.figures import FIGURES, Periodo, resultados, resultados_por_trimestre

pytestmark = pytest.mark.django_db


def test_every_figure_has_a_value_for_an_empty_quarter(django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        figures = resultados(Periodo(2026, 3))
    assert set(figures.valores) == {figure.key for figure in FIGURES}
    assert figures["tickets_recibidos"] == 0
    assert figures["porcentaje_tickets_resueltos"] is None


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
