"""seed_demo: the demo portal it builds, that a second run changes nothing, and its safety catch."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageLogEntry, TaskState, WorkflowState

from cms.models import PortalSettings, UpdateCalendar
from ejes.models import EjePage, EjesIndexPage
from estructura.choices import TipoOrgano
from estructura.models import (
    EstructuraIndexPage,
    OrganoApprovalTask,
    OrganoPage,
    OrganoRoles,
    ProyectoPage,
    PublicacionDocumento,
    PublicacionPage,
)
from estructura.roles import ADMIN_GROUP_NAME, ORGANOS_COLLECTION_NAME
from estructura.workflows import APROBACION_TASK, PUBLICACION, PUBLICACION_CON_VALIDACION
from home.demo import data

NATIONAL_ORGANOS = {
    "Congreso Nacional",
    "Consejo Nacional",
    "Comité Ejecutivo Nacional",
    "Comité Nacional de Vigilancia, Transparencia y Rendición de Resultados",
    "Comité Nacional Electoral",
}


def seed(**options):
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """What a second run must leave exactly as it found it."""
    User = get_user_model()
    return {
        "pages": Page.objects.count(),
        "documents": get_document_model().objects.count(),
        "collections": Collection.objects.count(),
        "users": User.objects.count(),
        "publicacion_documentos": PublicacionDocumento.objects.count(),
        "revisions": dict(Page.objects.values_list("pk", "latest_revision_id")),
        "published": dict(Page.objects.values_list("pk", "last_published_at")),
        "passwords": dict(User.objects.values_list("username", "password")),
        "memberships": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "groups": Group.objects.count(),
        "workflow_states": Counter(WorkflowState.objects.values_list("status", flat=True)),
        "task_states": Counter(TaskState.objects.values_list("status", flat=True)),
        "settings": (UpdateCalendar.objects.count(), PortalSettings.objects.count()),
    }


def example(estado):
    """The first workflow example the demo takes to `estado`, with its enlace and supervisor."""
    ejemplo = next(item for item in data.FLUJO_DE_PUBLICACION if item["estado"] == estado)
    User = get_user_model()
    page = PublicacionPage.objects.get(slug=ejemplo["slug"])
    return (
        page,
        User.objects.get(username=f"enlace-{ejemplo['organo']}"),
        User.objects.get(username=f"supervisor-{ejemplo['organo']}"),
    )


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    pages, users = Page.objects.count(), get_user_model().objects.count()
    with pytest.raises(CommandError, match="DEBUG=False"):
        call_command("seed_demo", stdout=StringIO())
    assert (Page.objects.count(), get_user_model().objects.count()) == (pages, users)


@pytest.mark.django_db
def test_builds_ejes_structure_publications_and_accounts(demo_site):

    ejes_index = EjesIndexPage.objects.get(slug="ejes")
    estructura = EstructuraIndexPage.objects.get(slug="estructura-sindical")
    assert ejes_index.show_in_menus and estructura.show_in_menus
    assert ejes_index.title == "Ejes" and estructura.title == "Estructura Sindical"

    ejes = EjePage.objects.child_of(ejes_index).live()
    assert ejes.count() >= 5
    transparencia = ejes.get(slug="transparencia")
    assert EjePage.objects.child_of(transparencia).exists(), "a tema nested under an eje"

    organos = OrganoPage.objects.live()
    assert organos.count() >= 8
    assert NATIONAL_ORGANOS <= set(organos.values_list("title", flat=True))
    cen = organos.get(title="Comité Ejecutivo Nacional")
    secretarias = OrganoPage.objects.child_of(cen)
    assert secretarias.count() >= 4
    assert set(secretarias.values_list("tipo", flat=True)) == {TipoOrgano.SECRETARIA_CEN}
    assert organos.filter(tipo=TipoOrgano.ORGANISMO_AUXILIAR).count() >= 3
    assert organos.filter(tipo=TipoOrgano.SECCION).count() >= 3
    assert cen.titulares.exists() and cen.funciones.startswith("<p>")

    publicaciones = PublicacionPage.objects.live()
    assert publicaciones.count() >= 40
    today = datetime.date.today()
    for publicacion in publicaciones:
        assert publicacion.live_revision_id is not None
        assert 1 <= publicacion.ejes.count() <= 2
        assert publicacion.fecha_actualizacion <= today
        assert publicacion.fecha_validacion >= publicacion.fecha_actualizacion
        assert [block.block_type for block in publicacion.body][:2] == ["heading", "paragraph"]
        documentos = list(publicacion.documentos.select_related("document__collection"))
        assert documentos, publicacion.title
        for documento in documentos:
            with documento.document.file.open("rb") as pdf:
                assert pdf.read(4) == b"%PDF"
            assert documento.document.collection_id == publicacion.organo.roles.coleccion_id
    quarters = set(
        publicaciones.filter(periodo__startswith="T").values_list("ejercicio", "periodo")
    )
    assert len(quarters) == 4
    assert publicaciones.exclude(ley="").exists()
    assert set(publicaciones.values_list("periodicidad", flat=True)) >= {"trimestral", "anual"}

    opti = ProyectoPage.objects.get(title="Transparencia Proactiva OPTISNTE")
    assert opti.organo.title == (
        "Comité Nacional de Vigilancia, Transparencia y Rendición de Resultados"
    )
    assert opti.estrategia == transparencia
    assert list(opti.indicadores.values_list("cifra", "etiqueta", "figura")) == [
        ("42", "reuniones de trabajo con enlaces acreditados", "reuniones_enlaces"),
        ("72 %", "de tickets resueltos del Buzón OPTISNTE", "porcentaje_tickets_resueltos"),
        ("426,000", "visitas al portal", "visitas_portal"),
        ("20 %", "de crecimiento en redes sociales", ""),
    ]
    assert opti.responsables.filter(nombre="Profa. Mirna Isabel Saldívar Paz").exists()
    assert {"Operar permanentemente el OPTISNTE"} <= set(
        opti.acciones.values_list("descripcion", flat=True)
    )
    assert opti.resultados.count() >= 7
    assert "2012" in opti.antecedentes and "2014" in opti.antecedentes
    assert ProyectoPage.objects.live().count() >= 3

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("clave-de-prueba")
    for organo in organos.exclude(tipo=TipoOrgano.SECCION):
        for role in ("enlace", "supervisor"):
            user = User.objects.get(username=f"{role}-{organo.slug}")
            assert not user.is_staff and not user.user_permissions.exists()
            assert user.first_name and user.email
            assert user.check_password("clave-de-prueba")

    site_calendar = UpdateCalendar.objects.get()
    assert site_calendar.months == [3, 6, 9, 12]
    assert PortalSettings.objects.get().email == "transparencia@snte.org.mx"


@pytest.mark.django_db
def test_second_run_creates_nothing_and_changes_nothing(demo_site):
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "Páginas: 0 creadas" in output
    assert "Documentos: 0 creados" in output
    assert "Usuarios: 0 creados" in output
    assert "Membresías en grupos: 0 creadas" in output
    # One PDF per publication, except the example sent to review without it.
    assert get_document_model().objects.count() == PublicacionDocumento.objects.count()
    assert PublicacionPage.objects.count() == PublicacionDocumento.objects.count() + 1


@pytest.mark.django_db
def test_sets_up_every_organos_roles_and_workflow(demo_site):
    for organo in OrganoPage.objects.all():
        roles = OrganoRoles.objects.get(organo=organo)
        assert roles.enlaces.name == f"Enlaces · {organo.title}"
        assert roles.supervisores.name == f"Supervisores · {organo.title}"
        assert organo.get_workflow().name in {PUBLICACION, PUBLICACION_CON_VALIDACION}
    assert Group.objects.get(name=ADMIN_GROUP_NAME).permissions.exists()


@pytest.mark.django_db
def test_demo_accounts_are_in_their_organos_groups(demo_site):
    User = get_user_model()
    organos = OrganoPage.objects.exclude(tipo=TipoOrgano.SECCION)
    assert organos.count() >= 8
    for organo in organos:
        enlace = User.objects.get(username=f"enlace-{organo.slug}")
        supervisor = User.objects.get(username=f"supervisor-{organo.slug}")
        assert list(enlace.groups.values_list("name", flat=True)) == [f"Enlaces · {organo.title}"]
        assert list(supervisor.groups.values_list("name", flat=True)) == [
            f"Supervisores · {organo.title}"
        ]
        # Admin access comes from the group, not from is_staff.
        assert not enlace.is_staff and enlace.has_perm("wagtailadmin.access_admin")

    opti = User.objects.get(username="opti-nacional")
    assert list(opti.groups.values_list("name", flat=True)) == [ADMIN_GROUP_NAME]
    assert not opti.is_superuser and opti.has_perm("wagtailadmin.access_admin")
    assert opti.check_password("clave-de-prueba")
    assert not User.objects.get(username="admin").groups.exists()


@pytest.mark.django_db
def test_documents_live_in_their_organos_collection(demo_site):
    documentos = PublicacionDocumento.objects.select_related("document")
    assert documentos.count() >= 40
    for documento in documentos:
        organo = documento.page.organo
        assert documento.document.collection_id == organo.roles.coleccion_id, organo.title

    organos_collection = Collection.objects.get(name=ORGANOS_COLLECTION_NAME, depth=2)
    outside = Collection.objects.exclude(depth=1).exclude(path__startswith=organos_collection.path)
    assert list(outside.values_list("name", flat=True)) == []


@pytest.mark.django_db
def test_a_draft_by_the_enlace_is_not_live_and_not_in_review(demo_site):
    page, enlace, _ = example(data.BORRADOR)

    assert not page.live and page.first_published_at is None
    assert page.owner == enlace
    assert page.latest_revision.user == enlace
    assert not WorkflowState.objects.for_instance(page).exists()


@pytest.mark.django_db
def test_a_page_in_review_awaits_its_organos_supervisors(demo_site):
    page, enlace, supervisor = example(data.EN_REVISION)

    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == enlace
    assert not page.live
    task = state.current_task_state.task.specific
    assert isinstance(task, OrganoApprovalTask) and task.name == APROBACION_TASK
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task.is_approver(page, supervisor)
    assert not task.is_approver(page, enlace)


@pytest.mark.django_db
def test_a_rejected_page_needs_changes_with_the_supervisors_comment(demo_site):
    page, enlace, supervisor = example(data.CAMBIOS_SOLICITADOS)

    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.requested_by == enlace
    rejected = state.current_task_state
    assert rejected.status == TaskState.STATUS_REJECTED
    assert rejected.finished_by == supervisor
    assert rejected.comment.startswith("Falta el documento del ")
    log = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert log.user == supervisor and log.data["comment"] == rejected.comment
    assert not page.live and not page.documentos.exists()


@pytest.mark.django_db
def test_an_approved_page_was_published_by_its_supervisor(demo_site):
    page, enlace, supervisor = example(data.APROBADA)

    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.requested_by == enlace
    assert page.live and not page.has_unpublished_changes
    assert page.owner == enlace
    actions = list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert actions == [
        ("wagtail.create", enlace.username),
        ("wagtail.workflow.start", enlace.username),
        ("wagtail.workflow.approve", supervisor.username),
        ("wagtail.publish", supervisor.username),
    ]
