"""API v2 listings and details run in a fixed number of queries, however long the list."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as site_urlpatterns
from ejes.factories import EjePageFactory
from estructura.factories import OrganoPageFactory
from tests.api import add_publicaciones

BUDGET = 15
LISTING = "/api/v2/pages/?type=estructura.PublicacionPage&fields=*&limit={limit}"

# Wagtail's own viewset, mounted for comparison at /stock/v2/ by the tests that ask for it.
stock_router = WagtailAPIRouter("stockapi")
stock_router.register_endpoint("pages", PagesAPIViewSet)
urlpatterns = [path("stock/v2/", stock_router.urls), *site_urlpatterns]

# The API's HTTP cache answers a repeated URL without the database: each measure asks anew.
_fresh = itertools.count()


def count_queries(client, url):
    url = f"{url}{'&' if '?' in url else '?'}_={next(_fresh)}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured), response.json()


@pytest.fixture
def publicaciones(home, ejes_index, estructura, eje, organo):
    """100 publications over 3 órganos and 3 ejes, each with a document in its list and body."""
    ejes = [eje, EjePageFactory(parent=ejes_index), EjePageFactory(parent=eje)]
    organos = [
        organo,
        OrganoPageFactory(parent=organo),
        OrganoPageFactory(parent=estructura),
    ]
    return add_publicaciones(organos, ejes, 100)


@pytest.mark.urls(__name__)
def test_listing_queries_do_not_grow_with_its_length(
    client, publicaciones, django_assert_max_num_queries
):
    client.get(LISTING.format(limit=100))  # warm the site caches (root paths)
    with django_assert_max_num_queries(BUDGET):
        with_10, data_10 = count_queries(client, LISTING.format(limit=10))
    with django_assert_max_num_queries(BUDGET):
        with_100, data_100 = count_queries(client, LISTING.format(limit=100))
    assert len(data_10["items"]) == 10
    assert len(data_100["items"]) == 100
    assert with_10 == with_100, f"{with_10} queries for 10 items, {with_100} for 100"
    # Everything the budget covers was really serialised.
    item = data_100["items"][-1]
    assert item["organo"]["id"] and item["ejes"] and item["proxima_actualizacion"]
    assert item["documentos"][0]["document"]["format"] == "PDF"
    assert [block["type"] for block in item["body"]] == ["heading", "paragraph", "document"]
    assert item["body"][2]["value"]["url"].startswith("http://testserver/documentos/")

    stock_10, _ = count_queries(client, LISTING.format(limit=10).replace("/api/", "/stock/"))
    stock_100, _ = count_queries(client, LISTING.format(limit=100).replace("/api/", "/stock/"))
    print(f"listing: ours {with_10}/{with_100}, stock {stock_10}/{stock_100} (10/100 items)")
    assert stock_100 > stock_10  # what this viewset is for

    # Full-text search serves the same rows through the search backend: same budget.
    search = LISTING + "&search=publicación"
    with django_assert_max_num_queries(BUDGET):
        search_10, found_10 = count_queries(client, search.format(limit=10))
    with django_assert_max_num_queries(BUDGET):
        search_100, found_100 = count_queries(client, search.format(limit=100))
    assert len(found_10["items"]) == 10 and len(found_100["items"]) == 100
    assert search_10 == search_100


@pytest.mark.urls(__name__)
def test_detail_stays_within_budget(
    client, home, ejes_index, estructura, eje, organo, django_assert_max_num_queries
):
    # A detail does not depend on how many pages there are: a few are enough.
    page = add_publicaciones([organo], [eje], 3)[0]
    client.get(f"/api/v2/pages/{page.pk}/")
    with django_assert_max_num_queries(BUDGET):
        ours, data = count_queries(client, f"/api/v2/pages/{page.pk}/")
    assert data["organo"]["id"] == organo.pk
    assert data["documentos"][0]["document"]["size"] > 0
    assert data["body"][2]["value"]["format"] == "PDF"
    stock, _ = count_queries(client, f"/stock/v2/pages/{page.pk}/")
    print(f"detail: ours {ours}, stock {stock}")
