"""Two órganos with their people, pages and tokens: the stage for every "no" path."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken, Page, PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from estructura.factories import PublicacionPageFactory
from estructura.workflows import ensure_workflows

SECRETO = "xilofonosecreto"


class Persona:
    """A user with a logged-in admin client and an API v3 bearer token."""

    def __init__(self, user, token):
        self.user = user
        self.token = token
        self.admin = Client()
        self.admin.force_login(user)
        self.api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def __repr__(self):
        return self.user.username


def make_persona(username, *groups):
    user = get_user_model().objects.create_user(
        username, f"{username}@snte.example.mx", "clave-de-prueba"
    )
    user.groups.add(*groups)
    _, token = APIToken.create_token(user=user, name=f"integración de {username}")
    return Persona(user, token)


def personas_por_rol(organo_a, sub_organo_a, organo_b):
    """{role: Persona} for the roles the reach tests enumerate: an enlace and a supervisor of
    A, an enlace of A's sub-órgano, an enlace and a supervisor of B, and the national team."""
    from django.contrib.auth.models import Group

    from estructura.roles import ADMIN_GROUP_NAME

    return {
        "enlace_a": make_persona("enlace_a", organo_a.roles.enlaces),
        "supervisor_a": make_persona("supervisor_a", organo_a.roles.supervisores),
        "enlace_sub_a": make_persona("enlace_sub_a", sub_organo_a.roles.enlaces),
        "enlace_b": make_persona("enlace_b", organo_b.roles.enlaces),
        "supervisor_b": make_persona("supervisor_b", organo_b.roles.supervisores),
        "opti": make_persona("opti", Group.objects.get(name=ADMIN_GROUP_NAME)),
    }


# What each of those roles reaches, written by hand from DESIGN.md (an enlace: their own
# órgano; a supervisor: the órgano and those below it; Administración OPTI: all), so that the
# tests do not ask the rule they check.
REACH = {
    "anonymous": set(),
    "enlace_a": {"a"},
    "supervisor_a": {"a", "sub_a"},
    "enlace_sub_a": {"sub_a"},
    "enlace_b": {"b"},
    "supervisor_b": {"b"},
    "opti": {"a", "sub_a", "b"},
}


def publicar(page):
    """Publish through a revision, as the admin does, so the page has a live revision."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def publicacion_a(organo_a, eje):
    page = PublicacionPageFactory(
        parent=organo_a, ejes=[eje], title="Informe de A", slug="informe-a"
    )
    return publicar(page)


@pytest.fixture
def publicacion_b(organo_b, eje):
    page = PublicacionPageFactory(
        parent=organo_b, ejes=[eje], title="Informe de B", slug="informe-b"
    )
    return publicar(page)


@pytest.fixture
def arbol(ejes_index, eje, organo_a, sub_organo_a, organo_b, publicacion_a, publicacion_b):
    """The whole tree, with "Publicación OPTI" attached to every órgano."""
    ensure_workflows()
    return {"a": organo_a, "sub_a": sub_organo_a, "b": organo_b}


@pytest.fixture
def enlace_a(arbol, organo_a):
    return make_persona("enlace_a", organo_a.roles.enlaces)


@pytest.fixture
def supervisor_a(arbol, organo_a):
    return make_persona("supervisor_a", organo_a.roles.supervisores)


@pytest.fixture
def enlace_b(arbol, organo_b):
    return make_persona("enlace_b", organo_b.roles.enlaces)


@pytest.fixture
def supervisor_b(arbol, organo_b):
    return make_persona("supervisor_b", organo_b.roles.supervisores)


def edit_form(persona, page, url=None, **changes):
    """The edit form of `page` (or the form at `url`) as `persona`'s browser would send it,
    with `changes` applied."""
    response = persona.admin.get(url or reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, values in list(data.lists()):
        # A browser drops the newline Django puts at the start of every <textarea>.
        data.setlist(name, [value.removeprefix("\n") for value in values])
    # The StreamField's JavaScript writes its item count; the test pages have an empty body.
    data.setdefault("body-count", "0")
    for name, value in changes.items():
        data[name] = value
    return data


def latest(page):
    """The page as the database now holds it (the live row, not the draft)."""
    return Page.objects.get(pk=page.pk).specific


def refused(response):
    """What the admin does with a "no": 403, or back to the dashboard with an error."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def publish_count(page):
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").count()


def make_borrador(parent, eje, title, **fields):
    """A page that was never published, with one draft revision."""
    page = PublicacionPageFactory(parent=parent, ejes=[eje], title=title, live=False, **fields)
    page.save_revision()
    page.refresh_from_db()
    return page
