"""The browser set-up works: a superuser signs in to the Spanish admin and it runs its JS."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_superuser_signs_in_and_sees_the_spanish_dashboard(page, live_site, log_in):
    get_user_model().objects.create_superuser("admin-e2e", "admin@example.mx", "clave-e2e-123")
    failed_assets = []
    page.on(
        "response",
        lambda response: (
            failed_assets.append(response.url)
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )

    page.goto("/admin/")
    expect(page.get_by_role("button", name="Iniciar sesión")).to_be_visible()
    log_in("admin-e2e", "clave-e2e-123")

    expect(page).to_have_url(f"{page.context.pages[0].url.split('/admin/')[0]}/admin/")
    expect(page.locator("html")).to_have_attribute("lang", "es-mx")
    expect(page.get_by_role("heading", name="Panel de control")).to_be_visible()
    assert failed_assets == []
