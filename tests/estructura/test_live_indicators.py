"""Live indicators: a project sheet's indicator bound to a computed figure shows it, with its
period, on the page and in the API, and follows the data as it is recorded."""

import pytest
from django.utils import timezone

from buzon.models import Ticket
from estructura.choices import TipoReunion
from estructura.factories import ProyectoPageFactory
from estructura.live_figures import choices, resolve
from estructura.models import ProyectoIndicador
from estructura.registers import Reunion
from resultados.figures import Periodo
from tests.buzon.tickets import ticket_at
from visitas.models import VisitaDiaria

pytestmark = pytest.mark.django_db


def file_ticket(resuelto=False):
    now = timezone.now()
    return ticket_at(now, resuelto=now if resuelto else None, respondido=now if resuelto else None)


def meeting():
    return Reunion.objects.create(
        fecha=timezone.localdate(), tipo=TipoReunion.ENLACES, asistentes="Una persona"
    )


@pytest.fixture
def proyecto(organo):
    page = ProyectoPageFactory(parent=organo, title="Transparencia Proactiva OPTISNTE")
    ProyectoIndicador.objects.create(
        page=page,
        cifra="42",
        etiqueta="reuniones con enlaces",
        periodo="2025",
        figura="reuniones_enlaces",
        sort_order=0,
    )
    ProyectoIndicador.objects.create(
        page=page,
        cifra="72 %",
        etiqueta="de tickets resueltos",
        figura="porcentaje_tickets_resueltos",
        sort_order=1,
    )
    ProyectoIndicador.objects.create(
        page=page, cifra="20 %", etiqueta="crecimiento en redes", periodo="2025", sort_order=2
    )
    return page


def indicators(client, page, settings):
    settings.API_CACHE_SECONDS = 0  # a cached answer would hide the change until it expires
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return {item["etiqueta"]: item for item in response.json()["indicadores"]}


def test_bound_indicator_shows_the_counted_figure_and_its_period(client, proyecto, settings):
    meeting()
    meeting()
    label = Periodo.current().label
    html = client.get(proyecto.url).text
    assert 'figure-card__number">2</span>' in html
    assert f"({label})" in html
    data = indicators(client, proyecto, settings)
    bound = data["reuniones con enlaces"]
    assert bound["cifra_calculada"] == "2"
    assert bound["periodo_calculado"] == label
    assert bound["cifra"] == "42"  # the typed figure stays as written


def test_bound_indicator_follows_the_data(client, proyecto, settings):
    label = Periodo.current().label
    file_ticket(resuelto=True)
    file_ticket()
    assert "50.0\u00a0%" in client.get(proyecto.url).text
    assert indicators(client, proyecto, settings)["de tickets resueltos"]["cifra_calculada"] == (
        "50.0\u00a0%"
    )
    pending = Ticket.objects.get(resuelto_en__isnull=True)
    pending.resuelto_en = timezone.now()
    pending.save()
    html = client.get(proyecto.url).text
    assert "100.0\u00a0%" in html and f"({label})" in html
    meeting()
    assert indicators(client, proyecto, settings)["reuniones con enlaces"]["cifra_calculada"] == (
        "1"
    )


def test_percentage_of_no_tickets_falls_back_to_the_typed_figure(client, proyecto, settings):
    data = indicators(client, proyecto, settings)
    assert data["de tickets resueltos"]["cifra_calculada"] is None
    assert 'figure-card__number">72 %</span>' in client.get(proyecto.url).text


def test_unbound_and_unknown_indicators_show_the_typed_figure(client, proyecto, settings):
    ProyectoIndicador.objects.filter(etiqueta="reuniones con enlaces").update(figura="no_existe")
    html = client.get(proyecto.url).text
    assert 'figure-card__number">42</span>' in html
    assert 'figure-card__number">20 %</span>' in html
    data = indicators(client, proyecto, settings)
    assert data["reuniones con enlaces"]["cifra_calculada"] is None
    assert data["crecimiento en redes"]["cifra_calculada"] is None
    assert data["crecimiento en redes"]["cifra"] == "20 %"


def test_resolving_every_indicator_costs_a_fixed_number_of_queries(
    client, proyecto, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(proyecto.url)
    with CaptureQueriesContext(connection) as three:
        client.get(proyecto.url)
    for n in range(6):
        ProyectoIndicador.objects.create(
            page=proyecto, cifra="1", etiqueta=f"visitas {n}", figura="visitas_portal"
        )
    VisitaDiaria.objects.create(page=proyecto, dia=timezone.localdate(), visitas=426000)
    with django_assert_max_num_queries(len(three)):
        html = client.get(proyecto.url).text
    assert 'figure-card__number">426,000</span>' in html


def test_hook_offers_the_results_figures_and_ignores_unknown_keys():
    offered = dict(choices())
    assert offered["porcentaje_tickets_resueltos"] == "% de tickets resueltos"
    assert "visitas_portal" in offered
    assert resolve(["no_existe", ""]) == {}
    assert resolve(["reuniones_enlaces"]) == {"reuniones_enlaces": ("0", Periodo.current().label)}


def test_admin_form_offers_the_figures_and_refuses_unknown_ones(client, proyecto):
    client.force_login(make_superuser())
    html = client.get(f"/admin/pages/{proyecto.pk}/edit/").text
    assert '<option value="porcentaje_tickets_resueltos"' in html
    assert '<option value="reuniones_enlaces" selected>' in html
    assert "% de tickets resueltos" in html
    assert "se muestra la cifra escrita" in html

    indicador = ProyectoIndicador(page=proyecto, cifra="1", etiqueta="x", figura="no_existe")
    with pytest.raises(Exception, match="Esa cifra calculada no existe"):
        indicador.full_clean()


def make_superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("admin-live", "a@example.org", "x")
