"""The Buzón on a phone with JavaScript off: file a ticket with a PDF, then follow it up."""

import re

import pytest
from playwright.sync_api import expect

from buzon.factories import BuzonPageFactory
from buzon.models import Ticket
from home.models import HomePage
from tests.buzon.conftest import pdf_bytes

from .conftest import ARTIFACTS, TIMEOUT_MS, refusing_csp_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def buzon(live_site):
    return BuzonPageFactory(parent=HomePage.objects.get())


@pytest.fixture
def phone(browser, live_server, request):
    """A phone-sized tab with JavaScript disabled, screenshotted when the test fails."""
    context = browser.new_context(
        base_url=live_server.url, locale="es-MX", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        with refusing_csp_violations(context):
            page = context.new_page()
            yield page
            report = getattr(request.node, "report_call", None)
            if report is not None and report.failed:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


def assert_fits_the_phone(page):
    # Playwright's own evaluation still runs with the page's scripts disabled.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


def test_citizen_files_with_a_pdf_and_follows_up_without_javascript(phone, buzon, tmp_path):
    pdf = tmp_path / "evidencia.pdf"
    pdf.write_bytes(pdf_bytes("evidencia"))
    phone.goto("/buzon/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Buzón OPTISNTE")
    assert_fits_the_phone(phone)

    # Keyboard only: each Tab lands on the next field, the honeypot is skipped.
    phone.get_by_label("¿Qué quieres hacer?").select_option("queja")
    phone.get_by_label("¿Qué quieres hacer?").focus()
    phone.keyboard.press("Tab")
    phone.keyboard.type("No se publicó el acta")
    phone.keyboard.press("Tab")
    phone.keyboard.type("El acta de la asamblea de septiembre no aparece en el sitio.")
    phone.keyboard.press("Tab")  # órgano
    phone.keyboard.press("Tab")  # eje
    phone.keyboard.press("Tab")
    phone.keyboard.type("Lucía")
    phone.keyboard.press("Tab")  # correo: left empty
    phone.keyboard.press("Tab")
    expect(phone.locator("#id_adjuntos")).to_be_focused()
    phone.locator("#id_adjuntos").set_input_files(str(pdf))
    phone.keyboard.press("Tab")
    expect(phone.locator("#id_acepta_aviso")).to_be_focused()
    phone.keyboard.press("Space")
    phone.keyboard.press("Tab")
    submit = phone.get_by_role("button", name="Enviar")
    expect(submit).to_be_focused()
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("heading", name="Recibimos tu ticket")).to_be_visible()
    assert_fits_the_phone(phone)
    folio = phone.locator("#folio").inner_text()
    clave = phone.locator("#clave").inner_text()
    assert re.fullmatch(r"OPTI-\d{4}-\d{6}", folio)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", clave)
    ticket = Ticket.objects.get(folio=folio)
    assert ticket.nombre == "Lucía" and ticket.adjuntos.get().nombre == "evidencia.pdf"

    phone.get_by_role("link", name="Consultar mi ticket").click()
    phone.get_by_label("Folio").fill(folio)
    phone.get_by_label("Clave de seguimiento").fill(clave)
    phone.get_by_role("button", name="Consultar").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Ticket {folio}")
    expect(phone.locator(".buzon-estado")).to_have_text("Recibido")
    expect(phone.get_by_role("link", name="evidencia.pdf")).to_be_visible()
    assert_fits_the_phone(phone)
