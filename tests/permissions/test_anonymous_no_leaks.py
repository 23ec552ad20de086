"""Anonymous visitors see no draft, revision, in-review or restricted content, by any route."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from estructura.factories import OrganoPageFactory, PublicacionPageFactory
from home.inventario import CLASES

from .conftest import SECRETO, make_borrador, publicar

pytestmark = pytest.mark.django_db

RESTRINGIDO = "palabrarestringida"


@pytest.fixture
def escenario(arbol, organo_a, eje, enlace_a, estructura):
    """A never-published draft, a live page with a secret draft, one with a secret in review,
    and a section restricted to logged-in users."""
    borrador = make_borrador(
        organo_a, eje, f"Borrador {SECRETO}", slug="borrador", resumen=f"Nunca {SECRETO}."
    )

    cambios = publicar(
        PublicacionPageFactory(parent=organo_a, ejes=[eje], title="Versión uno", slug="cambios")
    )
    cambios.title = f"Versión dos {SECRETO}"
    cambios.resumen = f"Borrador con {SECRETO}."
    cambios.save_revision(user=enlace_a.user)

    revision = publicar(
        PublicacionPageFactory(parent=organo_a, ejes=[eje], title="En vigor", slug="revision")
    )
    revision.resumen = f"En revisión con {SECRETO}."
    revision.save_revision(user=enlace_a.user)
    revision.get_workflow().start(revision, enlace_a.user)
    revision.refresh_from_db()
    assert revision.workflow_in_progress

    privado = OrganoPageFactory(parent=estructura, title="Comité privado", slug="privado")
    PageViewRestriction.objects.create(page=privado, restriction_type=PageViewRestriction.LOGIN)
    restringida = publicar(
        PublicacionPageFactory(
            parent=privado, ejes=[eje], title=f"Acta {RESTRINGIDO}", slug="restringida"
        )
    )
    return {
        "borrador": borrador,
        "cambios": cambios,
        "revision": revision,
        "privado": privado,
        "restringida": restringida,
    }


def assert_no_secret(response, *words):
    body = response.content.decode()
    for word in words or (SECRETO, RESTRINGIDO):
        assert word not in body, (response.request["PATH_INFO"], word)


def test_public_pages_show_only_the_live_version(client, escenario):
    assert client.get("/estructura-sindical/comite-a/borrador/").status_code == 404
    for slug, title in (("cambios", "Versión uno"), ("revision", "En vigor")):
        response = client.get(f"/estructura-sindical/comite-a/{slug}/")
        assert response.status_code == 200
        assert title in response.content.decode()
        assert_no_secret(response)
    response = client.get("/estructura-sindical/comite-a/")
    assert response.status_code == 200
    assert_no_secret(response)


def test_restricted_section_asks_for_login(client, escenario):
    response = client.get("/estructura-sindical/privado/restringida/")
    assert response.status_code == 302
    assert_no_secret(client.get("/estructura-sindical/"))


def test_inventory_lists_show_only_the_live_version(client, escenario):
    """The lists behind the home page's counts (and their CSV) name live titles only."""
    listed = client.get(reverse("inventario:lista", args=["publicaciones"])).content.decode()
    assert "Versión uno" in listed and "En vigor" in listed
    for clase in CLASES:
        for view in ("lista", "csv"):
            response = client.get(reverse(f"inventario:{view}", args=[clase.slug]))
            assert response.status_code == 200, (view, clase.slug)
            assert_no_secret(response)
            assert "Comité privado" not in response.content.decode(), (view, clase.slug)


def test_api_v2_shows_nothing_unpublished_or_restricted(client, escenario):
    for path in (
        "/api/v2/pages/?fields=*&limit=100",
        "/api/v2/pages/?type=estructura.PublicacionPage&fields=*&limit=100",
        f"/api/v2/pages/?search={SECRETO}",
        f"/api/v2/pages/?search={RESTRINGIDO}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_secret(response)
    listed = {item["id"] for item in client.get("/api/v2/pages/?limit=100").json()["items"]}
    assert escenario["privado"].pk not in listed
    assert escenario["restringida"].pk not in listed
    for name in ("borrador", "privado", "restringida"):
        assert client.get(f"/api/v2/pages/{escenario[name].pk}/").status_code == 404, name
    for name in ("cambios", "revision"):
        response = client.get(f"/api/v2/pages/{escenario[name].pk}/")
        assert response.status_code == 200
        assert_no_secret(response)


def test_api_v3_shows_nothing_unpublished_or_restricted(client, escenario):
    for path in (
        "/api/v3/pages/?limit=100",
        f"/api/v3/pages/?search={SECRETO}",
        f"/api/v3/pages/?search={RESTRINGIDO}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_secret(response)
    for name in ("borrador", "privado", "restringida"):
        for version in ("live", "draft"):
            path = f"/api/v3/pages/{escenario[name].pk}/?version={version}"
            assert client.get(path).status_code == 404, path
    for name in ("cambios", "revision"):
        page = escenario[name]
        for version in ("live", "draft"):
            response = client.get(f"/api/v3/pages/{page.pk}/?version={version}")
            assert response.status_code == 200
            assert_no_secret(response)
        revision = page.get_latest_revision()
        assert client.get(f"/api/v3/pages/{page.pk}/revisions/").status_code == 401
        detail = f"/api/v3/pages/{page.pk}/revisions/{revision.pk}/"
        assert client.get(detail).status_code == 401


def test_site_search_finds_no_secret(client, escenario):
    hidden = {escenario[name].pk for name in ("borrador", "privado", "restringida")}
    for word in (SECRETO, RESTRINGIDO, "Borrador", "revisión", "Acta"):
        response = client.get("/buscar/", {"q": word})
        assert response.status_code == 200
        found = {page.pk for page in response.context["results"]}
        assert not found & hidden, word
        if word in (SECRETO, RESTRINGIDO):
            assert not found, word
        body = response.content.decode()
        # The query itself is echoed back; what matters is that no result carries it.
        for title in ("Versión dos", "Borrador " + SECRETO, "Acta "):
            assert title not in body, (word, title)


def test_sitemap_lists_only_public_live_pages(client, escenario):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/comite-a/cambios/" in body
    for slug in ("/borrador/", "/privado/", "/restringida/"):
        assert slug not in body, slug


def test_preview_urls_send_anonymous_visitors_to_login(client, escenario):
    login = reverse("wagtailadmin_login")
    for name in ("borrador", "cambios", "revision"):
        page = escenario[name]
        revision = page.get_latest_revision()
        paths = [
            reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ]
        if page.workflow_in_progress:
            task = page.current_workflow_task
            paths.append(reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk]))
        for path in paths:
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                assert response.status_code == 302, (method, path)
                assert response["Location"].startswith(login), (method, path)
                assert_no_secret(response)
