"""Fixtures of the visit counter tests: a browser, and the lazy flush off unless asked for."""

import pytest
from django.test import Client
from django.utils import timezone

from visitas import counter

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def counter_settings(settings):
    settings.VISITAS_ENABLED = True
    # A flush in the middle of a test would move counts while the test reads them.
    settings.VISITAS_VOLCADO_SEGUNDOS = 0


@pytest.fixture
def browser():
    """An anonymous visitor on a phone."""
    return Client(HTTP_USER_AGENT=BROWSER)


def buffered(page, day=None):
    """Views of `page` waiting in the cache for the flush."""
    return counter.pending().get((page.pk, day or timezone.localdate()), 0)
