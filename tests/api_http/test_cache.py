"""API v2 answers carry validators, honour 304s and come from a shared cache until content changes."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model

from api.http_cache import GENERATION_KEY
from estructura.factories import OrganoPageFactory, PublicacionPageFactory
from estructura.models import PublicacionDocumento

LISTING = "/api/v2/pages/?type=estructura.PublicacionPage&fields=*"


@pytest.fixture(autouse=True)
def empty_cache():
    # The local-memory cache outlives each test's database rollback.
    cache.clear()
    yield
    cache.clear()


def publicar(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def publicacion(organo, eje):
    return publicar(PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe anual"))


def titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_second_identical_request_is_served_from_the_cache(
    client, publicacion, django_assert_num_queries
):
    first = client.get(LISTING)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = client.get(LISTING)
    assert second.status_code == 200
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_answers_carry_validators_cache_control_and_vary(client, publicacion):
    response = client.get(f"/api/v2/pages/{publicacion.pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Cache-Control"] == "public, max-age=60"
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"accept", "authorization", "cookie"} <= vary


def test_if_none_match_gets_304_from_the_cache_and_without_it(client, publicacion):
    etag = client.get(LISTING)["ETag"]
    not_modified = client.get(LISTING, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    # The ETag is a hash of the body, so a freshly built answer matches it too.
    cache.clear()
    assert client.get(LISTING, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(LISTING, HTTP_IF_NONE_MATCH='W/"otra-version"').status_code == 200


def test_if_modified_since_gets_304_once_the_last_change_is_a_second_old(client, publicacion):
    # Right after a change there is no trustworthy one-second date, so none is sent.
    assert "Last-Modified" not in client.get(LISTING)
    cache.clear()
    cache.set(GENERATION_KEY, time.time_ns() - 10 * 1_000_000_000)  # last change 10 s ago
    response = client.get(LISTING)
    last_modified = response["Last-Modified"]
    not_modified = client.get(LISTING, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert not_modified.status_code == 304


def test_publishing_a_page_shows_it_at_once(client, organo, publicacion):
    borrador = PublicacionPageFactory(parent=organo, title="Informe nuevo", live=False)
    assert titles(client.get(LISTING)) == ["Informe anual"]
    publicar(borrador)
    assert sorted(titles(client.get(LISTING))) == ["Informe anual", "Informe nuevo"]


def test_unpublishing_a_page_hides_it_at_once(client, publicacion):
    detail = f"/api/v2/pages/{publicacion.pk}/"
    assert client.get(detail).status_code == 200
    assert titles(client.get(LISTING)) == ["Informe anual"]
    publicacion.unpublish()
    assert titles(client.get(LISTING)) == []
    assert client.get(detail).status_code == 404


def test_moving_a_page_shows_its_new_organo_at_once(
    client, estructura, publicacion, django_capture_on_commit_callbacks
):
    otro = publicar(OrganoPageFactory(parent=estructura, title="Comisión de Vigilancia"))
    detail = f"/api/v2/pages/{publicacion.pk}/"
    under_otro = f"/api/v2/pages/?child_of={otro.pk}"
    assert client.get(detail).json()["organo"]["id"] != otro.pk
    assert titles(client.get(under_otro)) == []
    with django_capture_on_commit_callbacks(execute=True):
        publicacion.move(otro, pos="last-child")
    assert client.get(detail).json()["organo"]["id"] == otro.pk
    assert titles(client.get(under_otro)) == ["Informe anual"]


def test_deleting_a_page_removes_it_at_once(client, publicacion):
    detail = f"/api/v2/pages/{publicacion.pk}/"
    assert client.get(detail).status_code == 200
    assert titles(client.get(LISTING)) == ["Informe anual"]
    publicacion.delete()
    assert client.get(detail).status_code == 404
    assert titles(client.get(LISTING)) == []


def test_changing_a_document_shows_at_once(client, publicacion):
    documento = get_document_model().objects.create(
        title="Acta de sesión", file=ContentFile(b"%PDF-1.4 acta", name="acta.pdf")
    )
    PublicacionDocumento.objects.create(page=publicacion, document=documento)
    publicar(publicacion)
    listing = "/api/v2/documents/"
    assert [item["title"] for item in client.get(listing).json()["items"]] == ["Acta de sesión"]
    documento.title = "Acta de la sesión ordinaria"
    documento.save()
    assert [item["title"] for item in client.get(listing).json()["items"]] == [
        "Acta de la sesión ordinaria"
    ]


def test_logged_in_users_neither_read_nor_fill_the_shared_cache(
    client, publicacion, django_assert_max_num_queries
):
    client.get(LISTING)  # an anonymous copy is now cached
    admin = get_user_model().objects.create_superuser("admin-prueba", "a@example.mx", "x")
    client.force_login(admin)
    for _ in range(2):
        response = client.get(LISTING)
        assert response["X-Cache"] == "BYPASS"
        assert response["Cache-Control"] == "private, no-store"
    client.logout()
    cache.clear()
    client.force_login(admin)
    client.get(LISTING)
    client.logout()
    assert client.get(LISTING)["X-Cache"] == "MISS"


def test_requests_with_a_token_neither_read_nor_fill_the_shared_cache(client, publicacion):
    client.get(LISTING)
    with_token = client.get(LISTING, HTTP_AUTHORIZATION="Bearer wagtail_cualquiera")
    assert with_token["X-Cache"] == "BYPASS"
    assert "public" not in with_token["Cache-Control"]
    cache.clear()
    client.get(LISTING, HTTP_AUTHORIZATION="Bearer wagtail_cualquiera")
    assert client.get(LISTING)["X-Cache"] == "MISS"


def test_each_accept_header_has_its_own_copy(client, publicacion):
    client.get(LISTING, HTTP_ACCEPT="application/json")
    html = client.get(LISTING, HTTP_ACCEPT="text/html")
    assert html["X-Cache"] == "MISS"
    assert html["Content-Type"].startswith("text/html")
    json = client.get(LISTING, HTTP_ACCEPT="application/json")
    assert json["X-Cache"] == "HIT"
    assert json["Content-Type"] == "application/json"


def test_an_answer_carrying_a_csrf_token_is_never_shared(client, publicacion):
    # DRF's browsable HTML embeds the caller's CSRF token; nobody else may be handed it.
    for _ in range(2):
        assert client.get(LISTING, HTTP_ACCEPT="text/html")["X-Cache"] == "MISS"


def test_errors_are_never_cached(client, home, django_assert_max_num_queries):
    for _ in range(2):
        response = client.get("/api/v2/pages/999999/")
        assert response.status_code == 404
        assert "X-Cache" not in response
    assert client.get("/api/v2/pages/?no_existe=1").status_code == 400
    assert "X-Cache" not in client.get("/api/v2/pages/?no_existe=1")


def test_post_is_never_answered_from_the_cache(client, publicacion):
    assert client.get(LISTING).status_code == 200
    response = client.post(LISTING, {})
    assert response.status_code == 405
    assert "X-Cache" not in response
    assert "ETag" not in response


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v3/pages/"])
def test_only_api_v2_is_touched(client, publicacion, path):
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "X-Cache" not in response
        assert "ETag" not in response
        assert "public" not in response.get("Cache-Control", "")


@override_settings(API_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off_but_keeps_304s(
    client, publicacion, django_assert_max_num_queries
):
    first = client.get(LISTING)
    assert first["Cache-Control"] == "no-cache"
    assert first["X-Cache"] == "BYPASS"
    with pytest.raises(pytest.fail.Exception):
        with django_assert_max_num_queries(0):
            client.get(LISTING)
    assert client.get(LISTING, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_head_is_answered_like_get(client, publicacion):
    etag = client.get(LISTING)["ETag"]
    head = client.head(LISTING)
    assert head.status_code == 200
    assert head["ETag"] == etag
    assert head["X-Cache"] == "HIT"
