"""The rows of a record in the admin: one labelled input per column of its obligation (a date,
an amount, a link, a text), written back as the row the model stores and cleans; without
columns, the note and the JSON box."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ejes.factories import EjePageFactory, EjesIndexPageFactory
from estructura.factories import (
    EstructuraIndexPageFactory,
    ObligacionFactory,
    OrganoPageFactory,
    PublicacionPageFactory,
)
from estructura.models import Obligacion, PublicacionFila, PublicacionPage
from home.models import HomePage
from tests.estructura.sipot_helpers import obligacion_con_columnas

pytestmark = pytest.mark.browser

PASSWORD = "clave-nacional-e2e"


@pytest.fixture
def registro(live_site, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # no save in flight when the test clicks
    home = HomePage.objects.get()
    ejes = EjesIndexPageFactory(parent=home)
    eje = EjePageFactory(parent=ejes, title="Transparencia", slug="transparencia")
    estructura = EstructuraIndexPageFactory(parent=home)
    organo = OrganoPageFactory(parent=estructura, title="Secretaría de Finanzas", slug="finanzas")
    obligacion = obligacion_con_columnas()
    ObligacionFactory(titulo="Informe sin tabla", clave="informe-sin-tabla")
    page = PublicacionPageFactory(
        parent=organo,
        ejes=[eje],
        obligacion=obligacion,
        ejercicio=2026,
        periodo="T2",
        fecha_actualizacion=datetime.date(2026, 7, 3),
        fecha_validacion=datetime.date(2026, 7, 6),
    )
    PublicacionFila.objects.create(
        page=page,
        sort_order=0,
        valores={
            "Fecha de recepción": "2026-04-02",
            "Tipo de recurso": "Cuotas",
            "Monto": "1500.00",
            "Hipervínculo": "",
        },
    )
    page.save_revision()
    get_user_model().objects.create_superuser("nacional", "nacional@example.mx", PASSWORD)
    return page


def test_a_row_is_edited_column_by_column_and_stored_cleaned(page, log_in, registro):
    log_in("nacional", PASSWORD)
    page.goto(f"/admin/pages/{registro.pk}/edit/")
    monto = page.get_by_label("Monto", exact=True)
    expect(monto).to_have_value("1500.00")
    expect(monto).to_have_attribute("type", "number")
    expect(page.get_by_label("Fecha de recepción", exact=True)).to_have_attribute("type", "date")
    expect(page.locator("textarea[name='filas-0-valores']")).to_be_hidden()

    monto.fill("2500.5")
    page.get_by_label("Hipervínculo", exact=True).fill("https://snte.org.mx/recibo.pdf")
    page.get_by_role("button", name=re.compile(r"^Guardar borrador")).click()
    expect(page.get_by_role("status").filter(has_text="ha sido actualizada")).to_be_visible()

    draft = PublicacionPage.objects.get(pk=registro.pk).get_latest_revision_as_object()
    (fila,) = list(draft.filas.all())
    assert fila.valores["Monto"] == "2500.50"  # cleaned by the model: MXN with centavos
    assert fila.valores["Hipervínculo"] == "https://snte.org.mx/recibo.pdf"
    assert fila.valores["Tipo de recurso"] == "Cuotas"


def test_an_obligation_without_columns_shows_the_note_and_the_json_box(page, log_in, registro):
    log_in("nacional", PASSWORD)
    page.goto(f"/admin/pages/{registro.pk}/edit/")
    expect(page.get_by_label("Monto", exact=True)).to_be_visible()
    sin_tabla = Obligacion.objects.get(clave="informe-sin-tabla")
    page.locator("select[name='obligacion']").select_option(value=str(sin_tabla.pk))
    expect(page.get_by_label("Monto", exact=True)).to_have_count(0)
    expect(page.get_by_text("Elige arriba una obligación con columnas")).to_be_visible()
    expect(page.locator("textarea[name='filas-0-valores']")).to_be_visible()
