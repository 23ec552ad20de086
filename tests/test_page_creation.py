"""Every page type can be created through the admin's own form (torchbox-style assertCanCreate,
generated): the form an editor sees for a valid page, sent to the "add" view, creates that page
with the same values. A required field the form cannot fill, a panel that breaks on POST or a
clean() that refuses valid data fails here."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from ejes.models import EjePage
from home.models import HomePage
from tests.test_factories import build_page, project_page_models, required_fields

pytestmark = pytest.mark.django_db

# The home page is the site's root, made by the migrations: there is never a second one.
CREATABLE = [model for model in project_page_models() if model is not HomePage]
# The editor keys rich-text blocks on save; the text is what must survive.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def comparable(value):
    return BLOCK_KEY.sub("", value) if isinstance(value, str) else value


def form_of(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    for name, values in list(data.lists()):
        # A browser drops the newline Django puts at the start of every <textarea>.
        data.setlist(name, [value.removeprefix("\n") for value in values])
    return data


@pytest.mark.parametrize("model", CREATABLE, ids=lambda model: model.__name__)
def test_each_page_type_is_created_through_the_admin_form(admin_client, home, model):
    made = {}
    source = build_page(model, home, made)
    if hasattr(source, "ejes"):
        # Classified content needs an eje; a published one is on offer in the form.
        source.ejes.set([build_page(EjePage, home, made)])
        source.save_revision().publish()
    parent = source.get_parent()
    data = form_of(
        admin_client, reverse("wagtailadmin_pages:edit", args=[source.pk]), "page-edit-form"
    )
    expected = {
        field.name: comparable(field.value_from_object(source)) for field in required_fields(model)
    }
    ejes = [eje.pk for eje in source.ejes.all()] if hasattr(source, "ejes") else None
    # A singleton (one Buzón, one results page) makes room for its copy; the rest coexist.
    Page.objects.get(pk=source.pk).delete()
    data["title"] = f"{source.title} (nueva)"
    data["slug"] = f"{source.slug}-nueva"
    data["action-publish"] = "action-publish"
    # The StreamField's JavaScript writes its block count; the created page starts empty.
    data.setdefault("body-count", "0")
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )

    response = admin_client.post(add_url, data)

    created = model.objects.filter(slug=data["slug"]).first()
    assert created is not None, _form_errors(response)
    assert created.live and created.get_parent().pk == parent.pk
    assert created.title == data["title"]
    assert {name: comparable(getattr(created, name)) for name in expected} == expected
    if ejes is not None:
        assert list(created.ejes.values_list("pk", flat=True)) == ejes != []


def _form_errors(response):
    context = getattr(response, "context", None) or {}
    form = context.get("form")
    return form.errors if form is not None else response.status_code
