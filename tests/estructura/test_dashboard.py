"""The admin home shows each role the órgano work it may see, and only that."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.formats import PORCENTAJE, cifra
from estructura.dashboard import PendingByOrganoPanel, pending_by_organo
from estructura.factories import OrganoPageFactory, PublicacionPageFactory
from estructura.roles import ADMIN_GROUP_NAME
from estructura.workflows import ensure_workflows


@pytest.fixture
def workflows(estructura):
    ensure_workflows()


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@snte.org.mx", "x", **extra)
    user.groups.add(*groups)
    return user


def draft(organo, title, user=None):
    """A page saved as a draft in the admin's way: a revision with unpublished changes."""
    page = PublicacionPageFactory(parent=organo, title=title, live=False)
    page.save_revision(user=user)
    return page


def submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def reject(page, supervisor, comment=""):
    page.refresh_from_db()
    page.current_workflow_task_state.specific.reject(user=supervisor, comment=comment)


@pytest.fixture
def two_organos(estructura, workflows):
    a = OrganoPageFactory(parent=estructura, title="Órgano Alfa", slug="alfa")
    b = OrganoPageFactory(parent=estructura, title="Órgano Beta", slug="beta")
    return a, b


def home_html(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html, panel_id):
    """The HTML of one dashboard panel, or "" when it is not on the page."""
    match = re.search(rf'<section[^>]*id="{panel_id}-section".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_enlace_sees_drafts_and_reviews_of_own_organo_only(client, two_organos):
    a, b = two_organos
    enlace_a = make_user("enlace-a", a.roles.enlaces)
    enlace_b = make_user("enlace-b", b.roles.enlaces)
    supervisor_a = make_user("supervisor-a", a.roles.supervisores)
    draft(a, "Borrador de Alfa", enlace_a)
    draft(b, "Borrador secreto de Beta", enlace_b)
    submit(draft(a, "Informe de Alfa en revisión", enlace_a), enlace_a)
    devuelto = draft(a, "Informe de Alfa devuelto", enlace_a)
    submit(devuelto, enlace_a)
    reject(devuelto, supervisor_a, comment="Falta adjuntar el acta firmada.")
    submit(draft(b, "Informe de Beta en revisión", enlace_b), enlace_b)

    html = home_html(client, enlace_a)
    drafts = panel(html, "organo-drafts")
    review = panel(html, "organo-review")
    assert "Borradores de mi órgano" in drafts
    assert "Borrador de Alfa" in drafts
    # What is in a workflow is not a draft waiting to be sent.
    assert "en revisión" not in drafts and "devuelto" not in drafts
    assert f'href="/admin/pages/{devuelto.pk}/edit/"' in review
    assert "Informe de Alfa en revisión" in review
    assert "Requiere cambios" in review
    assert "Falta adjuntar el acta firmada." in review
    assert "Beta" not in drafts and "Beta" not in review
    assert "Borrador secreto de Beta" not in html
    assert "Informe de Beta en revisión" not in html
    # Wagtail's own panel of the user's pages in a workflow stays.
    assert "Informe de Alfa devuelto" in panel(html, "objects-in-workflow")


def test_enlace_of_a_parent_organo_sees_its_sub_organos_work(client, two_organos):
    a, _ = two_organos
    secretaria = OrganoPageFactory(parent=a, title="Secretaría de Finanzas de Alfa")
    enlace_a = make_user("enlace-a", a.roles.enlaces)
    enlace_secretaria = make_user("enlace-s", secretaria.roles.enlaces)
    draft(secretaria, "Presupuesto de la Secretaría")
    draft(a, "Informe del órgano padre")

    assert "Presupuesto de la Secretaría" in panel(home_html(client, enlace_a), "organo-drafts")
    sub_panel = panel(home_html(client, enlace_secretaria), "organo-drafts")
    assert "Presupuesto de la Secretaría" in sub_panel
    assert "Informe del órgano padre" not in sub_panel


def test_users_without_an_organo_get_no_organo_panels(client, two_organos):
    a, _ = two_organos
    draft(a, "Borrador de Alfa")
    supervisor = make_user("supervisor-a", a.roles.supervisores)
    html = home_html(client, supervisor)
    assert not panel(html, "organo-drafts")
    assert not panel(html, "organo-review")
    assert not panel(html, "pending-by-organo")


def test_supervisor_sees_own_organo_pages_awaiting_approval_in_wagtails_panel(client, two_organos):
    a, b = two_organos
    enlace_a = make_user("enlace-a", a.roles.enlaces)
    enlace_b = make_user("enlace-b", b.roles.enlaces)
    supervisor_a = make_user("supervisor-a", a.roles.supervisores)
    submit(draft(a, "Informe de Alfa por aprobar", enlace_a), enlace_a)
    submit(draft(b, "Informe de Beta por aprobar", enlace_b), enlace_b)

    awaiting = panel(home_html(client, supervisor_a), "awaiting-review")
    assert "Informe de Alfa por aprobar" in awaiting
    assert "Informe de Beta por aprobar" not in awaiting
    # The enlace cannot approve, so nothing awaits their review.
    assert not panel(home_html(client, enlace_a), "awaiting-review")


def test_administracion_sees_pending_counts_per_organo(client, two_organos):
    a, b = two_organos
    secretaria = OrganoPageFactory(parent=a, title="Secretaría de Alfa")
    supervisor_a = make_user("supervisor-a", a.roles.supervisores)
    enlace = make_user("enlace", a.roles.enlaces, b.roles.enlaces, secretaria.roles.enlaces)
    # Alfa: 2 drafts, 1 in review, 1 sent back; its Secretaría: 1 draft, 1 in review.
    draft(a, "A1")
    draft(a, "A2")
    submit(draft(a, "A3"), enlace)
    devuelto = draft(a, "A4")
    submit(devuelto, enlace)
    reject(devuelto, supervisor_a)
    draft(secretaria, "S1")
    submit(draft(secretaria, "S2"), enlace)
    # Beta: one page published and untouched since; nothing pending.
    PublicacionPageFactory(parent=b, title="B publicado", live=True)

    counts = {
        row.organo.pk: (row.in_review, row.needs_changes, row.drafts) for row in pending_by_organo()
    }
    assert counts == {
        a.pk: (2, 1, 3),  # its subtree includes the Secretaría
        secretaria.pk: (1, 0, 1),
        b.pk: (0, 0, 0),
    }

    admin = make_user("opti", Group.objects.get(name=ADMIN_GROUP_NAME))
    table = panel(home_html(client, admin), "pending-by-organo")
    row = re.search(rf'<tr data-organo="{a.pk}">.*?</tr>', table, re.S).group(0)
    assert "Órgano Alfa" in row
    assert re.search(r'data-count="in_review">2<', row)
    assert re.search(r'data-count="needs_changes">1<', row)
    assert re.search(r'data-count="drafts">3<', row)
    assert "<caption" in table and 'scope="col"' in table

    superuser = make_user("root", is_superuser=True)
    assert panel(home_html(client, superuser), "pending-by-organo")
    assert not panel(home_html(client, enlace), "pending-by-organo")


def pending_queries(estructura, first, last):
    """Add órganos number `first` to `last - 1`, each with work pending; count the queries."""
    for n in range(first, last):
        organo = OrganoPageFactory(parent=estructura, title=f"Sección {n}")
        draft(organo, f"Borrador {n}")
        submit(draft(organo, f"En revisión {n}"), None)
    with CaptureQueriesContext(connection) as queries:
        rows = pending_by_organo()
    return len(queries), rows


def test_pending_by_organo_takes_the_same_queries_for_5_and_20_organos(
    estructura, workflows, django_assert_max_num_queries
):
    few, rows = pending_queries(estructura, 0, 5)
    assert [(row.in_review, row.drafts) for row in rows] == [(1, 1)] * 5
    many, rows = pending_queries(estructura, 5, 20)
    assert len(rows) == 20
    assert many == few
    with django_assert_max_num_queries(2):
        html = PendingByOrganoPanel().render_html({})
    assert html.count("<tr data-organo=") == 20


# Compliance with the obligations


@pytest.fixture
def compliance(two_organos):
    """Alfa: one series al día, one vencida, one that does not apply; Beta: one vencida."""
    import datetime

    from estructura.cycle import site_calendar
    from estructura.factories import AplicabilidadFactory, ObligacionFactory
    from estructura.obligaciones import reported_periods

    a, b = two_organos
    hoy = datetime.date.today()
    debido, abierto = reported_periods("trimestral", hoy, site_calendar())
    ultimo = abierto or debido
    al_dia, vencida = ObligacionFactory(titulo="Al día"), ObligacionFactory(titulo="Vencida")
    AplicabilidadFactory(organo=a, obligacion=al_dia)
    AplicabilidadFactory(organo=a, obligacion=vencida)
    AplicabilidadFactory(organo=a, aplica=False, fundamento_motivacion="No lo genera.")
    AplicabilidadFactory(organo=b, obligacion=vencida)
    PublicacionPageFactory(
        parent=a, obligacion=al_dia, ejercicio=ultimo.ejercicio, periodo=ultimo.periodo
    )
    return a, b


def cells(html, organo):
    row = re.search(rf'<tr data-organo="{organo.pk}">.*?</tr>', html, re.S).group(0)
    return dict(re.findall(r'data-count="(\w+)">(?:<a [^>]*>)?([^<]*)', row))


def test_compliance_panel_shows_what_the_public_page_shows_for_the_organos_in_reach(
    client, compliance
):
    a, b = compliance
    opti = make_user("opti", Group.objects.get_or_create(name=ADMIN_GROUP_NAME)[0])
    html = panel(home_html(client, opti), "cumplimiento")
    assert cells(html, a) == {
        "porcentaje": "50.0\u00a0% (1)",
        "en_plazo": "0",
        "vencidas": "1",
        "no_aplica": "1",
    }
    assert cells(html, b)["porcentaje"] == "0.0\u00a0% (0)"
    assert "<strong>33.3\u00a0%</strong> al día: 1 de 3 obligaciones aplicables" in html
    client.logout()
    union = client.get("/obligaciones/").content.decode()
    assert "1 de 3 obligaciones aplicables están al día (33.3\u00a0%)" in union
    # An enlace of Alfa sees Alfa's row alone; someone without a role sees no panel.
    enlace = make_user("enlace-a", a.roles.enlaces)
    mine = panel(home_html(client, enlace), "cumplimiento")
    assert f'data-organo="{a.pk}"' in mine and f'data-organo="{b.pk}"' not in mine
    assert "<strong>50.0\u00a0%</strong> al día: 1 de 2" in mine
    nobody = make_user("nadie")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert panel(home_html(client, nobody), "cumplimiento") == ""


def test_compliance_panel_history_is_the_history_function(client, compliance):
    from estructura.cycle import site_calendar
    from estructura.obligaciones import historial

    opti = make_user("opti", Group.objects.get_or_create(name=ADMIN_GROUP_NAME)[0])
    html = panel(home_html(client, opti), "cumplimiento")
    for cierre in historial(calendar=site_calendar()):
        key = f"{cierre.periodo.ejercicio}-{cierre.periodo.periodo}"
        row = re.search(rf'<tr data-cierre="{key}">.*?</tr>', html, re.S).group(0)
        counts = cierre.cumplimiento
        assert (
            f"{cifra(counts.porcentaje, PORCENTAJE)} ({counts.cumplen}/{counts.aplicables})" in row
        )


def test_compliance_panel_queries_do_not_grow_with_organos(compliance, estructura):
    from estructura.cycle import site_calendar
    from estructura.dashboard import CumplimientoPanel
    from estructura.factories import AplicabilidadFactory
    from estructura.scope import Scope

    def render():
        with CaptureQueriesContext(connection) as queries:
            html = CumplimientoPanel(Scope(everything=True), site_calendar()).render_html({})
        return html, len(queries)

    html, few = render()
    assert html.count("data-organo=") == 2
    for n in range(8):
        organo = OrganoPageFactory(parent=estructura, title=f"Órgano {n}")
        AplicabilidadFactory(organo=organo)
        PublicacionPageFactory(parent=organo)
    html, many = render()
    assert html.count("data-organo=") == 10
    assert few == many <= 10, (few, many)
