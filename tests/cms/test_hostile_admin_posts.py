"""Tampered admin POSTs and corrupt uploads: a form error or a 400, never a 500, nothing lost.

Generated: every page type of the project's apps (wagtail.models.get_page_models()) is built
with its factory under a page type it may live under, its admin edit form is read as a browser
would send it, and each formset management key and StreamField count is dropped or garbled in
turn, on the edit view and on the create view. A page type added later is covered as it is.
"""

import hashlib
import io
import json
import re

import pytest
from django.db import models
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, get_page_models
from wagtail.test.utils.form_data import querydict_from_html

from tests.test_factories import PROJECT_APPS, factories

pytestmark = pytest.mark.django_db

MANAGEMENT_KEY = re.compile(r"-(TOTAL_FORMS|INITIAL_FORMS)$")
# What each kind of key gets instead of its number ("drop": the key is left out).
FORMSET_VALUES = ["drop", "abc", ""]
COUNT_VALUES = ["drop", "abc", "9" * 5000]


def project_page_models():
    return [model for model in get_page_models() if model._meta.app_label in PROJECT_APPS]


def build_tree(home):
    """One page of every project page type, each under a page type it may live under."""
    made = {type(home): home.specific}
    available = factories()
    pending = [model for model in project_page_models() if model not in made]
    while pending:
        progress = False
        for model in list(pending):
            parent = next(
                (page for kind, page in made.items() if kind in model.allowed_parent_page_models()),
                None,
            )
            if parent is None:
                continue
            page = available[model](parent=parent)
            for field in model._meta.get_fields():
                # A required many-to-many (the ejes of a publication): one of each page made.
                if isinstance(field, models.ManyToManyField) and not field.blank:
                    related = made.get(field.related_model)
                    assert related is not None, f"build {field.related_model} first"
                    getattr(page, field.name).set([related])
            page.save_revision().publish()
            made[model] = model.objects.get(pk=page.pk)
            pending.remove(model)
            progress = True
        assert progress, f"no parent can be built for {pending}"
    return made


@pytest.fixture
def tree(home):
    return build_tree(home)


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@snte.example.mx", "x")
    client.force_login(user)
    client.raise_request_exception = False  # a 500 is the finding, not a crash of the test
    return client


def edit_data(admin, page):
    """The page's edit form as a browser sends it (the editor's script writes the counts)."""
    response = admin.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, values in list(data.lists()):
        data.setlist(name, [value.removeprefix("\n") for value in values])
    for name in stream_fields(type(page)):
        data.setdefault(f"{name}-count", "0")
    return data


def stream_fields(model):
    return [f.name for f in model._meta.get_fields() if isinstance(f, StreamField)]


def tampered(data, model):
    """(label, data) for each management key and StreamField count, dropped or garbled."""
    keys = [(key, FORMSET_VALUES) for key in data if MANAGEMENT_KEY.search(key)]
    keys += [(f"{name}-count", COUNT_VALUES) for name in stream_fields(model)]
    for key, values in keys:
        for value in values:
            changed = data.copy()
            if value == "drop":
                del changed[key]
            else:
                changed[key] = value
            yield f"{key}={value[:12]}", changed


def stored(page):
    """Everything an edit could change: the page's row, its live and latest revision."""
    model = type(page)
    row = model.objects.filter(pk=page.pk).values().get()
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    state = {
        "row": row,
        "revisions": revisions.count(),
        "latest": list(revisions.order_by("-pk").values_list("pk", "content")[:1]),
        "pages": Page.objects.count(),
    }
    return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()


def form_errors(response):
    form = (response.context or {}).get("form")
    if form is None:
        return response.status_code
    return form.errors, [formset.non_form_errors() for formset in form.formsets.values()]


def answered_without_server_error(response):
    """A form error re-shown (200), a 400, or any 4xx; never a 5xx."""
    return response.status_code < 500


def test_every_project_page_type_is_covered(tree):
    assert set(project_page_models()) <= set(tree)
    assert len(tree) >= 9


def test_edit_posts_without_their_counts_are_refused_and_lose_nothing(admin, tree):
    failures, tried = [], 0
    for model in project_page_models():
        page = tree[model]
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = edit_data(admin, page)
        before = stored(page)
        for label, changed in tampered(data, model):
            tried += 1
            response = admin.post(url, changed)
            if not answered_without_server_error(response):
                failures.append(f"{model.__name__} {label}: {response.status_code}")
            elif stored(page) != before:
                failures.append(f"{model.__name__} {label}: {response.status_code}, page changed")
        # The untampered form does save a draft: the refusals above were the tampering's.
        response = admin.post(url, data)
        assert response.status_code == 302, (model.__name__, form_errors(response))
        assert stored(page) != before, model.__name__
    assert not failures, "\n".join(failures)
    assert tried >= 20


def test_create_posts_without_their_counts_are_refused_and_create_nothing(admin, tree):
    failures, tried = [], 0
    for model in project_page_models():
        page = tree[model]
        parent = page.get_parent()
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        data = edit_data(admin, page)
        data["title"] = f"{page.title} (nueva)"
        data["slug"] = f"{page.slug}-nueva"
        if model.max_count == 1:
            continue  # its one page exists: the create view refuses before reading the form
        pages = Page.objects.count()
        for label, changed in tampered(data, model):
            tried += 1
            response = admin.post(url, changed)
            if not answered_without_server_error(response):
                failures.append(f"{model.__name__} {label}: {response.status_code}")
            elif Page.objects.count() != pages:
                failures.append(f"{model.__name__} {label}: {response.status_code}, page created")
        response = admin.post(url, data)
        assert response.status_code == 302, (model.__name__, form_errors(response))
        assert Page.objects.count() == pages + 1, model.__name__
    assert not failures, "\n".join(failures)
    assert tried >= 15


def test_the_refused_edit_shows_a_spanish_form_error_and_the_stored_body(admin, tree):
    from estructura.models import PublicacionPage

    page = tree[PublicacionPage]
    page.body = [("paragraph", "<p>Texto guardado antes</p>")]
    page.save_revision().publish()
    data = edit_data(admin, page)
    del data["body-count"]
    response = admin.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "llegó incompleto" in " ".join(response.context["form"].errors["body"])
    # The editor is handed what is stored, not an empty body that a second save would keep.
    assert "Texto guardado antes" in response.content.decode()
    page.refresh_from_db()
    assert "Texto guardado antes" in str(page.body)


# --- corrupt image uploads ---------------------------------------------------------------------


def png(size=(8, 8)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(size=(64, 64)):
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 64).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


CORRUPT_IMAGES = {
    "truncated PNG": ("roto.png", png()[:40]),
    "PNG signature then garbage": ("basura.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50),
    "PNG whose pixel data is cut": ("cortado.png", png((64, 64))[:-30]),
    "truncated JPEG": ("cortado.jpg", jpeg()[: len(jpeg()) // 2]),
    "empty file": ("vacio.png", b""),
    "HTML renamed .png": ("pagina.png", b"<!doctype html><script>alert(1)</script>"),
}


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.mark.parametrize("name, content", CORRUPT_IMAGES.values(), ids=CORRUPT_IMAGES.keys())
def test_a_corrupt_image_is_a_form_error_in_the_add_view(admin, home, name, content):
    response = admin.post(
        reverse("wagtailimages:add"), {"title": "Foto", "file": upload(name, content)}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors
    assert any(word in " ".join(errors) for word in ("imagen", "archivo", "vacío")), errors
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("name, content", CORRUPT_IMAGES.values(), ids=CORRUPT_IMAGES.keys())
def test_a_corrupt_image_is_a_form_error_in_the_multiple_upload(admin, home, name, content):
    response = admin.post(reverse("wagtailimages:add_multiple"), {"files[]": upload(name, content)})
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert answer["error_message"]
    assert not get_image_model().objects.exists()


def test_a_sound_image_still_uploads(admin, home):
    response = admin.post(
        reverse("wagtailimages:add"), {"title": "Foto", "file": upload("bien.png", png())}
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 8
