"""OPTISNTE's own API at /api/: its schema, its conventions, and how apps plug routers into it."""

from importlib.metadata import version

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.testing import TestClient
from wagtail import hooks

from api import project as project_api

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_lists_estado(client, home):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "OPTISNTE API"
    assert schema["info"]["version"] == "1.0.0"
    assert "/api/estado/" in schema["paths"]
    assert "get" in schema["paths"]["/api/estado/"]


def test_docs_page_is_served(client, home):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content


def test_schema_and_docs_obey_the_v3_docs_switch(client, home, settings):
    settings.WAGTAILAPI_DOCS_ENABLED = False
    assert client.get("/api/openapi.json").status_code == 404
    assert client.get("/api/docs/").status_code == 404
    assert client.get("/api/estado/").json()["enlaces"]["esquema"] is None


def test_estado_names_the_site_version_and_api_links(client, home):
    response = client.get("/api/estado/")
    assert response.status_code == 200
    data = response.json()
    assert data["sitio"]
    assert data["version"] == version("optisnte")
    assert data["hora_servidor"]
    assert data["enlaces"] == {
        "api_v2": "http://testserver/api/v2/pages/",
        "api_v3": "http://testserver/api/v3/pages/",
        "esquema_v3": "http://testserver/api/v3/openapi.json",
        "esquema": "http://testserver/api/openapi.json",
        "documentacion": "http://testserver/api/docs/",
    }


def test_estado_ignores_a_bad_token_like_v3_public_reads(client, home):
    response = client.get("/api/estado/", headers={"Authorization": "Bearer no-existe"})
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v3/pages/", "/api/v3/openapi.json"])
def test_v2_and_v3_are_not_shadowed(client, home, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_unknown_api_path_is_still_a_404(client, home):
    assert client.get("/api/no-existe/").status_code == 404


# --- The plug-in mechanism, with a throwaway router built like an app's -------------------------


class EcoSchema(Schema):
    numero: int


def make_router():
    router = Router(tags=["prueba"])

    @router.get("/eco/{numero}/", response=EcoSchema, auth=project_api.PUBLIC_AUTH)
    def eco(request, numero: int):
        if numero == 404:
            raise Http404("No hay eco")
        return {"numero": numero}

    @router.get("/lista/", response=list[EcoSchema], auth=project_api.PUBLIC_AUTH)
    @paginate(project_api.Pagination)
    def lista(request):
        return [{"numero": n} for n in range(30)]

    @router.post("/privado/", response=EcoSchema)
    def privado(request):
        return {"numero": 1}

    return router


@pytest.fixture
def hooked_api():
    """The API as cms/urls.py builds it, with one more app's router registered by the hook."""
    router = make_router()
    with hooks.register_temporarily(project_api.HOOK_NAME, lambda: ("/prueba/", router)):
        api = project_api.build_api()
    return api


def test_router_registered_by_hook_appears_in_the_schema(hooked_api):
    paths = hooked_api.get_openapi_schema(path_prefix="/api/")["paths"]
    assert "/api/prueba/eco/{numero}/" in paths
    assert "/api/estado/" in paths


def test_hooked_router_is_served(hooked_api):
    response = TestClient(hooked_api).get("/prueba/eco/7/")
    assert response.status_code == 200
    assert response.json() == {"numero": 7}


def test_hooked_router_errors_have_v3_problem_shape(hooked_api):
    api = TestClient(hooked_api)
    not_found = api.get("/prueba/eco/404/")
    assert not_found.status_code == 404
    assert not_found["Content-Type"] == "application/problem+json"
    assert not_found.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No hay eco",
    }
    invalid = api.get("/prueba/eco/siete/")
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["loc"] == ["path", "numero"]


def test_operation_without_auth_of_its_own_needs_a_token(hooked_api):
    response = TestClient(hooked_api).post("/prueba/privado/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_lists_paginate_with_limit_and_offset_like_v3(hooked_api, settings):
    api = TestClient(hooked_api)
    page = api.get("/prueba/lista/?limit=5&offset=10").json()
    assert page == {"count": 30, "items": [{"numero": n} for n in range(10, 15)]}
    settings.WAGTAILAPI_LIMIT_MAX = 10
    assert api.get("/prueba/lista/?limit=11").status_code == 400
    assert api.get("/prueba/lista/?offset=9223372036854775808").status_code == 400


def test_offset_bound_is_in_the_schema(hooked_api):
    operation = hooked_api.get_openapi_schema(path_prefix="/api/")["paths"]["/api/prueba/lista/"]
    offset = next(p for p in operation["get"]["parameters"] if p["name"] == "offset")
    assert offset["schema"]["maximum"] == project_api.BIGINT_MAX


def test_register_router_collects_before_the_api_is_built(monkeypatch):
    router = make_router()
    monkeypatch.setattr(project_api, "_registered_routers", [])
    monkeypatch.setattr(project_api, "_api", None)
    project_api.register_router("/directo/", router)
    paths = project_api.build_api().get_openapi_schema(path_prefix="/api/")["paths"]
    assert "/api/directo/eco/{numero}/" in paths


def test_register_router_after_the_urls_exist_fails_loudly(client, home):
    client.get("/api/estado/")  # the URLconf, and so the API, is loaded
    with pytest.raises(ImproperlyConfigured):
        project_api.register_router("/tarde/", make_router())


def test_hook_returning_something_else_fails_loudly():
    with hooks.register_temporarily(project_api.HOOK_NAME, lambda: ("/mal/", object())):
        with pytest.raises(ImproperlyConfigured):
            project_api.build_api()
