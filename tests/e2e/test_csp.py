"""Under the site's real policies the browser blocks nothing: public pages, editing, API docs.

Every test here, like every browser test, fails on a CSP violation (see conftest.py).
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from home.models import HomePage
from tests.cms.test_security_headers import PAGE_TYPES
from tests.test_factories import build_page

pytestmark = pytest.mark.browser

BRAND = "rgb(11, 79, 74)"  # --teal-800 in static/css/opti.css


@pytest.fixture
def editor(live_site):
    return get_user_model().objects.create_superuser("editor-csp", "editor@example.mx", "clave-csp")


def test_every_public_page_type_renders_styled_under_the_strict_policy(page, live_site):
    home = HomePage.objects.get()
    made = {}
    targets = [build_page(apps.get_model(label), home, made) for label in PAGE_TYPES]
    for target in [*targets, "/buscar/?q=informe", "/no-existe/"]:
        url = target if isinstance(target, str) else target.url
        response = page.goto(url)
        assert response.status in (200, 404), url
        # Directives in any order (the header's order is not part of the policy).
        directives = {
            part.strip().split(" ", 1)[0]: part.strip()
            for part in response.headers["content-security-policy"].split(";")
            if part.strip()
        }
        assert directives["script-src"] == "script-src 'self'", url
        # The stylesheet applied: the header wears the brand colour, not the browser's default.
        expect(page.locator(".site-header")).to_have_css("background-color", BRAND)


def test_editor_uses_the_user_bar_and_the_preview_panel(page, live_site, editor, log_in):
    home = HomePage.objects.get()
    eje = build_page(apps.get_model("ejes.EjePage"), home, {})
    log_in("editor-csp", "clave-csp")

    # On the public page (strict policy), the user bar's own script and styles still work.
    page.goto(eje.url)
    userbar = page.locator("wagtail-userbar")
    userbar.get_by_role("button", name="Ver acciones rápidas de Wagtail").click()
    expect(userbar.get_by_role("menuitem", name="Editar esta página")).to_be_visible()

    # In the editor (admin policy), the preview panel frames the draft and checks it.
    page.goto(f"/admin/pages/{eje.pk}/edit/")
    page.get_by_role("button", name="Alternar vista previa").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(eje.title)
    expect(preview.locator(".site-header")).to_have_css("background-color", BRAND)


@pytest.mark.parametrize(
    ("url", "title"), [("/api/docs/", "OPTISNTE API"), ("/api/v3/docs/", "Wagtail API")]
)
def test_api_docs_render_from_local_assets(page, live_site, live_server, url, title):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(title)
    # The schema loaded and was drawn: at least one operation is listed.
    expect(page.locator(".opblock").first).to_be_visible()
    assert [address for address in requested if not address.startswith(live_server.url)] == []
    assert any(re.search(r"/static/ninja/swagger-ui-bundle\.js", a) for a in requested)
