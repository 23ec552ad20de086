"""Both OpenAPI documents are valid for a real client: the specification's own validator takes
them, and a maintained generator (openapi-python-client) builds clients that file a Buzón ticket
and read three listings, over WSGI in this process (so in the test's transaction)."""

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from openapi_spec_validator import validate
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from api.openapi import valid_openapi
from buzon.factories import BuzonPageFactory
from buzon.models import Ticket
from estructura.factories import PublicacionPageFactory
from tests.buzon.conftest import png_bytes

pytestmark = pytest.mark.django_db

DOCUMENTS = {"project": "/api/openapi.json", "v3": "/api/v3/openapi.json"}
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture
def document(client, home):
    def fetch(name):
        response = client.get(DOCUMENTS[name])
        assert response.status_code == 200
        return response.json()

    return fetch


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_served_document_is_valid_openapi(document, name):
    spec = document(name)
    validate(spec)  # raises with the first fault
    schemes = spec["components"]["securitySchemes"]
    assert all(scheme.get("scheme") for scheme in schemes.values() if scheme["type"] == "http")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_public_reads_say_no_credential_is_needed(document, name):
    spec = document(name)
    anonymous = {
        (method, path)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if {} in operation.get("security", [])
    }
    expected = {
        "project": {("post", "/api/buzon/tickets/"), ("get", "/api/resultados/")},
        "v3": {("get", "/api/v3/pages/"), ("get", "/api/v3/documents/")},
    }[name]
    assert expected <= anonymous
    # Writes of Wagtail content always need a token.
    assert ("post", "/api/v3/pages/") not in anonymous


def test_an_anonymous_only_requirement_becomes_the_empty_one():
    spec = {
        "components": {
            "securitySchemes": {
                "Bearer": {"type": "http", "scheme": "bearer"},
                "Anyone": {"type": "http"},
            }
        },
        "security": [{"Anyone": []}],
        "paths": {
            "/a/": {
                "get": {"security": [{"Bearer": []}, {"Anyone": []}]},
                "post": {"security": [{"Bearer": []}]},
                "parameters": [],
            }
        },
    }
    fixed = valid_openapi(spec)
    assert fixed["components"]["securitySchemes"] == {
        "Bearer": {"type": "http", "scheme": "bearer"}
    }
    assert fixed["security"] == [{}]
    assert fixed["paths"]["/a/"]["get"]["security"] == [{"Bearer": []}, {}]
    assert fixed["paths"]["/a/"]["post"]["security"] == [{"Bearer": []}]


def import_unset_where_used(root):
    """openapi-python-client 0.29.1 annotates an operation with two body types (the Buzón's JSON
    or multipart form) with ``Unset`` without importing it; add the import it forgot."""
    for path in root.glob("api/*/*.py"):
        source = path.read_text()
        if "| Unset" in source and "import UNSET, Response\n" in source:
            path.write_text(
                source.replace("import UNSET, Response\n", "import UNSET, Response, Unset\n")
            )


@pytest.fixture
def generated(document, tmp_path):
    """generated(name): the client package openapi-python-client builds from that document."""
    made = []

    def generate(name):
        spec_path = tmp_path / f"{name}.json"
        spec_path.write_text(json.dumps(document(name)))
        package = f"optisnte_{name}_client"
        env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ['PATH']}"}
        result = subprocess.run(  # noqa: S603 (the venv's own generator, our own document)
            [GENERATOR, "generate", "--path", spec_path, "--output-path", tmp_path / package]
            + ["--meta", "none"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        import_unset_where_used(tmp_path / package)
        made.append(package)
        sys.path.insert(0, str(tmp_path))
        return importlib.import_module(package)

    yield generate
    while str(tmp_path) in sys.path:
        sys.path.remove(str(tmp_path))
    for name in list(sys.modules):
        if name.split(".")[0] in made:
            del sys.modules[name]


def operation(package, operation_id):
    """The generated module of one operation, wherever the generator filed it (by tag)."""
    root = Path(package.__file__).parent / "api"
    (path,) = root.glob(f"*/{operation_id}.py")
    return importlib.import_module(f"{package.__name__}.api.{path.parent.name}.{operation_id}")


def in_this_transaction(handler):
    """`handler` as a WSGI app that keeps the test's database connection open: Django closes
    it when a request finishes, which its test client prevents the same way."""

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # sends request_finished
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


def in_process(package):
    """A client of the generated `package` whose requests go through Django's WSGI handler."""
    client = package.Client(base_url="http://testserver")
    transport = httpx.WSGITransport(in_this_transaction(get_wsgi_application()))
    client.set_httpx_client(httpx.Client(base_url="http://testserver", transport=transport))
    return client


def test_a_generated_client_files_and_follows_a_buzon_ticket(generated, home):
    BuzonPageFactory(parent=home)
    package = generated("project")
    client = in_process(package)
    create = operation(package, "buzon_crear_ticket")
    consult = operation(package, "buzon_consultar_ticket")
    models = importlib.import_module(f"{package.__name__}.models")
    body = models.BuzonCrearTicketJsonTicketNuevo(
        tipo=models.BuzonCrearTicketJsonTicketNuevoTipoType0("sugerencia"),
        asunto="Horario de atención",
        mensaje="¿Podrían publicar el horario de atención de la sección?",
        acepta_aviso=True,
    )

    created = create.sync_detailed(client=client, body=body)

    assert created.status_code == 201, created.content
    ticket = Ticket.objects.get()
    assert created.parsed.folio == ticket.folio
    assert ticket.asunto == "Horario de atención"
    followed = consult.sync_detailed(
        created.parsed.folio, client=client, x_clave_seguimiento=created.parsed.clave
    )
    assert followed.status_code == 200
    assert followed.parsed.folio == ticket.folio


def test_a_generated_v3_client_reads_pages_documents_and_images(generated, home, organo, eje):
    PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe trimestral")
    get_document_model().objects.create(
        title="Acta", file=ContentFile(b"%PDF-1.4 acta", name="acta.pdf")
    )
    get_image_model().objects.create(
        title="Foto", file=ContentFile(png_bytes(), name="foto.png"), width=1, height=1
    )
    package = generated("v3")
    client = in_process(package)
    listings = {
        name: operation(package, f"{name}_list") for name in ("pages", "documents", "images")
    }

    pages = listings["pages"].sync_detailed(client=client)
    documents = listings["documents"].sync_detailed(client=client)
    images = listings["images"].sync_detailed(client=client)

    assert [r.status_code for r in (pages, documents, images)] == [200, 200, 200]
    titles = {item["title"] for item in json.loads(pages.content)["items"]}
    public = Page.objects.live().public().exclude(depth=1).values_list("title", flat=True)
    assert "Informe trimestral" in titles and titles <= set(public)
    assert json.loads(documents.content)["count"] == get_document_model().objects.count()
    assert json.loads(images.content)["count"] == get_image_model().objects.count()
