"""A publication's whole cycle in the Spanish admin: enlace drafts, supervisor reviews, it goes live."""

import re

import pytest
from django.contrib.auth import get_user_model
from fpdf import FPDF
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from ejes.factories import EjePageFactory, EjesIndexPageFactory
from estructura.factories import EstructuraIndexPageFactory, OrganoPageFactory
from estructura.models import PublicacionPage
from estructura.roles import ensure_roles
from estructura.workflows import ensure_workflows
from home.models import HomePage

pytestmark = pytest.mark.browser

TITLE = "Informe de actividades del tercer trimestre"
FIRST_RESUMEN = "Reuniones y acuerdos del trimestre."
FIXED_RESUMEN = "Reuniones, acuerdos y visitas de vigilancia de julio a septiembre de 2026."
ENLACE_PASSWORD = "clave-enlace-e2e"
SUPERVISOR_PASSWORD = "clave-supervisor-e2e"


@pytest.fixture
def organo(live_site, settings, tmp_path):
    """Vigilancia with its roles and workflow, two ejes, an enlace and a supervisor."""
    # Uploads go to real files, so the public download is served as in production (the
    # suite's in-memory storage claims a filesystem path that Wagtail's serve view then misses).
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    # Wagtail 8 autosaves the editor every 500 ms; a save in flight when the test clicks
    # "Enviar" races it (both create the page: a slug clash). People pause; a test does not.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    home = HomePage.objects.get()
    ejes = EjesIndexPageFactory(parent=home)
    EjePageFactory(parent=ejes, title="Transparencia y rendición de cuentas", slug="transparencia")
    EjePageFactory(parent=ejes, title="Formación sindical", slug="formacion")
    estructura = EstructuraIndexPageFactory(parent=home)
    organo = OrganoPageFactory(
        parent=estructura, title="Comité Nacional de Vigilancia", slug="vigilancia"
    )
    roles = ensure_roles(organo)
    ensure_workflows()
    users = get_user_model().objects
    users.create_user("enlace", "enlace@example.mx", ENLACE_PASSWORD).groups.add(roles.enlaces)
    users.create_user("supervisor", "supervisor@example.mx", SUPERVISOR_PASSWORD).groups.add(
        roles.supervisores
    )
    return organo


@pytest.fixture
def informe_pdf(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Informe de actividades, tercer trimestre 2026")
    path = tmp_path / "informe-t3-2026.pdf"
    pdf.output(str(path))
    return path


def field(scope, role, label):
    # Required fields carry a "*" in their accessible name.
    return scope.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$"))


def open_actions(page):
    """Open the footer's "Más acciones" menu, where Wagtail keeps every action but the first."""
    page.get_by_role("button", name="Más acciones").click()


def expect_only_review_actions(page, submit_label):
    """The open action menu offers the enlace a way to review, and none to publish."""
    expect(page.get_by_role("button", name=submit_label)).to_be_visible()
    # Not merely hidden: no publish button is rendered for them at all.
    publish = page.get_by_role("button", name=re.compile("Publicar"), include_hidden=True)
    expect(publish).to_have_count(0)


def expect_message(page, text):
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def listing_row(page):
    """The publication's row in the órgano's page listing, where each action lands."""
    return page.get_by_role("row", name=re.compile(re.escape(TITLE)))


def workflow_status(publicacion):
    return WorkflowState.objects.for_instance(publicacion).get().status


def test_enlace_drafts_supervisor_requests_changes_then_approves_and_it_goes_live(
    page, organo, informe_pdf, log_in, live_server
):
    # The enlace drafts the publication under their órgano, with a PDF, and sends it to review.
    log_in("enlace", ENLACE_PASSWORD)
    page.goto(f"/admin/pages/add/estructura/publicacionpage/{organo.pk}/")
    expect(page.get_by_role("heading", name="Nuevo: Publicación")).to_be_visible()
    field(page, "textbox", "Título").fill(TITLE)
    field(page, "textbox", "Resumen").fill(FIRST_RESUMEN)
    page.get_by_role("checkbox", name="Transparencia y rendición de cuentas").check()
    field(page, "combobox", "Tipo de información").select_option(label="Informe de actividades")
    field(page, "spinbutton", "Ejercicio").fill("2026")
    field(page, "combobox", "Periodo").select_option(label="Tercer trimestre (julio–septiembre)")

    page.get_by_role("button", name="Añadir documento").click()
    page.get_by_role("button", name="Seleccionar un documento").click()
    chooser = page.get_by_role("dialog")
    expect(chooser.get_by_role("heading", name="Seleccionar un documento")).to_be_visible()
    chooser.get_by_role("tab", name="Subir").click()
    upload = chooser.get_by_role("tabpanel", name="Subir")
    upload.locator("input[type=file]").set_input_files(informe_pdf)
    field(upload, "textbox", "Título").fill("Informe T3 2026 (PDF)")
    upload.get_by_role("button", name="Subir").click()
    expect(chooser).to_be_hidden()
    documentos = page.get_by_role("region", name="Documento 1")
    expect(documentos).to_contain_text("Informe T3 2026 (PDF)")

    open_actions(page)
    expect_only_review_actions(page, "Enviar a Publicación OPTI")
    page.get_by_role("button", name="Enviar a Publicación OPTI").click()
    expect_message(page, "creada y enviada para ser moderada")
    expect(listing_row(page)).to_contain_text("en moderación")

    publicacion = PublicacionPage.objects.get(title=TITLE)
    assert not publicacion.live
    assert workflow_status(publicacion) == WorkflowState.STATUS_IN_PROGRESS

    # The supervisor finds it awaiting review and asks for a change, with a comment.
    log_in("supervisor", SUPERVISOR_PASSWORD)
    awaiting = page.get_by_role("region", name="Esperando tu revisión")
    awaiting.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{publicacion.pk}/edit/$"))
    open_actions(page)
    page.get_by_role("button", name="Solicitar cambios").click()
    review = page.get_by_role("dialog")
    field(review, "textbox", "Comentario").fill("Detallen las visitas de vigilancia del trimestre.")
    review.get_by_role("button", name="Solicitar cambios").click()
    expect(review).to_be_hidden()
    expect_message(page, "ha sido actualizada")
    expect(listing_row(page)).to_contain_text("Borrador")
    assert workflow_status(publicacion) == WorkflowState.STATUS_NEEDS_CHANGES
    publicacion.refresh_from_db()
    assert not publicacion.live

    # The enlace fixes the summary and resubmits; still no way for them to publish.
    log_in("enlace", ENLACE_PASSWORD)
    page.goto(f"/admin/pages/{publicacion.pk}/edit/")
    page.get_by_role("button", name="Alternar estado").click()
    status = page.get_by_role("complementary", name="Estado")
    expect(status).to_contain_text("Cambios solicitados")
    status.get_by_role("button", name="Ver detalles").click()
    history = page.get_by_role("dialog")
    expect(history).to_contain_text("Detallen las visitas de vigilancia del trimestre.")
    page.keyboard.press("Escape")
    expect(history).to_be_hidden()
    field(page, "textbox", "Resumen").fill(FIXED_RESUMEN)
    open_actions(page)
    expect_only_review_actions(page, "Reenviar a Aprobación del órgano")
    page.get_by_role("button", name="Reenviar a Aprobación del órgano").click()
    expect_message(page, "ha sido enviada para moderación")
    assert workflow_status(publicacion) == WorkflowState.STATUS_IN_PROGRESS

    # The supervisor approves: the only step, so the page is published.
    log_in("supervisor", SUPERVISOR_PASSWORD)
    page.goto(f"/admin/pages/{publicacion.pk}/edit/")
    expect(field(page, "textbox", "Resumen")).to_have_value(FIXED_RESUMEN)
    open_actions(page)
    page.get_by_role("button", name="Aprobar y Publicar", exact=True).click()
    expect_message(page, "ha sido actualizada")
    expect(listing_row(page)).to_contain_text(re.compile("en vivo", re.I))

    publicacion.refresh_from_db()
    assert publicacion.live
    assert publicacion.resumen == FIXED_RESUMEN
    assert [eje.slug for eje in publicacion.ejes.all()] == ["transparencia"]
    assert (publicacion.tipo_informacion, publicacion.ejercicio, publicacion.periodo) == (
        "informe",
        2026,
        "T3",
    )
    assert workflow_status(publicacion) == WorkflowState.STATUS_APPROVED
    assert [row.document.title for row in publicacion.documentos.all()] == ["Informe T3 2026 (PDF)"]

    # Anyone sees it on the public site and in the API.
    page.context.clear_cookies()
    response = page.goto("/estructura-sindical/vigilancia/")
    assert response.status == 200
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(
        f"{live_server.url}/estructura-sindical/vigilancia/{publicacion.slug}/"
    )
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text(FIXED_RESUMEN)).to_be_visible()
    documento = page.get_by_role("link", name=re.compile("Informe T3 2026"))
    expect(documento).to_be_visible()
    download = page.request.get(documento.get_attribute("href"))
    assert download.ok
    assert download.body() == informe_pdf.read_bytes()

    api = page.request.get("/api/v2/pages/?type=estructura.PublicacionPage&fields=resumen")
    assert api.ok
    items = api.json()["items"]
    assert [(item["id"], item["title"], item["resumen"]) for item in items] == [
        (publicacion.pk, TITLE, FIXED_RESUMEN)
    ]
