"""The "no" paths through Wagtail API v3 with each user's own bearer token."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page, WorkflowState

from .conftest import latest, make_borrador, publish_count

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


# What an órgano's body needs besides its title to pass validation and reach the permission check.
ORGANO = {"tipo": "comite_comision"}


def publicacion_payload(organo, title, **extra):
    """What an integration sends to draft a publication under `organo`."""
    return {
        "meta": {"type": "estructura.PublicacionPage", "parent_id": organo.pk},
        "title": title,
        "resumen": "Resumen.",
        "tipo_informacion": "informe",
        "ejercicio": 2026,
        "periodo": "T3",
        **extra,
    }


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def action(page, name):
    return f"{PAGES}{page.pk}/actions/{name}/"


@pytest.fixture
def borrador_a(organo_a, eje):
    return make_borrador(organo_a, eje, "Borrador de A", slug="borrador-a")


@pytest.fixture
def borrador_b(organo_b, eje):
    return make_borrador(organo_b, eje, "Borrador de B", slug="borrador-b")


def test_openapi_schema_is_served(client, home):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    assert "/api/v3/pages/{page_id}/actions/publish/" in response.json()["paths"]


# --- An enlace of A, with their token, on órgano B ---------------------------------------------


def test_enlace_cannot_create_under_another_organo(enlace_a, organo_b):
    for meta_action in (None, "publish"):
        meta = {"type": "estructura.OrganoPage", "parent_id": organo_b.pk, "action": meta_action}
        body = {"meta": meta, "title": "Intrusa", "slug": "intrusa", **ORGANO}
        response = post(enlace_a.api, PAGES, body)
        assert response.status_code == 403, meta_action
    assert not Page.objects.filter(slug="intrusa").exists()


@pytest.mark.parametrize("meta", [{}, {"action": "publish"}])
def test_enlace_cannot_patch_another_organos_page(enlace_a, publicacion_b, meta):
    revisions = publicacion_b.revisions.count()
    response = enlace_a.api.patch(
        f"{PAGES}{publicacion_b.pk}/",
        {"meta": meta, "title": "Cambiado por A"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert publicacion_b.revisions.count() == revisions
    assert latest(publicacion_b).title == "Informe de B"


@pytest.mark.parametrize("page_name", ["publicacion_b", "borrador_b"])
def test_enlace_cannot_publish_or_unpublish_another_organos_page(enlace_a, page_name, request):
    page = request.getfixturevalue(page_name)
    was_live = page.live
    assert post(enlace_a.api, action(page, "publish")).status_code == 403
    assert post(enlace_a.api, action(page, "unpublish")).status_code == 403
    assert latest(page).live is was_live
    assert publish_count(page) == (1 if was_live else 0)


@pytest.mark.parametrize("destination", ["a", "b"])
def test_enlace_cannot_copy_another_organos_page(enlace_a, publicacion_b, arbol, destination):
    for keep_live in (True, False):
        response = post(
            enlace_a.api,
            action(publicacion_b, "copy"),
            {"destination_id": arbol[destination].pk, "keep_live": keep_live, "slug": "copia"},
        )
        assert response.status_code == 403, keep_live
    assert not Page.objects.filter(slug="copia").exists()


def test_enlace_cannot_alias_another_organos_page(enlace_a, publicacion_b, organo_a):
    response = post(
        enlace_a.api,
        action(publicacion_b, "create_alias"),
        {"destination_id": organo_a.pk, "slug": "alias"},
    )
    assert response.status_code == 403
    assert not Page.objects.filter(alias_of=publicacion_b).exists()


def test_enlace_cannot_move_another_organos_page(enlace_a, publicacion_b, borrador_b, organo_a):
    for page in (publicacion_b, borrador_b):
        response = post(enlace_a.api, action(page, "move"), {"destination_id": organo_a.pk})
        assert response.status_code == 403, page
        assert latest(page).get_parent().pk != organo_a.pk


def test_enlace_cannot_move_own_page_into_another_organo(enlace_a, borrador_a, organo_b):
    response = post(enlace_a.api, action(borrador_a, "move"), {"destination_id": organo_b.pk})
    assert response.status_code == 403
    assert latest(borrador_a).get_parent().pk != organo_b.pk


@pytest.mark.parametrize("page_name", ["publicacion_b", "borrador_b"])
def test_enlace_cannot_delete_another_organos_page(enlace_a, page_name, request):
    page = request.getfixturevalue(page_name)
    assert enlace_a.api.delete(f"{PAGES}{page.pk}/").status_code == 403
    assert enlace_a.api.delete(action(page, "delete")).status_code == 403
    assert Page.objects.filter(pk=page.pk).exists()


def test_enlace_cannot_revert_another_organos_page(enlace_a, publicacion_b):
    revision = publicacion_b.live_revision
    revisions = publicacion_b.revisions.count()
    response = post(enlace_a.api, action(publicacion_b, "revert"), {"revision_id": revision.pk})
    assert response.status_code == 403
    assert publicacion_b.revisions.count() == revisions


def test_enlace_cannot_read_another_organos_drafts_or_revisions(
    enlace_a, borrador_b, publicacion_b
):
    assert enlace_a.api.get(f"{PAGES}{borrador_b.pk}/?version=draft").status_code == 404
    revision = publicacion_b.live_revision
    assert enlace_a.api.get(f"{PAGES}{publicacion_b.pk}/revisions/").status_code in (403, 404)
    detail = f"{PAGES}{publicacion_b.pk}/revisions/{revision.pk}/"
    assert enlace_a.api.get(detail).status_code in (403, 404)


# --- An enlace of A on A's own pages: drafts, never live ----------------------------------------


def test_enlace_cannot_publish_own_draft(enlace_a, borrador_a):
    response = post(enlace_a.api, action(borrador_a, "publish"))
    assert response.status_code == 403
    assert not latest(borrador_a).live
    assert publish_count(borrador_a) == 0


def test_enlace_cannot_publish_own_page_changes(enlace_a, publicacion_a):
    response = enlace_a.api.patch(
        f"{PAGES}{publicacion_a.pk}/",
        {"meta": {"action": "publish"}, "title": "Publicado sin aprobar"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert latest(publicacion_a).title == "Informe de A"
    assert publish_count(publicacion_a) == 1


def test_enlace_cannot_create_and_publish_in_one_go(enlace_a, organo_a):
    meta = {"type": "estructura.OrganoPage", "parent_id": organo_a.pk, "action": "publish"}
    response = post(
        enlace_a.api, PAGES, {"meta": meta, "title": "Directo", "slug": "directo", **ORGANO}
    )
    assert response.status_code == 403
    assert not Page.objects.filter(slug="directo").exists()


def test_enlace_cannot_unpublish_or_delete_own_live_page(enlace_a, publicacion_a):
    assert post(enlace_a.api, action(publicacion_a, "unpublish")).status_code == 403
    assert enlace_a.api.delete(f"{PAGES}{publicacion_a.pk}/").status_code == 403
    assert latest(publicacion_a).live


def test_enlace_copy_of_own_live_page_is_never_live(enlace_a, publicacion_a, organo_a):
    # keep_live defaults to true in v3: it needs publish rights at the destination.
    response = post(enlace_a.api, action(publicacion_a, "copy"), {"slug": "copia-viva"})
    assert response.status_code == 403
    assert not Page.objects.filter(slug="copia-viva").exists()

    response = post(
        enlace_a.api, action(publicacion_a, "copy"), {"slug": "copia-borrador", "keep_live": False}
    )
    assert response.status_code == 201
    assert Page.objects.get(slug="copia-borrador").live is False


def test_enlace_cannot_alias_own_live_page(enlace_a, publicacion_a, organo_a):
    # An alias is live as soon as its original is: it is a publication.
    response = post(
        enlace_a.api, action(publicacion_a, "create_alias"), {"destination_id": organo_a.pk}
    )
    assert response.status_code == 403
    assert not Page.objects.filter(alias_of=publicacion_a).exists()


def test_enlace_revert_of_own_page_makes_a_draft_only(enlace_a, supervisor_a, publicacion_a):
    first = publicacion_a.live_revision
    publicacion_a.title = "Versión 2 de A"
    publicacion_a.save_revision(user=supervisor_a.user).publish(user=supervisor_a.user)
    publishes = publish_count(publicacion_a)

    response = post(enlace_a.api, action(publicacion_a, "revert"), {"revision_id": first.pk})

    assert response.status_code == 200
    page = latest(publicacion_a)
    assert page.title == "Versión 2 de A"
    assert page.get_latest_revision().content["title"] == "Informe de A"
    assert publish_count(publicacion_a) == publishes


def test_enlace_cannot_create_an_organo_even_under_their_own(enlace_a, organo_a):
    # Órganos (and the groups and collection each brings) are the national team's to add.
    groups = Group.objects.count()
    meta = {"type": "estructura.OrganoPage", "parent_id": organo_a.pk}
    response = post(enlace_a.api, PAGES, {"meta": meta, "title": "Comisión nueva", **ORGANO})
    assert response.status_code == 403
    assert not Page.objects.filter(title="Comisión nueva").exists()
    assert Group.objects.count() == groups


def test_enlace_create_publicacion_under_own_organo_is_a_draft_for_the_workflow(
    enlace_a, organo_a, eje
):
    payload = publicacion_payload(organo_a, "Informe nuevo", ejes=[eje.pk])
    response = post(enlace_a.api, PAGES, payload)

    assert response.status_code == 201
    page = Page.objects.get(pk=response.json()["id"])
    assert page.get_parent().pk == organo_a.pk
    assert page.live is False
    assert page.has_workflow and page.get_workflow().name == "Publicación OPTI"
    assert post(enlace_a.api, action(page, "publish")).status_code == 403
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_enlace_create_publicacion_under_own_organo_is_a_draft(enlace_a, organo_a, eje):
    payload = publicacion_payload(organo_a, "Informe por API", ejes=[eje.pk])
    response = post(enlace_a.api, PAGES, payload)
    assert response.status_code == 201
    page = Page.objects.get(pk=response.json()["id"]).specific
    assert page.live is False
    # What was saved is what was sent, and it waits for the workflow as a draft revision.
    draft = page.get_latest_revision_as_object()
    assert (draft.resumen, draft.ejercicio, draft.periodo) == ("Resumen.", 2026, "T3")


def test_api_v3_create_sets_the_ejes(enlace_a, organo_a, eje):
    payload = publicacion_payload(organo_a, "Informe con ejes", ejes=[eje.pk])
    response = post(enlace_a.api, PAGES, payload)
    page = Page.objects.get(pk=response.json()["id"]).specific
    assert list(page.get_latest_revision_as_object().ejes.all()) == [eje]


def test_api_v3_create_with_missing_fields_is_a_400_not_a_500(enlace_a, organo_a):
    meta = {"type": "estructura.PublicacionPage", "parent_id": organo_a.pk}
    response = post(enlace_a.api, PAGES, {"meta": meta, "title": "Sin datos"})
    assert 400 <= response.status_code < 500
    assert not Page.objects.filter(title="Sin datos").exists()


# --- Supervisors of B on A ---------------------------------------------------------------------


def test_other_supervisor_cannot_publish_unpublish_or_patch(
    supervisor_b, publicacion_a, borrador_a
):
    assert post(supervisor_b.api, action(borrador_a, "publish")).status_code == 403
    assert post(supervisor_b.api, action(publicacion_a, "unpublish")).status_code == 403
    response = supervisor_b.api.patch(
        f"{PAGES}{publicacion_a.pk}/",
        {"meta": {"action": "publish"}, "title": "Publicado por B"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not latest(borrador_a).live
    assert latest(publicacion_a).live
    assert latest(publicacion_a).title == "Informe de A"


def test_owning_supervisor_can_publish(supervisor_a, borrador_a):
    assert post(supervisor_a.api, action(borrador_a, "publish")).status_code == 200
    assert latest(borrador_a).live


# --- No token, a bad token, a revoked token ----------------------------------------------------


def writes(page, parent):
    return [
        (
            "post",
            PAGES,
            {"meta": {"type": "estructura.OrganoPage", "parent_id": parent.pk}, "title": "X"},
        ),
        ("patch", f"{PAGES}{page.pk}/", {"title": "X"}),
        ("delete", f"{PAGES}{page.pk}/", None),
        ("post", action(page, "publish"), None),
        ("post", action(page, "unpublish"), None),
        ("post", action(page, "copy"), {"keep_live": False}),
        ("post", action(page, "move"), {"destination_id": parent.pk}),
        ("post", action(page, "revert"), {"revision_id": page.live_revision_id}),
        ("get", f"{PAGES}{page.pk}/revisions/", None),
    ]


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wagtail_notavalidtoken", "Token x", "revoked"]
)
def test_writes_need_a_valid_token(authorization, enlace_a, publicacion_a, organo_a, client):
    if authorization == "revoked":
        enlace_a.user.api_tokens.get().revoke()
        authorization = f"Bearer {enlace_a.token}"
    # A logged-in admin session is no credential for v3 either.
    client.force_login(enlace_a.user)
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    pages = Page.objects.count()
    for method, path, data in writes(publicacion_a, organo_a):
        kwargs = {"content_type": "application/json"} if data is not None else {}
        response = getattr(client, method)(path, data or {}, **kwargs, **headers)
        assert response.status_code in (401, 403), (method, path, response.status_code)
    assert Page.objects.count() == pages
    assert latest(publicacion_a).live


def test_an_anonymous_session_client_is_refused(publicacion_a):
    response = Client().post(action(publicacion_a, "unpublish"), content_type="application/json")
    assert response.status_code == 401
