"""The admin home's results panel: the running quarter at a glance, for the OPTI team only."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group
from resultados.dashboard import ResultadosPanel
from resultados.factories import ResultadosPageFactory
from resultados.figures import Periodo
from tests.buzon.conftest import logged_in, make_user

from .page_data import record_year

pytestmark = pytest.mark.django_db

HEADING = "Rendición de resultados — trimestre actual"


@pytest.fixture
def page(home):
    return ResultadosPageFactory(parent=home)


@pytest.fixture
def opti_admin(home):
    ensure_admin_group(home)
    return make_user("opti_admin", Group.objects.get(name=ADMIN_GROUP_NAME))


def test_opti_administration_sees_the_current_quarter_and_the_public_page(page, opti_admin, organo):
    record_year(timezone.localdate().year, organo, page)
    html = logged_in(opti_admin).get("/admin/").content.decode()

    assert HEADING in html
    assert Periodo.current().label in html
    assert "Visitas al portal" in html
    assert "frente a" in html or "Igual que en" in html
    assert 'href="/rendicion-de-resultados/"' in html


def test_superuser_sees_the_panel(page, django_user_model):
    admin = django_user_model.objects.create_superuser("jefa", "jefa@example.org", "x")
    assert HEADING in logged_in(admin).get("/admin/").content.decode()


def test_an_enlace_does_not_see_the_panel(page, organo):
    enlace = make_user("enlace_panel", organo.roles.enlaces)
    response = logged_in(enlace).get("/admin/")
    assert response.status_code == 200
    assert HEADING not in response.content.decode()


def test_panel_queries_do_not_grow_with_the_records(page, opti_admin, organo, estructura):
    request = RequestFactory().get("/admin/")
    request.user = opti_admin
    year = timezone.localdate().year

    def render():
        with CaptureQueriesContext(connection) as queries:
            html = ResultadosPanel().render_html({"request": request})
        assert HEADING in html
        return len(queries)

    render()  # warm the caches
    few = render()
    record_year(year, organo, estructura, scale=10)
    assert render() == few
    assert few <= 20
