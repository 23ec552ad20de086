"""CORS: allowed origins may use /api/ from the browser; the admin and the site never answer CORS."""

import pytest
from django.core.cache import cache
from django.test import override_settings

APP = "https://app.transparencia.example.mx"
OTRO = "https://intruso.example.com"

pytestmark = pytest.mark.usefixtures("home")


@pytest.fixture(autouse=True)
def allowed_origins():
    cache.clear()
    with override_settings(CORS_ALLOWED_ORIGINS=[APP]):
        yield
    cache.clear()


def preflight(client, path, origin, method="GET", headers=""):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v3/pages/"])
def test_allowed_origin_may_read_the_api(client, path):
    response = client.get(path, HTTP_ORIGIN=APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "origin" in response["Vary"].lower()


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v3/pages/"])
def test_preflight_from_an_allowed_origin_is_answered(client, path):
    response = preflight(client, path, APP, "POST", "authorization, content-type")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "HEAD", "OPTIONS", "POST", "PATCH", "DELETE"} <= methods
    headers = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type"} <= headers


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v3/pages/"])
def test_other_origins_get_no_cors_headers(client, path):
    assert "Access-Control-Allow-Origin" not in client.get(path, HTTP_ORIGIN=OTRO)
    assert "Access-Control-Allow-Origin" not in preflight(client, path, OTRO)


@override_settings(CORS_ALLOWED_ORIGINS=[])
def test_no_origin_is_allowed_unless_configured(client):
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in preflight(client, "/api/v2/pages/", APP)


@pytest.mark.parametrize("path", ["/admin/login/", "/"])
def test_admin_and_site_never_answer_cors(client, path):
    response = client.get(path, HTTP_ORIGIN=APP)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in preflight(client, path, APP, "POST")


def test_a_cached_answer_keeps_no_origin_of_its_own(client):
    first = client.get("/api/v2/pages/", HTTP_ORIGIN=APP)
    assert first["Access-Control-Allow-Origin"] == APP
    cached = client.get("/api/v2/pages/", HTTP_ORIGIN=APP)
    assert cached["X-Cache"] == "HIT"
    assert cached["Access-Control-Allow-Origin"] == APP
    # The stored copy must not carry the first caller's origin to anyone else.
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/", HTTP_ORIGIN=OTRO)
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/")
