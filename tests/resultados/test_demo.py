"""The demo brings the results page to life, and seeding it again adds nothing."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from estructura.choices import TipoReunion
from estructura.registers import ActualizacionPlataforma, EnlaceAcreditado, Reunion
from home.demo.builder import DemoBuilder
from home.demo.resultados import ensure_resultados
from home.models import HomePage
from resultados.figures import Periodo, resultados
from resultados.models import ResultadosPage
from visitas.models import VisitaDiaria


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def counts():
    return {
        "enlaces": EnlaceAcreditado.objects.count(),
        "reuniones": Reunion.objects.count(),
        "cargas": ActualizacionPlataforma.objects.count(),
        "visitas": VisitaDiaria.objects.count(),
        "paginas": ResultadosPage.objects.count(),
    }


def test_demo_has_a_results_page_in_the_menu_with_a_year_of_records(client, demo):
    page = ResultadosPage.objects.get()
    assert page.live and page.show_in_menus
    assert page.url == "/rendicion-de-resultados/"
    assert EnlaceAcreditado.objects.count() >= 10
    assert EnlaceAcreditado.objects.filter(usuario__username__startswith="enlace-").count() == (
        EnlaceAcreditado.objects.count()
    )
    reuniones = Reunion.objects.all()
    assert 15 <= reuniones.count() <= 25
    assert {r.tipo for r in reuniones} == {TipoReunion.ORGANO_GOBIERNO, TipoReunion.ENLACES}
    assert all(r.organos.exists() and r.asistentes and r.acuerdos for r in reuniones)
    assert 20 <= ActualizacionPlataforma.objects.count() <= 40
    assert ActualizacionPlataforma.objects.filter(
        formato__startswith="Art. 70 fracción IX"
    ).exists()
    assert VisitaDiaria.objects.count() > 10_000

    html = client.get(page.url).content.decode()
    assert page.title in html
    assert html.count('role="img"') == 7
    # Last quarter has every kind of figure.
    last = resultados(Periodo.current().previous())
    assert last["visitas_portal"] > 0
    assert last["reuniones_enlaces"] + last["reuniones_organos_gobierno"] > 0
    assert last["tickets_recibidos"] > 0


def test_weekdays_get_more_visits_than_weekends(demo):
    home = HomePage.objects.get()
    by_weekday = [0] * 7
    for visita in VisitaDiaria.objects.filter(page=home):
        by_weekday[visita.dia.weekday()] += visita.visitas
    assert min(by_weekday[:5]) > max(by_weekday[5:])


def test_seeding_again_adds_nothing_and_is_quick(demo):
    before = counts()
    output = StringIO()
    call_command("seed_demo", force=True, stdout=output)
    assert counts() == before
    text = output.getvalue()
    for name in (
        "Enlaces acreditados",
        "Registros de reuniones",
        "Registros de cargas a la plataforma",
        "Registros de visitas diarias",
    ):
        assert f"{name}: 0 creados" in text

    builder = DemoBuilder(password="x").build()
    started = time.monotonic()
    assert ensure_resultados(builder, HomePage.objects.get()) == 0
    assert time.monotonic() - started < 1
