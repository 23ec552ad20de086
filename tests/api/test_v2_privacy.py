"""Drafts, private sections and private or unpublished files never leave through /api/v2/."""

import itertools

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from estructura.factories import OrganoPageFactory, PublicacionPageFactory
from estructura.models import PublicacionDocumento
from tests.api import body_with, make_document

_fresh = itertools.count()


def get(client, url):
    """A fresh answer (the API's HTTP cache keys on the URL)."""
    response = client.get(f"{url}{'&' if '?' in url else '?'}_={next(_fresh)}")
    return response


def listed(client, url):
    response = get(client, url)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


@pytest.fixture
def publica(home, eje, organo):
    documento = make_document("Informe público")
    page = PublicacionPageFactory(
        parent=organo, ejes=[eje], title="Informe público", body=body_with(documento)
    )
    PublicacionDocumento.objects.create(page=page, document=documento)
    page.save_revision().publish()
    return page, documento


def test_draft_publication_is_nowhere(client, publica, eje, organo):
    draft = PublicacionPageFactory(
        parent=organo, ejes=[eje], title="Borrador reservado", live=False
    )
    for url in [
        "/api/v2/pages/",
        "/api/v2/pages/?type=estructura.PublicacionPage&fields=*",
        "/api/v2/pages/?search=reservado",
        "/api/v2/pages/?eje=transparencia&organo=cen",
    ]:
        assert "Borrador reservado" not in listed(client, url), url
    assert get(client, f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_page_in_a_private_section_is_nowhere(client, publica, estructura, eje):
    privado = OrganoPageFactory(parent=estructura, title="Comisión reservada", slug="reservada")
    PageViewRestriction.objects.create(
        page=privado, restriction_type=PageViewRestriction.PASSWORD, password="clave"
    )
    oculta = PublicacionPageFactory(parent=privado, ejes=[eje], title="Acta reservada")
    for url in [
        "/api/v2/pages/",
        "/api/v2/pages/?type=estructura.PublicacionPage&fields=*",
        "/api/v2/pages/?search=reservada",
        "/api/v2/pages/?eje=transparencia",
    ]:
        assert "reservada" not in listed(client, url), url
    assert get(client, f"/api/v2/pages/{oculta.pk}/").status_code == 404
    assert get(client, f"/api/v2/pages/{privado.pk}/").status_code == 404
    # Naming the private órgano in a filter does not reveal it either.
    assert get(client, "/api/v2/pages/?organo=reservada").status_code == 400


def test_published_document_is_listed(client, publica):
    _, documento = publica
    assert "Informe público" in listed(client, "/api/v2/documents/")
    assert get(client, f"/api/v2/documents/{documento.pk}/").status_code == 200


def test_document_in_a_private_collection_is_nowhere(client, publica, eje, organo):
    coleccion = Collection.get_first_root_node().add_child(name="Reservada")
    CollectionViewRestriction.objects.create(
        collection=coleccion, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    secreto = make_document("Nómina reservada", collection=coleccion)
    # Even attached to a live page, its collection keeps it out of the documents API.
    page = PublicacionPageFactory(parent=organo, ejes=[eje], title="Con anexo reservado")
    PublicacionDocumento.objects.create(page=page, document=secreto)
    page.save_revision().publish()
    for url in ["/api/v2/documents/", "/api/v2/documents/?search=nomina"]:
        assert "Nómina reservada" not in listed(client, url)
    assert get(client, f"/api/v2/documents/{secreto.pk}/").status_code == 404


def test_document_attached_only_to_a_draft_is_nowhere(client, publica, eje, organo):
    borrador_doc = make_document("Anexo sin publicar")
    draft = PublicacionPageFactory(
        parent=organo, ejes=[eje], live=False, body=body_with(borrador_doc)
    )
    PublicacionDocumento.objects.create(page=draft, document=borrador_doc)
    draft.save_revision()
    huerfano = make_document("Documento suelto")  # used by no page at all
    for url in ["/api/v2/documents/", "/api/v2/documents/?search=anexo"]:
        content = listed(client, url)
        assert "Anexo sin publicar" not in content and "Documento suelto" not in content
    assert get(client, f"/api/v2/documents/{borrador_doc.pk}/").status_code == 404
    assert get(client, f"/api/v2/documents/{huerfano.pk}/").status_code == 404


def test_image_is_listed_only_once_a_live_page_uses_it(client, home, eje, organo):
    image = get_image_model().objects.create(title="Foto de asamblea", file=get_test_image_file())
    figure = ("figure", {"image": image, "alt": "Asamblea", "caption": ""})
    page = PublicacionPageFactory(parent=organo, ejes=[eje], live=False, body=[figure])
    assert "Foto de asamblea" not in listed(client, "/api/v2/images/")
    assert get(client, f"/api/v2/images/{image.pk}/").status_code == 404
    page.save_revision().publish()
    assert "Foto de asamblea" in listed(client, "/api/v2/images/")
    body = get(client, f"/api/v2/pages/{page.pk}/").json()["body"]
    assert body[0]["value"]["image"]["thumbnail"]["url"].startswith("http://testserver/")


def test_a_private_collections_file_leaves_no_trace_in_the_page_that_uses_it(
    client, home, eje, organo
):
    coleccion = Collection.get_first_root_node().add_child(name="Reservada")
    CollectionViewRestriction.objects.create(
        collection=coleccion, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    secreto = make_document("Nómina reservada", collection=coleccion)
    publico = make_document("Informe abierto")
    page = PublicacionPageFactory(
        parent=organo, ejes=[eje], title="Con anexo reservado", body=body_with(secreto)
    )
    PublicacionDocumento.objects.create(page=page, document=secreto)
    PublicacionDocumento.objects.create(page=page, document=publico)
    page.save_revision().publish()

    for url in [
        "/api/v2/pages/?type=estructura.PublicacionPage&fields=*",
        f"/api/v2/pages/{page.pk}/",
    ]:
        html = listed(client, url)
        assert "Nómina reservada" not in html, url
        assert "Informe abierto" in html, url
    public_page = client.get(page.url).content.decode()
    assert "Nómina reservada" not in public_page
    assert "Informe abierto" in public_page
