"""Fixtures shared by the whole suite: the site skeleton every page test builds on."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.dispatch import receiver
from django.test import TestCase
from django.test.signals import setting_changed
from wagtail.models import Page, Site

from ejes.factories import EjePageFactory, EjesIndexPageFactory
from estructura.factories import EstructuraIndexPageFactory, OrganoPageFactory
from home.demo.tickets import emails_kept
from home.models import HomePage


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        return f"database: PostgreSQL at {db.get('HOST')}:{db.get('PORT')} ({settings.SETTINGS_MODULE})"
    return (
        f"database: SQLite ({settings.SETTINGS_MODULE}; no DATABASE_URL and nothing answers on "
        "127.0.0.1:5432). CI runs this suite on PostgreSQL"
    )


@receiver(setting_changed)
def attachments_follow_the_storages_setting(setting, **kwargs):
    """Django rebuilds `storages` when a test changes STORAGES (and again when it restores it),
    but a FileField resolves its callable storage once, when the model class is built: point the
    Buzón's attachments at the storage the settings now name, so no later test looks for a file
    in a storage the field no longer writes to."""
    if setting == "STORAGES":
        from buzon.models import TicketAdjunto, attachment_storage

        TicketAdjunto._meta.get_field("archivo").storage = attachment_storage()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the API's HTTP cache outlives a test's rollback."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The home page the migrations create, as the site root."""
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    site.hostname = "testserver"
    site.save()
    return home


@pytest.fixture
def ejes_index(home):
    return EjesIndexPageFactory(parent=home)


@pytest.fixture
def estructura(home):
    return EstructuraIndexPageFactory(parent=home)


@pytest.fixture
def eje(ejes_index):
    return EjePageFactory(parent=ejes_index, title="Transparencia", slug="transparencia")


@pytest.fixture
def organo(estructura):
    return OrganoPageFactory(parent=estructura, title="Comité Ejecutivo Nacional", slug="cen")


# Two sibling órganos (and one below A): the stage for every "only their own" rule.
@pytest.fixture
def organo_a(estructura):
    return OrganoPageFactory(parent=estructura, title="Comité A", slug="comite-a")


@pytest.fixture
def sub_organo_a(organo_a):
    return OrganoPageFactory(parent=organo_a, title="Comisión de A", slug="comision-a")


@pytest.fixture
def organo_b(estructura):
    return OrganoPageFactory(parent=estructura, title="Comité B", slug="comite-b")


@pytest.fixture
def root_page(db):
    return Page.objects.get(depth=1)


DEMO_PASSWORD = "clave-de-prueba"


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content, seeded once per module (it takes seconds) and rolled back after it.

    What waits for the commit (the services' emails) runs as if the seed had committed; the
    value holds the emails that left (``emails``) and what seed_demo printed (``output``).
    """
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as patch, emails_kept() as outbox:
            patch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", force=True, stdout=out)
            emails = list(outbox)
        yield SimpleNamespace(emails=emails, output=out.getvalue())
        transaction.set_rollback(True)
