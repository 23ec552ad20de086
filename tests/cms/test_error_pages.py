"""Errors speak Spanish and the 500 page needs no database."""

from django.test import RequestFactory

from cms.views import server_error


def test_404_is_spanish(client, home):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_500_renders_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Error del servidor" in response.content.decode()
