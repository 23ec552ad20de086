"""/api/v2/pages/ filters an app needs: eje, órgano, ejercicio, periodo, tipo, fecha, search."""

import datetime
import itertools

import pytest
from django.conf import settings

from ejes.factories import EjePageFactory
from estructura.choices import Periodo, TipoInformacion
from estructura.factories import OrganoPageFactory, ProyectoPageFactory, PublicacionPageFactory
from tests.api import body_with, make_document

PAGES = "/api/v2/pages/?type=estructura.PublicacionPage"
_fresh = itertools.count()  # the API's HTTP cache must not answer for an earlier request


def titles(client, query, base=PAGES):
    response = client.get(f"{base}&{query}&_={next(_fresh)}")
    assert response.status_code == 200, response.json()
    return sorted(item["title"] for item in response.json()["items"])


@pytest.fixture
def contenido(home, ejes_index, estructura, eje, organo):
    tema = EjePageFactory(parent=eje, title="Rendición de cuentas", slug="rendicion")
    otro_eje = EjePageFactory(parent=ejes_index, title="Derechos laborales", slug="derechos")
    secretaria = OrganoPageFactory(parent=organo, title="Secretaría de Finanzas", slug="finanzas")
    otro_organo = OrganoPageFactory(parent=estructura, title="Consejo Nacional", slug="consejo")
    make = PublicacionPageFactory
    pages = {
        "informe": make(
            parent=organo,
            title="Informe anual",
            ejes=[eje],
            ejercicio=2025,
            periodo=Periodo.ANUAL,
            tipo_informacion=TipoInformacion.INFORME,
            fecha_actualizacion=datetime.date(2026, 3, 2),
        ),
        "presupuesto": make(
            parent=secretaria,
            title="Presupuesto ejercido",
            ejes=[tema],
            ejercicio=2026,
            periodo=Periodo.T1,
            tipo_informacion=TipoInformacion.PRESUPUESTO,
            fecha_actualizacion=datetime.date(2026, 6, 3),
            resumen="Gasto de las cuotas sindicales por capítulo",
        ),
        "acuerdos": make(
            parent=otro_organo,
            title="Acuerdos del consejo",
            ejes=[otro_eje],
            ejercicio=2026,
            periodo=Periodo.T2,
            tipo_informacion=TipoInformacion.INFORME,
            fecha_actualizacion=datetime.date(2026, 9, 4),
        ),
    }
    proyecto = ProyectoPageFactory(
        parent=organo,
        title="Proyecto de capacitación",
        ejes=[tema],
        fecha_actualizacion=datetime.date(2026, 9, 1),
    )
    return {
        "eje": eje,
        "tema": tema,
        "otro_eje": otro_eje,
        "organo": organo,
        "secretaria": secretaria,
        "otro_organo": otro_organo,
        "proyecto": proyecto,
        **pages,
    }


def test_eje_by_id_or_slug_includes_its_temas(client, contenido):
    expected = ["Informe anual", "Presupuesto ejercido"]
    assert titles(client, f"eje={contenido['eje'].pk}") == expected
    assert titles(client, "eje=transparencia") == expected
    assert titles(client, "eje=rendicion") == ["Presupuesto ejercido"]


def test_eje_without_type_lists_publications_and_projects(client, contenido):
    found = titles(client, "eje=rendicion", base="/api/v2/pages/?fields=_,title")
    assert found == ["Presupuesto ejercido", "Proyecto de capacitación"]


def test_organo_includes_everything_below_it(client, contenido):
    assert titles(client, "organo=cen") == ["Informe anual", "Presupuesto ejercido"]
    assert titles(client, f"organo={contenido['secretaria'].pk}") == ["Presupuesto ejercido"]
    assert titles(client, "organo=consejo") == ["Acuerdos del consejo"]


def test_unknown_eje_or_organo_is_a_400_that_says_so(client, contenido):
    # Chosen behaviour: like Wagtail's ?child_of= of a missing page, a 400 (not an empty list),
    # so a typo in an app is noticed rather than shown as "no publications".
    for query in ["eje=no-existe", "organo=no-existe", "eje=999999", "organo=999999"]:
        response = client.get(f"{PAGES}&{query}")
        assert response.status_code == 400, query
        assert "no encontrado" in response.json()["message"]


def test_ejercicio_periodo_and_tipo(client, contenido):
    assert titles(client, "ejercicio=2026") == ["Acuerdos del consejo", "Presupuesto ejercido"]
    assert titles(client, f"periodo={Periodo.T1}") == ["Presupuesto ejercido"]
    assert titles(client, "tipo_informacion=presupuesto") == ["Presupuesto ejercido"]
    assert titles(client, "ejercicio=2026&organo=cen") == ["Presupuesto ejercido"]


def test_ejercicio_without_type_counts_projects_by_year_of_update(client, contenido):
    found = titles(client, "ejercicio=2026", base="/api/v2/pages/?fields=_,title")
    assert "Proyecto de capacitación" in found and "Informe anual" not in found


def test_actualizado_desde_is_inclusive(client, contenido):
    assert titles(client, "actualizado_desde=2026-06-03") == [
        "Acuerdos del consejo",
        "Presupuesto ejercido",
    ]
    assert titles(client, "actualizado_desde=2026-09-05") == []


def test_order_by_fecha_actualizacion(client, contenido):
    response = client.get(f"{PAGES}&order=-fecha_actualizacion&fields=fecha_actualizacion")
    dates = [item["fecha_actualizacion"] for item in response.json()["items"]]
    assert dates == ["2026-09-04", "2026-06-03", "2026-03-02"]


def test_order_by_fecha_actualizacion_across_page_types(client, contenido):
    response = client.get("/api/v2/pages/?eje=transparencia&order=-fecha_actualizacion")
    assert response.status_code == 200, response.json()
    assert [item["title"] for item in response.json()["items"]] == [
        "Proyecto de capacitación",
        "Presupuesto ejercido",
        "Informe anual",
    ]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="Spanish stemming is PostgreSQL's `spanish` text-search configuration; SQLite's FTS "
    "matches whole words only (CI runs this on PostgreSQL)",
)
def test_search_is_full_text_in_spanish(client, contenido):
    # "cuota" finds "cuotas" (Spanish stemming); accents do not matter.
    assert titles(client, "search=cuota") == ["Presupuesto ejercido"]
    assert titles(client, "search=presupuesto&eje=transparencia") == ["Presupuesto ejercido"]


def test_rich_text_is_html_with_absolute_links(client, contenido, eje):
    documento = make_document("Anexo")
    page = contenido["informe"]
    page.body = body_with(documento, link_to=eje)
    page.save_revision().publish()
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    paragraph = data["body"][1]["value"]
    assert "linktype" not in paragraph
    assert f'href="http://testserver{eje.url}"' in paragraph
    proyecto = client.get(f"/api/v2/pages/{contenido['proyecto'].pk}/").json()
    assert proyecto["descripcion"] == "<p>Descripción del proyecto.</p>"
    # The stored format is still there for who asks for it.
    raw = client.get(f"/api/v2/pages/{page.pk}/?rich_text_format=db_html").json()
    assert 'linktype="page"' in raw["body"][1]["value"]
