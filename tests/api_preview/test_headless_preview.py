"""Headless preview: the admin's preview hands the front end a token for the unsaved draft."""

import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms import preview as headless
from estructura.factories import PublicacionPageFactory
from estructura.models import PublicacionPage

pytestmark = pytest.mark.django_db

FRONT_END = "https://front.example/preview"
CONTENT_TYPE = "estructura.publicacionpage"


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editora", "editora@snte.example.mx", "x")
    client.force_login(user)
    return client


@pytest.fixture
def publicacion(organo, eje):
    page = PublicacionPageFactory(parent=organo, ejes=[eje], title="Título publicado")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def edit_form(client, page, url=None, **changes):
    """The page's edit form (or the form at `url`) as a browser would send it, with `changes`."""
    response = client.get(url or reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, values in list(data.lists()):
        data.setlist(name, [value.removeprefix("\n") for value in values])
    data.setdefault("body-count", "0")
    for name, value in changes.items():
        data[name] = value
    return data


def preview(client, page, **changes):
    """POST the form to the preview view as the admin's JavaScript does, then GET the preview."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = client.post(url, edit_form(client, page, **changes))
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    return client.get(url)


def previewed_token(client, page, **changes):
    response = preview(client, page, **changes)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == FRONT_END
    query = parse_qs(location.query)
    assert query["content_type"] == [CONTENT_TYPE]
    return query["token"][0]


def preview_api(client, token, content_type=CONTENT_TYPE):
    params = {"content_type": content_type}
    if token is not None:
        params["token"] = token
    return client.get("/api/v2/page_preview/", params)


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_preview_sends_the_editor_to_the_front_end_with_the_unsaved_draft(
    editor, client, publicacion
):
    token = previewed_token(editor, publicacion, title="Título en borrador")
    editor.logout()  # the front end calls the API with the token alone

    response = preview_api(client, token)
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == publicacion.pk
    assert data["title"] == "Título en borrador"
    assert data["meta"]["type"] == "estructura.PublicacionPage"
    assert data["resumen"] == publicacion.resumen
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]

    # Nothing was saved: the live page and the API still show the published title.
    page_response = client.get(publicacion.url)
    assert "Título publicado" in page_response.content.decode()
    assert "Título en borrador" not in page_response.content.decode()
    assert client.get(f"/api/v2/pages/{publicacion.pk}/").json()["title"] == "Título publicado"
    publicacion.refresh_from_db()
    assert publicacion.get_latest_revision_as_object().title == "Título publicado"


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_preview_token_is_not_cached_for_the_next_anonymous_client(editor, client, publicacion):
    token = previewed_token(editor, publicacion, title="Título en borrador")
    editor.logout()
    for _ in range(2):
        response = preview_api(client, token)
        assert response.status_code == 200
        # Never served from (nor stored in) the shared API cache.
        assert response["X-Cache"] != "HIT"


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_preview_api_refuses_missing_tampered_expired_and_mismatched_tokens(
    editor, client, publicacion
):
    token = previewed_token(editor, publicacion, title="Título en borrador")
    editor.logout()
    payload = signing.loads(token, salt=headless.SALT)
    # Signed two hours ago: the stored draft is still there, only the token is too old.
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 7200):
        expired = headless.sign_token(payload["key"], CONTENT_TYPE)
    forged = signing.dumps(payload, salt="another-salt")

    cases = {
        "missing": preview_api(client, None),
        "empty": preview_api(client, ""),
        "tampered": preview_api(client, token[:-2] + ("AA" if token[-2:] != "AA" else "BB")),
        "forged": preview_api(client, forged),
        "expired": preview_api(client, expired),
        "other type": preview_api(client, token, content_type="estructura.proyectopage"),
        "no content type": client.get("/api/v2/page_preview/", {"token": token}),
        "by id": client.get(f"/api/v2/page_preview/{publicacion.pk}/"),
    }
    for name, response in cases.items():
        assert response.status_code == 400, name
        assert "message" in response.json(), name
        assert "Título en borrador" not in response.content.decode(), name
    assert "expiró" in cases["expired"].json()["message"]


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_preview_api_answers_404_once_the_draft_is_gone(editor, client, publicacion):
    token = previewed_token(editor, publicacion, title="Título en borrador")
    editor.logout()
    # A well-signed token whose draft is not (or no longer) stored.
    unknown = headless.sign_token("nonexistent", CONTENT_TYPE)
    response = preview_api(client, unknown)
    assert response.status_code == 404
    assert "message" in response.json()
    assert preview_api(client, token).status_code == 200


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END, HEADLESS_PREVIEW_MAX_AGE=60)
def test_preview_api_refuses_a_token_older_than_the_configured_max_age(editor, client, publicacion):
    token = previewed_token(editor, publicacion, title="Título en borrador")
    later = time.time() + 61
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = preview_api(client, token)
    assert response.status_code == 400
    assert "expiró" in response.json()["message"]


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_preview_url_keeps_the_front_ends_own_query(editor, publicacion):
    with override_settings(HEADLESS_PREVIEW_URL=FRONT_END + "?site=optisnte"):
        response = preview(editor, publicacion, title="Título en borrador")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["site"] == ["optisnte"]
    assert query["content_type"] == [CONTENT_TYPE]


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_a_page_never_saved_can_be_previewed_too(editor, client, organo, eje):
    args = ["estructura", "publicacionpage", organo.pk]
    form = edit_form(
        editor,
        None,
        url=reverse("wagtailadmin_pages:add", args=args),
        title="Publicación nueva",
        slug="publicacion-nueva",
        resumen="Resumen del borrador.",
        tipo_informacion="informe",
        ejercicio="2026",
        periodo="T3",
        fecha_actualizacion="2026-09-03",
    )
    form.setlist("ejes", [str(eje.pk)])
    url = reverse("wagtailadmin_pages:preview_on_add", args=args)
    assert editor.post(url, form).json()["is_valid"] is True
    query = parse_qs(urlsplit(editor.get(url)["Location"]).query)
    editor.logout()

    response = preview_api(client, query["token"][0])
    assert response.status_code == 200
    data = response.json()
    assert data["id"] is None
    assert data["title"] == "Publicación nueva"
    assert data["meta"]["parent"]["id"] == organo.pk
    assert [eje_ref["id"] for eje_ref in data["ejes"]] == [eje.pk]
    assert not PublicacionPage.objects.filter(slug="publicacion-nueva").exists()


@override_settings(HEADLESS_PREVIEW_URL="")
def test_without_a_front_end_preview_renders_our_template(editor, publicacion):
    response = preview(editor, publicacion, title="Título en borrador")
    assert response.status_code == 200
    assert "Título en borrador" in response.content.decode()
    assert "<html" in response.content.decode()


def test_preview_api_has_nothing_without_a_token(client, publicacion):
    response = client.get("/api/v2/page_preview/")
    assert response.status_code == 400
    assert "message" in response.json()
