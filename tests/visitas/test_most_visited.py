"""Most visited pages per eje, and the "visitas al portal" figure."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from ejes.factories import EjePageFactory
from estructura.factories import ProyectoPageFactory, PublicacionPageFactory
from resultados.figures import Periodo, resultados
from resultados.most_visited import most_visited_by_eje
from visitas import counter
from visitas.models import VisitaDiaria

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 8, 14)
Q3 = Periodo(2026, 3)


def visits(page, n, day=DAY):
    VisitaDiaria.objects.create(page=page, dia=day, visitas=n)


def most_visited(**kwargs):
    return most_visited_by_eje(VisitaDiaria.objects.between(*Q3.bounds), **kwargs)


@pytest.fixture
def otro_eje(ejes_index):
    return EjePageFactory(parent=ejes_index, title="Derechos laborales", slug="derechos")


def test_pages_of_each_eje_come_most_visited_first(eje, otro_eje, organo):
    informe = PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe")
    padron = PublicacionPageFactory(parent=organo, ejes=[eje, otro_eje], title="Padrón")
    proyecto = ProyectoPageFactory(parent=organo, ejes=[eje], title="Proyecto OPTI")
    ajena = PublicacionPageFactory(parent=organo, ejes=[otro_eje], title="Ajena")
    sin_visitas = PublicacionPageFactory(parent=organo, ejes=[eje], title="Sin visitas")
    visits(informe, 10)
    visits(informe, 4, DAY + datetime.timedelta(days=1))
    visits(padron, 3)
    visits(proyecto, 7)
    visits(eje, 5)
    visits(ajena, 100)
    visits(padron, 500, datetime.date(2026, 6, 30))  # the quarter before

    result = {row.eje.pk: row.paginas for row in most_visited()}

    assert [(p.page.title, p.visitas) for p in result[eje.pk]] == [
        ("Informe", 14),
        ("Proyecto OPTI", 7),
        ("Transparencia", 5),
        ("Padrón", 3),
    ]
    assert [(p.page.title, p.visitas) for p in result[otro_eje.pk]] == [
        ("Ajena", 100),
        ("Padrón", 3),
    ]
    assert sin_visitas.pk not in {p.page.pk for p in result[eje.pk]}


def test_only_the_top_pages_are_kept_and_ejes_keep_the_order_given(eje, otro_eje, organo):
    for n in range(4):
        visits(PublicacionPageFactory(parent=organo, ejes=[eje], title=f"P{n}"), n + 1)
    rows = most_visited(ejes=[otro_eje, eje], limit=2)
    assert [row.eje for row in rows] == [otro_eje, eje]
    assert rows[0].paginas == []
    assert [p.page.title for p in rows[1].paginas] == ["P3", "P2"]


def test_unpublished_and_private_pages_are_left_out(eje, organo, organo_b):
    retirada = PublicacionPageFactory(parent=organo, ejes=[eje], title="Retirada")
    privada = PublicacionPageFactory(parent=organo_b, ejes=[eje], title="Privada")
    publica = PublicacionPageFactory(parent=organo, ejes=[eje], title="Pública")
    for page in (retirada, privada, publica):
        visits(page, 9)
    retirada.unpublish()
    PageViewRestriction.objects.create(page=organo_b, restriction_type=PageViewRestriction.LOGIN)
    (row,) = most_visited()
    assert [p.page.title for p in row.paginas] == ["Pública"]


def test_what_a_tema_classifies_counts_for_its_eje_too(eje, organo):
    tema = EjePageFactory(parent=eje, title="Cuotas sindicales", slug="cuotas")
    solo_tema = PublicacionPageFactory(parent=organo, ejes=[tema], title="Solo del tema")
    del_eje = PublicacionPageFactory(parent=organo, ejes=[eje], title="Del eje")
    visits(solo_tema, 8)
    visits(del_eje, 3)
    rows = {row.eje.pk: [p.page.title for p in row.paginas] for row in most_visited()}
    assert rows[eje.pk] == ["Solo del tema", "Del eje"]
    assert rows[tema.pk] == ["Solo del tema"]


def test_most_visited_takes_a_fixed_number_of_queries(
    eje, otro_eje, organo, django_assert_num_queries
):
    def add(count):
        for n in range(count):
            page = PublicacionPageFactory(parent=organo, ejes=[eje, otro_eje])
            visits(page, n + 1)
            visits(ProyectoPageFactory(parent=organo, ejes=[otro_eje]), n + 2)

    add(2)
    with django_assert_num_queries(6):
        rows = most_visited()
    assert len(rows[0].paginas) == 2
    add(20)
    with django_assert_num_queries(6):
        rows = most_visited()
    assert len(rows[1].paginas) == 5


def test_the_portal_figure_sums_the_flushed_views_of_the_period(home, eje):
    visits(home, 30)
    visits(eje, 12, datetime.date(2026, 9, 30))
    visits(eje, 99, datetime.date(2026, 10, 1))  # next quarter
    counter.record(home.pk, day=DAY)  # still in the cache: counted once flushed
    assert resultados(Q3)["visitas_portal"] == 42
    counter.flush(today=datetime.date(2026, 8, 15))
    assert resultados(Q3)["visitas_portal"] == 43
