"""The eje page lists what is classified under it, from every órgano, and nothing private."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from ejes.factories import EjePageFactory
from estructura.choices import TipoInformacion
from estructura.factories import OrganoPageFactory, ProyectoPageFactory, PublicacionPageFactory


@pytest.fixture
def content(home, ejes_index, estructura, eje, organo):
    tema = EjePageFactory(parent=eje, title="Datos abiertos")
    otro_eje = EjePageFactory(parent=ejes_index, title="Derechos laborales")
    seccion = OrganoPageFactory(parent=estructura, title="Sección 10")
    finanzas = OrganoPageFactory(parent=organo, title="Secretaría de Finanzas")

    def publicacion(title, parent, ejes, **fields):
        return PublicacionPageFactory(parent=parent, ejes=ejes, title=title, **fields)

    return {
        "tema": tema,
        "cen": organo,
        "finanzas": finanzas,
        "pub_cen": publicacion("Informe CEN", organo, [eje], ejercicio=2025),
        "pub_finanzas": publicacion(
            "Estado financiero", finanzas, [eje, tema], tipo_informacion=TipoInformacion.FINANZAS
        ),
        "pub_seccion": publicacion("Informe Sección 10", seccion, [tema]),
        "pub_otro": publicacion("Fuera del eje", seccion, [otro_eje]),
        "borrador": PublicacionPageFactory(parent=organo, ejes=[eje], title="Borrador", live=False),
        "proyecto": ProyectoPageFactory(
            parent=seccion,
            ejes=[eje],
            title="Proyecto de transparencia",
            fecha_actualizacion=datetime.date(2026, 6, 2),
        ),
    }


def titles(response):
    return [item.title for item in response.context["listing"].object_list]


def test_lists_every_organo_and_tema_once_and_no_drafts(client, eje, content):
    listed = titles(client.get(eje.url))
    assert sorted(listed) == sorted(
        ["Informe CEN", "Estado financiero", "Informe Sección 10", "Proyecto de transparencia"]
    )
    # Classified under the eje and its tema: still listed once.
    assert listed.count("Estado financiero") == 1


def test_listing_is_newest_first(client, eje, content):
    response = client.get(eje.url)
    dates = [item.fecha_actualizacion for item in response.context["listing"].object_list]
    assert dates == sorted(dates, reverse=True)


def test_filter_by_organo_includes_its_sub_organos(client, eje, content):
    listed = titles(client.get(eje.url, {"organo": content["cen"].pk}))
    assert sorted(listed) == ["Estado financiero", "Informe CEN"]


def test_filter_by_ejercicio_and_tipo(client, eje, content):
    assert titles(client.get(eje.url, {"ejercicio": 2025})) == ["Informe CEN"]
    assert titles(client.get(eje.url, {"tipo": "finanzas"})) == ["Estado financiero"]
    assert titles(client.get(eje.url, {"tipo": "proyecto"})) == ["Proyecto de transparencia"]


def test_filter_options_name_only_organos_with_content(client, eje, content):
    options = client.get(eje.url).context["options"]
    organos = {organo.title for organo in options["organos"]}
    assert organos == {"Comité Ejecutivo Nacional", "Secretaría de Finanzas", "Sección 10"}
    assert options["ejercicios"] == [2026, 2025]


def test_private_sections_never_appear(client, eje, content):
    PageViewRestriction.objects.create(
        page=content["finanzas"], restriction_type=PageViewRestriction.LOGIN
    )
    listed = titles(client.get(eje.url))
    assert "Estado financiero" not in listed
    assert "Informe CEN" in listed
    html = client.get("/").content.decode()
    assert "Estado financiero" not in html
    search = client.get("/buscar/", {"q": "financiero"}).content.decode()
    assert "Estado financiero" not in search


@pytest.mark.parametrize(
    "params",
    [
        {"organo": "abc"},
        {"organo": "-1"},
        {"ejercicio": "99999999999"},
        {"ejercicio": "20x5"},
        {"tipo": "<script>alert(1)</script>"},
        {"pagina": "-1"},
        {"pagina": "999999"},
        {"pagina": "uno"},
        {"organo": "\x00"},
    ],
)
def test_bad_filters_are_ignored_never_an_error(client, eje, content, params):
    response = client.get(eje.url, params)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert response.context["listing"].paginator.count >= 1


@pytest.mark.parametrize("organo_id", ["424242", "999999999999999999999"])
def test_unknown_organo_id_lists_nothing(client, eje, content, organo_id):
    response = client.get(eje.url, {"organo": organo_id})
    assert response.status_code == 200
    assert titles(response) == []
    assert "No hay información con estos filtros" in response.content.decode()
