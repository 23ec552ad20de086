"""Which page views the counter counts, and that it keeps nothing about the visitor."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from estructura.factories import PublicacionPageFactory
from visitas.models import VisitaDiaria

from .conftest import BROWSER, buffered

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicacion(organo, eje):
    return PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe de actividades")


def test_a_public_page_view_counts_once(browser, publicacion):
    response = browser.get(publicacion.url)
    assert response.status_code == 200
    assert buffered(publicacion) == 1
    assert buffered(publicacion.get_parent()) == 0


def test_a_second_view_the_same_day_adds_one(browser, home, publicacion):
    browser.get(publicacion.url)
    browser.get(publicacion.url)
    browser.get(home.url)
    assert buffered(publicacion) == 2
    assert buffered(home) == 1


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/130.0.0.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "Chrome-Lighthouse",
        "",
        "   ",
    ],
)
def test_crawlers_scripts_and_empty_user_agents_are_not_counted(client, publicacion, user_agent):
    response = client.get(publicacion.url, HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    assert buffered(publicacion) == 0


def test_a_request_without_user_agent_is_not_counted(client, publicacion):
    assert client.get(publicacion.url).status_code == 200
    assert buffered(publicacion) == 0


def test_head_and_post_are_not_counted(browser, publicacion):
    browser.head(publicacion.url)
    browser.post(publicacion.url)
    assert buffered(publicacion) == 0


def test_missing_and_unpublished_pages_are_not_counted(browser, organo, publicacion):
    borrador = PublicacionPageFactory(parent=organo, live=False)
    assert browser.get(f"{publicacion.url}no-existe/").status_code == 404
    assert browser.get(borrador.url or f"{organo.url}{borrador.slug}/").status_code == 404
    assert counter_rows() == {}


def test_prefetches_are_not_counted(browser, publicacion):
    browser.get(publicacion.url, HTTP_SEC_PURPOSE="prefetch;prerender")
    browser.get(publicacion.url, HTTP_PURPOSE="prefetch")
    assert buffered(publicacion) == 0


def test_pages_in_a_login_only_section_are_not_counted(browser, organo, publicacion):
    PageViewRestriction.objects.create(page=organo, restriction_type=PageViewRestriction.LOGIN)
    assert browser.get(publicacion.url).status_code == 302
    assert buffered(publicacion) == 0


def test_pages_behind_a_password_are_not_counted_even_once_passed(browser, organo, publicacion):
    restriction = PageViewRestriction.objects.create(
        page=organo, restriction_type=PageViewRestriction.PASSWORD, password="clave-del-comite"
    )
    form = browser.get(publicacion.url)
    assert form.status_code == 200  # the password form
    browser.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, publicacion.pk]),
        {"password": "clave-del-comite", "return_url": publicacion.url},
    )
    seen = browser.get(publicacion.url)
    assert seen.status_code == 200
    assert publicacion.title in seen.content.decode()
    assert buffered(publicacion) == 0


def test_admin_previews_are_not_counted(publicacion):
    original = RequestFactory().get("/", HTTP_USER_AGENT=BROWSER)
    response = publicacion.make_preview_request(original_request=original)
    assert response.status_code == 200
    assert buffered(publicacion) == 0


def test_logged_in_staff_checking_their_pages_are_not_counted(browser, publicacion):
    editor = get_user_model().objects.create_user("editora", is_staff=True)
    browser.force_login(editor)
    assert browser.get(publicacion.url).status_code == 200
    assert buffered(publicacion) == 0


def test_the_counter_can_be_switched_off(browser, settings, publicacion):
    settings.VISITAS_ENABLED = False
    browser.get(publicacion.url)
    assert buffered(publicacion) == 0


def test_the_counter_sets_no_cookie(browser, publicacion):
    response = browser.get(publicacion.url)
    assert buffered(publicacion) == 1
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_nothing_about_the_visitor_is_kept(browser, publicacion):
    browser.get(
        publicacion.url,
        REMOTE_ADDR="203.0.113.77",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
        HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9",
        HTTP_REFERER="https://buscador.example/?q=snte",
    )
    assert buffered(publicacion) == 1
    # The model has room for a page, a day and a number, nothing else.
    fields = {field.name for field in VisitaDiaria._meta.get_fields()}
    assert fields == {"id", "page", "dia", "visitas"}
    # And the cache holds only "visitas:<day>:<page id>" keys whose values are counts.
    keys = [key for key in cache._cache if ":visitas" in key]
    assert keys
    for key in keys:
        assert re.fullmatch(r":\d+:visitas:\d{4}-\d{2}-\d{2}:\d+", key), key
    assert set(cache.get_many([key.split(":", 2)[2] for key in keys]).values()) == {1}
    everything = repr(list(cache._cache.items()))
    for trace in ("203.0.113", "198.51.100", "Mozilla", "es-MX", "buscador"):
        assert trace not in everything


def test_counting_adds_no_query_to_a_page_view(browser, settings, publicacion):
    browser.get(publicacion.url)  # warm the per-site caches
    settings.VISITAS_ENABLED = False
    with CaptureQueriesContext(connection) as without_counter:
        browser.get(publicacion.url)
    settings.VISITAS_ENABLED = True
    with CaptureQueriesContext(connection) as with_counter:
        browser.get(publicacion.url)
    assert buffered(publicacion) == 2
    assert len(with_counter) == len(without_counter)


def counter_rows():
    from visitas import counter

    return counter.pending()
