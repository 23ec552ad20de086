"""Órgano, publication and project pages show what a citizen needs, from what is stored."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.choices import Periodicidad
from estructura.choices import Periodo
from estructura.cycle import site_calendar
from estructura.factories import (
    AplicabilidadFactory,
    ObligacionFactory,
    OrganoPageFactory,
    ProyectoPageFactory,
    PublicacionPageFactory,
)
from estructura.models import (
    OrganoTitular,
    ProyectoAccion,
    ProyectoIndicador,
    PublicacionDocumento,
)
from estructura.obligaciones import reported_periods, serie_de


def test_organo_page_shows_its_data_sub_organos_and_content(client, organo, eje):
    OrganoTitular.objects.create(page=organo, nombre="Mtra. Ana Ruiz", cargo="Presidenta")
    organo.funciones = "<p>Dirigir la vida sindical entre congresos.</p>"
    organo.email = "cen@snte.org.mx"
    organo.save()
    OrganoPageFactory(parent=organo, title="Secretaría de Finanzas")
    PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe anual del CEN")
    ProyectoPageFactory(parent=organo, ejes=[eje], title="Plan de formación sindical")
    PublicacionPageFactory(parent=organo, title="Borrador del CEN", live=False)

    html = client.get(organo.url).content.decode()
    for text in [
        "Mtra. Ana Ruiz",
        "Presidenta",
        "Dirigir la vida sindical entre congresos.",
        "cen@snte.org.mx",
        "Secretaría de Finanzas",
        "Informe anual del CEN",
        "Plan de formación sindical",
    ]:
        assert text in html, text
    assert "Borrador del CEN" not in html


def test_organo_publications_are_paginated(client, organo, eje):
    for n in range(23):
        PublicacionPageFactory(
            parent=organo,
            ejes=[eje],
            title=f"Informe {n:02d}",
            fecha_actualizacion=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
    first = client.get(organo.url)
    assert len(first.context["publicaciones"].object_list) == 20
    assert "Informe 22" in first.content.decode()
    second = client.get(organo.url, {"pagina": 2})
    assert [p.title for p in second.context["publicaciones"].object_list] == [
        "Informe 02",
        "Informe 01",
        "Informe 00",
    ]


@pytest.fixture
def publicacion(organo, eje):
    documento = get_document_model().objects.create(
        title="Estado financiero", file=ContentFile(b"%PDF-1.4 " + b"x" * 2048, name="edo.pdf")
    )
    page = PublicacionPageFactory(
        parent=organo,
        ejes=[eje],
        title="Estado financiero del segundo trimestre",
        # Validated after the period closed, as the platform requires (estructura.sipot).
        periodo=Periodo.T2,
        fecha_actualizacion=datetime.date(2026, 9, 3),
        fecha_validacion=datetime.date(2026, 9, 5),
        ley="Ley General de Transparencia y Acceso a la Información Pública",
        articulo="Artículo 79",
        fraccion="Fracción I",
    )
    PublicacionDocumento.objects.create(page=page, document=documento, titulo="Estado financiero")
    return page


def test_publication_page_shows_metadata_dates_and_documents(client, publicacion, organo, eje):
    html = client.get(publicacion.url).content.decode()
    assert "Actualizado el 3 de septiembre de 2026" in html
    assert "Próxima actualización: 7 de diciembre de 2026" in html
    assert "5 de septiembre de 2026" in html  # fecha de validación
    assert "Artículo 79" in html and "Fracción I" in html
    assert organo.title in html and eje.title in html
    documento = publicacion.documentos.get().document
    assert documento.url in html
    assert "(PDF, 2.0\xa0KB)" in html  # format and size, as filesizeformat writes them


def test_the_badge_is_the_series_status_on_every_page_that_shows_it(client, organo, eje):
    """One status (estructura.obligaciones): the publication's page, its órgano's listing, the
    home page's latest records and the compliance table say the same, for a vencida series, an
    up-to-date one and a past record; a publication outside the catalogue carries no badge;
    the home page's compliance figure is the compliance page's."""
    hoy = timezone.localdate()
    debido, abierto = reported_periods(Periodicidad.TRIMESTRAL, hoy, site_calendar())
    ultimo = abierto or debido  # with it published, the series is al día whatever the day
    vencida, al_dia = ObligacionFactory(titulo="Vencida"), ObligacionFactory(titulo="Al día")
    for obligacion in (vencida, al_dia):
        AplicabilidadFactory(organo=organo, obligacion=obligacion)
    anterior = debido.ejercicio - 1
    atrasada = PublicacionPageFactory(
        parent=organo, ejes=[eje], obligacion=vencida, ejercicio=anterior, periodo=Periodo.T1
    )
    vieja = PublicacionPageFactory(
        parent=organo, ejes=[eje], obligacion=al_dia, ejercicio=anterior, periodo=Periodo.T1
    )
    vigente = PublicacionPageFactory(
        parent=organo,
        ejes=[eje],
        obligacion=al_dia,
        ejercicio=ultimo.ejercicio,
        periodo=ultimo.periodo,
    )
    suelta = PublicacionPageFactory(
        parent=organo, ejes=[eje], fecha_actualizacion=datetime.date(2024, 3, 2)
    )
    expected = {atrasada: "Información vencida", vieja: "Histórico", vigente: "Al día"}
    for page, label in expected.items():
        assert serie_de(page).texto == label
        html = client.get(page.url).content.decode()
        assert f">{label}</span>" in html, (page.title, label)
        assert all(f">{other}</span>" not in html for other in expected.values() if other != label)
    assert (
        "badge--" not in client.get(suelta.url).content.decode().split("update-banner", 1)[1][:400]
    )
    listing = client.get(organo.url).content.decode()
    assert listing.count(">Información vencida</span>") == 1
    assert listing.count(">Histórico</span>") == 1 and listing.count(">Al día</span>") == 1
    assert "La información vigente:" in client.get(vieja.url).content.decode()
    latest = client.get("/").content.decode().split('id="recientes-title"', 1)[1]
    assert latest.count(">Información vencida</span>") == 1
    assert latest.count(">Histórico</span>") == 1 and latest.count(">Al día</span>") == 1
    matrix = client.get(f"/obligaciones/?organo={organo.pk}").content.decode()
    assert matrix.count("estado--vencida") == 1 and matrix.count("estado--al_dia") == 1
    figure = client.get("/").content.decode().split('data-cifra="cumplimiento"', 1)[1][:400]
    assert (
        'href="/obligaciones/"' in figure
        and ">50.0\u00a0%</span>" in figure
        and "(1 de 2)" in figure
    )
    union = client.get("/obligaciones/").content.decode()
    assert "1 de 2 obligaciones aplicables están al día (50.0\u00a0%)" in union


def test_area_responsable_defaults_to_the_organo(publicacion, organo):
    assert publicacion.responsable == organo.title
    publicacion.area_responsable = "Dirección de Contabilidad"
    assert publicacion.responsable == "Dirección de Contabilidad"


def test_project_sheet_shows_indicators_and_actions_in_order(client, organo, eje):
    proyecto = ProyectoPageFactory(parent=organo, ejes=[eje], estrategia=eje)
    ProyectoIndicador.objects.create(page=proyecto, cifra="42", etiqueta="reuniones de trabajo")
    ProyectoAccion.objects.create(page=proyecto, descripcion="Operar el OPTISNTE", sort_order=0)
    ProyectoAccion.objects.create(page=proyecto, descripcion="Diseñar la versión 2.0", sort_order=1)
    html = client.get(proyecto.url).content.decode()
    assert "42" in html and "reuniones de trabajo" in html
    assert html.index("Operar el OPTISNTE") < html.index("Diseñar la versión 2.0")
    # The estrategia section links to its eje (the ejes list elsewhere on the page is not it).
    section = re.search(r'<section[^>]*aria-labelledby="estrategia-title".*?</section>', html, re.S)
    assert section, "no estrategia section"
    assert f'<a href="{eje.url}">{eje.title}</a>' in section.group(0)


def test_structure_index_is_a_navigable_tree(client, estructura, organo):
    OrganoPageFactory(parent=organo, title="Secretaría de Organización")
    html = client.get(estructura.url).content.decode()
    assert html.index(organo.title) < html.index("Secretaría de Organización")
    assert organo.url in html
