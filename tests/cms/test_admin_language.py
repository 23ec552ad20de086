"""The Wagtail admin speaks Spanish, whatever language the browser asks for."""

import pytest
from django.contrib.auth import get_user_model


def test_admin_login_is_spanish(client, home):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iniciar sesión" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_admin_dashboard_is_spanish_for_a_new_user(client, home):
    user = get_user_model().objects.create_superuser("admin-prueba", "a@example.mx", "x")
    client.force_login(user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'lang="es' in response.content.decode()


def test_public_site_stays_spanish_for_english_browsers(client, home):
    response = client.get("/no-existe/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Página no encontrada" in response.content.decode()
