"""Each figure of resultados() against hand-made data around the Q1/Q2 2026 boundary (local
Mexico City days), and a fixed number of queries whatever the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry

from estructura.choices import Periodo as PeriodoInformado
from estructura.choices import TipoReunion
from estructura.factories import AplicabilidadFactory, PublicacionPageFactory
from estructura.registers import ActualizacionPlataforma, Reunion
from resultados.figures import FIGURES, Periodo, resultados
from tests.buzon.tickets import MX, local, ticket_at
from visitas.models import VisitaDiaria

pytestmark = pytest.mark.django_db

Q1, Q2, YEAR = Periodo(2026, 1), Periodo(2026, 2), Periodo(2026)
LAST_OF_Q1, FIRST_OF_Q2 = datetime.date(2026, 3, 31), datetime.date(2026, 4, 1)


def publish_at(page, when, revision=None):
    """Publish through Wagtail (which logs it), then date the log entry: the clock cannot be
    stopped at 23:59 on 31 March, but the entry is the one publish() wrote."""
    if revision is None:
        revision = page.save_revision()
    else:
        # Published again unchanged: only after being withdrawn (a live revision published
        # again is a no-op, cms/publishing.py).
        Page.objects.get(pk=page.pk).specific.unpublish()
    revision.publish()
    entry = PageLogEntry.objects.filter(page=page, action="wagtail.publish").latest("pk")
    PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
    return revision


def reunion(fecha, tipo, organos=()):
    meeting = Reunion.objects.create(fecha=fecha, tipo=tipo, asistentes="Ana\nLuis")
    meeting.organos.set(organos)
    meeting.save()
    return meeting


def carga(organo, fecha):
    return ActualizacionPlataforma.objects.create(
        formato="Art. 70 fracción I",
        ejercicio=fecha.year,
        periodo=PeriodoInformado.T1,
        organo=organo,
        fecha=fecha,
    )


@pytest.fixture
def boundary(organo):
    """One of everything on each side of midnight between 31 March and 1 April 2026."""
    # Filed at 23:30 on 31 March (already 1 April in UTC), answered and closed on 1 April.
    ticket_at(
        local(2026, 3, 31, 23, 30),
        resuelto=local(2026, 4, 1, 9, 30),
        respondido=local(2026, 4, 1, 9, 30),
    )
    # Filed and answered within Q1 (two days): resolved there.
    ticket_at(local(2026, 3, 2), resuelto=local(2026, 3, 4), respondido=local(2026, 3, 4))
    # Filed on 1 April, not answered yet.
    ticket_at(local(2026, 4, 1, 0, 5))

    late = PublicacionPageFactory(parent=organo, title="Informe de marzo")
    publish_at(late, local(2026, 3, 31, 23, 59))
    early = PublicacionPageFactory(parent=organo, title="Informe de abril")
    publish_at(early, local(2026, 4, 1, 0, 1))
    # Withdrawn and published again unchanged in Q1: one update, not two.
    twice = PublicacionPageFactory(parent=organo, title="Acta")
    revision = publish_at(twice, local(2026, 2, 10))
    publish_at(twice, local(2026, 2, 11), revision=revision)

    reunion(LAST_OF_Q1, TipoReunion.ORGANO_GOBIERNO, [organo])
    reunion(FIRST_OF_Q2, TipoReunion.ORGANO_GOBIERNO, [organo])
    reunion(FIRST_OF_Q2, TipoReunion.ENLACES)
    carga(organo, LAST_OF_Q1)
    VisitaDiaria.objects.create(page=organo, dia=LAST_OF_Q1, visitas=7)
    VisitaDiaria.objects.create(page=organo, dia=FIRST_OF_Q2, visitas=11)
    VisitaDiaria.objects.create(page=late, dia=FIRST_OF_Q2, visitas=2)


def test_first_quarter_counts_what_happened_by_midnight_of_31_march(boundary):
    assert resultados(Q1).valores == {
        "tickets_recibidos": 2,
        "tickets_resueltos": 1,  # the late one was closed on 1 April
        "tickets_pendientes": 1,
        "porcentaje_tickets_resueltos": 50.0,
        "mediana_dias_respuesta": 2.0,
        "actualizaciones_opti": 2,  # 23:59 on 31 March, and the twice-published revision once
        "actualizaciones_plataforma": 1,
        "reuniones_organos_gobierno": 1,
        "reuniones_enlaces": 0,
        "cumplimiento_obligaciones": None,  # no tabla de aplicabilidad: nothing to comply with
        "visitas_portal": 7,
    }


def test_second_quarter_counts_what_happened_from_midnight_of_1_april(boundary):
    assert resultados(Q2).valores == {
        "tickets_recibidos": 1,
        "tickets_resueltos": 0,  # the late Q1 ticket is Q1's, even though it closed now
        "tickets_pendientes": 1,
        "porcentaje_tickets_resueltos": 0.0,
        "mediana_dias_respuesta": None,
        "actualizaciones_opti": 1,  # 00:01 on 1 April
        "actualizaciones_plataforma": 0,
        "reuniones_organos_gobierno": 1,
        "reuniones_enlaces": 1,
        "cumplimiento_obligaciones": None,
        "visitas_portal": 13,
    }


ADDITIVE = [
    "tickets_recibidos",
    "actualizaciones_plataforma",
    "reuniones_organos_gobierno",
    "reuniones_enlaces",
    "visitas_portal",
]


def test_the_year_is_the_sum_of_its_quarters_where_figures_add_up(boundary):
    year = resultados(YEAR).valores
    quarters = [resultados(quarter).valores for quarter in YEAR.quarters()]
    for key in ADDITIVE:
        assert year[key] == sum(quarter[key] for quarter in quarters), key
    assert year["actualizaciones_opti"] == 3
    # Resolution is judged at the close of the period: the ticket of 31 March, closed on
    # 1 April, is pending in Q1 but resolved within the year.
    assert (year["tickets_recibidos"], year["tickets_resueltos"]) == (3, 2)
    assert year["tickets_pendientes"] == 1
    assert year["porcentaje_tickets_resueltos"] == 66.7


def test_a_revision_published_in_two_quarters_counts_in_each_but_once_in_the_year(organo):
    page = PublicacionPageFactory(parent=organo)
    revision = publish_at(page, local(2026, 3, 20))
    publish_at(page, local(2026, 4, 20), revision=revision)
    assert resultados(Q1)["actualizaciones_opti"] == 1
    assert resultados(Q2)["actualizaciones_opti"] == 1
    assert resultados(YEAR)["actualizaciones_opti"] == 1


def test_the_figures_do_not_reach_into_other_years(boundary):
    empty = resultados(Periodo(2025, 4)).valores
    assert all(not empty[figure.key] for figure in FIGURES)


def make_rows(organo, count):
    """`count` records of every kind in the first quarter, and a series per call."""
    serie = AplicabilidadFactory(organo=organo)
    pages = [PublicacionPageFactory(parent=organo, obligacion=serie.obligacion) for _ in range(3)]
    for number in range(count):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 80)
        when = datetime.datetime.combine(day, datetime.time(12), tzinfo=MX)
        ticket_at(when, resuelto=when + datetime.timedelta(days=1), respondido=when)
        page = pages[number % 3]
        PageLogEntry.objects.log_action(
            instance=page, action="wagtail.publish", timestamp=when, revision=None
        )
        reunion(day, TipoReunion.ENLACES)
        carga(organo, day)
        VisitaDiaria.objects.create(page=pages[number % 3], dia=day, visitas=3)
        VisitaDiaria.objects.update_or_create(page=organo, dia=day, defaults={"visitas": 1})


def queries_for(periodo):
    resultados(periodo)  # the first call also creates the site's update calendar
    with CaptureQueriesContext(connection) as captured:
        resultados(periodo)
    return len(captured)


@pytest.mark.parametrize("count", [5, 50])
def test_figures_take_a_fixed_number_of_queries(organo, count, django_assert_max_num_queries):
    make_rows(organo, count)
    resultados(Q1)  # the first call also creates the site's update calendar
    # Eight for the records, seven for the series judged at the window's close.
    with django_assert_max_num_queries(15):
        figures = resultados(Q1)
    assert figures["tickets_recibidos"] == count
    assert figures["reuniones_enlaces"] == count
    assert figures["actualizaciones_plataforma"] == count
    assert figures["actualizaciones_opti"] == count


def test_query_count_does_not_grow_with_the_data(organo):
    make_rows(organo, 5)
    few = queries_for(Q1)
    make_rows(organo, 45)
    assert queries_for(Q1) == few
