"""Nothing that was never public is revealed by something public: a live publication and a
live project point, in every way they can, at unpublished and private things, and no public
representation names them (finding 7 of the trust-boundary review)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.models import ColeccionPublica
from ejes.factories import EjePageFactory
from estructura.factories import OrganoPageFactory, ProyectoPageFactory, PublicacionPageFactory
from estructura.models import OrganoRoles, PublicacionDocumento
from home.inventario import CLASES

from .conftest import make_persona, publicar

pytestmark = pytest.mark.django_db

# Every hidden thing carries one of these words in its title and slug.
HIDDEN = ("ocultoeje", "reservadoeje", "ocultapagina", "ocultoorgano", "ocultodoc", "reservadodoc")


def document(title, collection, name):
    return get_document_model().objects.create(
        title=title, collection=collection, file=ContentFile(b"%PDF-1.4\n", name)
    )


def rich_link(kind, obj, text):
    return f'<p><a linktype="{kind}" id="{obj.pk}">{text}</a></p>'


@pytest.fixture
def on_disk(settings, tmp_path):
    """Files on disk: Wagtail serves a document from a local path, which the tests' in-memory
    storage claims to have but does not."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def escena(on_disk, home, estructura, ejes_index, eje, organo_a):
    root = Collection.get_first_root_node()
    reservada = root.add_child(name="Reservada")
    CollectionViewRestriction.objects.create(
        collection=reservada, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    coleccion_a = OrganoRoles.objects.get(organo=organo_a).coleccion

    eje_borrador = EjePageFactory(
        parent=ejes_index, title="Eje ocultoeje", slug="eje-ocultoeje", live=False
    )
    eje_reservado = EjePageFactory(parent=ejes_index, title="Eje reservadoeje", slug="reservadoeje")
    PageViewRestriction.objects.create(
        page=eje_reservado, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    pagina_borrador = PublicacionPageFactory(
        parent=organo_a, ejes=[eje], title="Página ocultapagina", slug="ocultapagina", live=False
    )
    pagina_borrador.save_revision()
    organo_borrador = OrganoPageFactory(
        parent=estructura, title="Órgano ocultoorgano", slug="ocultoorgano", live=False
    )

    solo_borrador = document("Documento ocultodoc", coleccion_a, "ocultodoc.pdf")
    reservado = document("Documento reservadodoc", reservada, "reservadodoc.pdf")
    publico = document("Documento publicado", coleccion_a, "publicado.pdf")
    sin_uso = document("Documento sin uso", coleccion_a, "sinuso.pdf")
    formatos = coleccion_a.add_child(name="Formatos")
    ColeccionPublica.objects.create(coleccion=formatos)
    formato = document("Formato descargable", formatos, "formato.pdf")
    imagen_reservada = get_image_model().objects.create(
        title="Imagen reservadodoc", collection=reservada, file=get_test_image_file()
    )

    # The draft page uses this document: only a draft, so it is not published.
    pagina_borrador.documentos.add(PublicacionDocumento(document=solo_borrador))
    pagina_borrador.save_revision()

    body = json.dumps(
        [
            {
                "type": "paragraph",
                "value": rich_link("page", pagina_borrador, "enlace a página")
                + rich_link("page", eje_reservado, "enlace a eje")
                + rich_link("document", reservado, "enlace reservado")
                + rich_link("document", publico, "enlace público"),
            },
            {"type": "document", "value": {"document": reservado.pk, "title": ""}},
        ]
    )
    publicacion = PublicacionPageFactory(
        parent=organo_a,
        ejes=[eje, eje_borrador, eje_reservado],
        title="Informe visible",
        slug="informe-visible",
        body=body,
    )
    publicacion.documentos.add(PublicacionDocumento(document=reservado))
    publicacion.documentos.add(PublicacionDocumento(document=publico))
    publicar(publicacion)
    proyecto = publicar(
        ProyectoPageFactory(
            parent=organo_a,
            ejes=[eje_reservado],
            estrategia=eje_borrador,
            imagen=imagen_reservada,
            title="Proyecto visible",
            slug="proyecto-visible",
        )
    )
    huerfana = publicar(
        PublicacionPageFactory(
            parent=organo_borrador, ejes=[eje], title="Informe huérfano", slug="informe-huerfano"
        )
    )
    return {
        "publicacion": publicacion,
        "proyecto": proyecto,
        "huerfana": huerfana,
        "documents": {
            "solo_borrador": solo_borrador,
            "reservado": reservado,
            "publico": publico,
            "sin_uso": sin_uso,
            "formato": formato,
        },
        "eje": eje,
        "organo": organo_a,
    }


def public_urls(escena):
    """Every public representation that could name what its pages point at."""
    publicacion, proyecto = escena["publicacion"], escena["proyecto"]
    return [
        publicacion.url,
        proyecto.url,
        escena["organo"].url,
        escena["eje"].url,
        "/",
        "/sitemap.xml",
        "/buscar/?q=visible",
        "/datos-abiertos/publicaciones.csv",
        "/datos-abiertos/publicaciones.json",
        "/api/v2/pages/?fields=*&limit=100",
        f"/api/v2/pages/{publicacion.pk}/",
        f"/api/v2/pages/{proyecto.pk}/",
        "/api/v2/documents/?fields=*",
        "/api/v2/images/?fields=*",
        "/api/v3/pages/?limit=100",
        f"/api/v3/pages/{publicacion.pk}/",
        f"/api/v3/pages/{proyecto.pk}/",
        # The lists behind the home page's counts, as pages and as CSV.
        *[
            reverse(f"inventario:{view}", args=[clase.slug])
            for clase in CLASES
            for view in ("lista", "csv")
        ],
    ]


def test_no_public_representation_names_what_was_never_public(escena):
    client = Client()
    hidden_urls = [
        f"/documentos/{escena['documents'][name].pk}/"
        for name in ("solo_borrador", "reservado", "sin_uso")
    ]
    checked = 0
    for url in public_urls(escena):
        response = client.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        for word in HIDDEN:
            assert word not in body, (url, word)
        for address in hidden_urls:
            assert address not in body, (url, address)
        checked += 1
    assert checked == len(public_urls(escena))


def test_what_may_be_public_still_shows(escena):
    client = Client()
    page = client.get(escena["publicacion"].url).content.decode()
    assert "Transparencia" in page  # its public eje
    assert f"/documentos/{escena['documents']['publico'].pk}/" in page  # its public document
    assert "enlace a página" in page  # a link's text stays, without its address
    api = client.get(f"/api/v2/pages/{escena['publicacion'].pk}/").json()
    assert [eje["title"] for eje in api["ejes"]] == ["Transparencia"]
    assert api["organo"]["title"] == escena["organo"].title


def test_a_live_page_below_an_unpublished_organo_is_not_published(escena):
    # Its own address names the órgano: it is as unpublished as the section it is in.
    huerfana = escena["huerfana"]
    client = Client()
    assert client.get(huerfana.url).status_code == 404
    assert client.get(f"/api/v2/pages/{huerfana.pk}/").status_code == 404
    assert client.get(f"/api/v3/pages/{huerfana.pk}/").status_code == 404
    listing = client.get("/api/v2/pages/?limit=100").json()["items"]
    assert huerfana.pk not in {item["id"] for item in listing}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("publico", 200),  # used by a live page
        ("formato", 200),  # in a collection marked public
        ("solo_borrador", 404),  # used only by a draft
        ("sin_uso", 404),  # used by nothing
    ],
)
def test_documents_download_only_once_published(escena, name, status):
    doc = escena["documents"][name]
    assert Client().get(doc.url).status_code == status


def test_a_private_collection_keeps_its_own_rule(escena):
    # Wagtail's password form, not the file; the document is linked from nowhere public.
    response = Client().get(escena["documents"]["reservado"].url)
    assert response.status_code == 200
    assert not response.streaming
    assert b"%PDF" not in response.content
    assert b'name="password"' in response.content


def test_editors_of_the_organo_download_their_drafts_files(escena, organo_a):
    enlace = make_persona("enlace", organo_a.roles.enlaces)
    assert enlace.admin.get(escena["documents"]["solo_borrador"].url).status_code == 200
    outsider = get_user_model().objects.create_user("fuera", "f@example.mx", "x")
    client = Client()
    client.force_login(outsider)
    assert client.get(escena["documents"]["solo_borrador"].url).status_code == 404
