"""One rule for shared caches (cms.sharing.shareable): every answer that may be marked
public is public only for a request with no credential, and `private, no-store` otherwise."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from api.urls import api_router
from estructura.factories import PublicacionPageFactory
from resultados.models import ResultadosPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(organo, eje, home):
    PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe").save_revision().publish()
    page = ResultadosPage(title="Rendición de resultados", slug="rendicion-de-resultados")
    home.add_child(instance=page)
    return page


def public_reads(client, resultados_page):
    """Every GET of the project API without path parameters (from its schema), API v2's
    listings, and the results downloads: the answers that may be shared."""
    schema = client.get("/api/openapi.json").json()
    urls = [
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path
    ]
    urls += [f"/api/v2/{name}/" for name in api_router._endpoints if name != "page_preview"]
    urls += [f"{resultados_page.url}descargar/{kind}/" for kind in ("csv", "xlsx")]
    return urls


def credentials():
    """A client for each kind of credential a request can carry."""
    user = get_user_model().objects.create_user("editora", "e@example.mx", "x")
    logged_in = Client()
    logged_in.force_login(user)
    password_passed = Client()
    session = password_passed.session  # a session with nothing but, say, a passed password
    session["passed_page_view_restrictions"] = [1]
    session.save()
    password_passed.cookies["sessionid"] = session.session_key
    return {
        "sesión iniciada": logged_in,
        "contraseña de página": password_passed,
        "token": Client(HTTP_AUTHORIZATION="Bearer no-importa"),
        "Basic": Client(HTTP_AUTHORIZATION="Basic b3B0aTp4"),
    }


def test_public_only_without_any_credential(site):
    others = credentials()
    shared = []
    for url in public_reads(Client(), site):
        anonymous = Client().get(url)
        assert anonymous.status_code == 200, url
        if not anonymous.get("Cache-Control", "").startswith("public"):
            continue  # never shared (the server's own status, say): nothing to check
        shared.append(url)
        for name, client in others.items():
            response = client.get(url)
            if response.status_code in (401, 403):
                continue  # a token the API refuses: nothing to cache either
            assert response["Cache-Control"] == "private, no-store", (url, name)
            assert response.get("X-Cache", "BYPASS") == "BYPASS", (url, name)
    # The figures, the Buzón's statistics, v2's five listings and both downloads.
    assert len(shared) >= 9, shared
