"""The browser set-up works: a superuser signs in to the Spanish admin, styled and scripted."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_superuser_signs_in_and_sees_the_spanish_dashboard(page, live_site, log_in):
    get_user_model().objects.create_superuser("admin-e2e", "admin@example.mx", "clave-e2e-123")
    assets = {}
    page.on(
        "response",
        lambda response: (
            assets.__setitem__(urlsplit(response.url).path, response.status)
            if "/static/" in response.url
            else None
        ),
    )

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    log_in("admin-e2e", "clave-e2e-123")

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es-mx")
    # The sidebar is drawn by the admin's JavaScript; the summary is plain server HTML.
    sidebar = page.get_by_role("complementary", name="Barra lateral")
    expect(sidebar.get_by_role("link", name="Panel de control")).to_be_visible()
    expect(page.get_by_role("heading", name="Resumen del sitio")).to_be_attached()
    loaded = {path.rsplit(".", 1)[-1] for path, status in assets.items() if status in (200, 304)}
    assert {"css", "js"} <= loaded
    assert [path for path, status in assets.items() if status >= 400] == []
