"""API v3 writes what the admin's content panels edit, for every page type, and answers a 400
naming it to any field a type does not write; nothing is saved then.

The page types are Wagtail's own list and the fields are read from each type's panels and from
the served OpenAPI document, so a new page type or a new panel is covered without being listed.
"""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.models import Page, Revision, get_page_models

from ejes.factories import EjePageFactory
from estructura.factories import ObligacionFactory
from estructura.models import PublicacionPage
from tests.permissions.conftest import latest, make_persona
from tests.test_factories import build_page

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"
PAGE_TYPES = [model for model in get_page_models() if model is not Page]
# The brief's examples of what a page has but no body may set, checked on every type.
READ_ONLY = ["id", "live", "url", "first_published_at", "owner"]


def label(model):
    return model._meta.label


# --- What the admin edits, read from the panels ------------------------------------------------


def edited_by_panels(panel):
    """[(name, child names or None)] for every field and inline panel under `panel`."""
    found = []
    for child in getattr(panel, "children", ()):
        if isinstance(child, InlinePanel):
            rows = [name for name, _ in edited_by_panels(child.child_edit_handler)]
            found.append((child.relation_name, rows))
        elif isinstance(child, FieldPanel):
            if not child.read_only:
                found.append((child.field_name, None))
        else:
            found.extend(edited_by_panels(child))
    return found


def content_panel_fields(model):
    """The model fields of `model`'s content panels: [(field, [its rows' fields] or None)]."""
    panels = ObjectList(model.content_panels).bind_to_model(model)
    fields = []
    for name, rows in edited_by_panels(panels):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form-only field: no column to write
        if rows is not None:
            child_model = field.related_model
            rows = [child_model._meta.get_field(row) for row in rows]
        fields.append((field, rows))
    return fields


def key_of(field):
    """The name a body uses for `field`: Wagtail's v3 writes a foreign key as its `<name>_id`."""
    return field.attname if isinstance(field, ForeignKey) else field.name


@pytest.fixture(scope="module")
def openapi(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v3/openapi.json").json()


def component(openapi, ref_or_name):
    name = ref_or_name.rsplit("/", 1)[-1]
    return openapi["components"]["schemas"][name]


def input_schema(openapi, model, operation):
    """`model`'s member of the create (or update) operation's union, as the document says."""
    path = "/api/v3/pages/" if operation == "post" else "/api/v3/pages/{page_id}/"
    body = openapi["paths"][path][operation]["requestBody"]["content"]["application/json"]
    for member in body["schema"]["oneOf"]:
        schema = component(openapi, member["$ref"])
        meta = schema["properties"]["meta"]
        meta_ref = meta.get("$ref") or next(ref["$ref"] for ref in meta["anyOf"] if "$ref" in ref)
        meta_type = component(openapi, meta_ref)["properties"]["type"]
        if label(model) in [option.get("const") for option in meta_type.get("anyOf", [meta_type])]:
            return schema
    raise AssertionError(f"{label(model)} is not in the {operation} operation's body")


def row_schema(openapi, schema, relation):
    return component(openapi, schema["properties"][relation]["items"]["$ref"])


@pytest.mark.parametrize("operation", ["post", "patch"])
@pytest.mark.parametrize("model", PAGE_TYPES, ids=label)
def test_every_field_the_admin_edits_is_in_the_v3_schema(openapi, model, operation):
    schema = input_schema(openapi, model, operation)
    missing = []
    for field, rows in content_panel_fields(model):
        if key_of(field) not in schema["properties"]:
            missing.append(key_of(field))
        elif rows is not None:
            row = row_schema(openapi, schema, field.name)
            missing += [
                f"{field.name}.{key_of(r)}" for r in rows if key_of(r) not in row["properties"]
            ]
    assert not missing, f"{label(model)} {operation}: the admin edits {missing}, v3 does not"
    # And the document says that nothing else is taken, at every level.
    assert schema["additionalProperties"] is False


def test_the_publicacion_schema_has_ejes_obligacion_and_periodo(openapi):
    for operation in ("post", "patch"):
        properties = input_schema(openapi, PublicacionPage, operation)["properties"]
        assert properties["ejes"]["type"] == "array"
        assert properties["ejes"]["items"]["type"] == "integer"
        assert properties["ejes"]["maxItems"] == 100
        assert {"obligacion_id", "periodo", "documentos"} <= set(properties)


# --- What no body may send ---------------------------------------------------------------------


@pytest.fixture
def opti(home):
    """The national team's administrator: every permission, so only the body can be refused."""
    from django.contrib.auth import get_user_model

    persona = make_persona("opti_api")
    get_user_model().objects.filter(pk=persona.user.pk).update(is_superuser=True)
    return persona


def counts():
    return Page.objects.count(), Revision.objects.count()


def field_path(loc):
    """The field of an error's loc: without "body", the body's name, nor the page type the
    union picked (what a person is told too)."""
    return ".".join(str(part) for part in loc[2:] if not str(part).startswith(LABELS))


LABELS = tuple(f"{label(model)}" for model in PAGE_TYPES)


def refused(response, *fields, error_type=None, status=400):
    """The problem of a refused body: `status`, Spanish, naming each of `fields`."""
    assert response.status_code == status, response.content
    problem = response.json()
    named = {field_path(error["loc"]): error for error in problem["errors"]}
    for field in fields:
        assert field in named, (field, problem)
        assert field in problem["detail"], problem["detail"]
        if error_type:
            assert named[field]["type"] == error_type, named[field]
    assert problem["detail"].startswith(("Revisa", "Estos")), problem["detail"]
    return problem


def read_only_fields(openapi, model):
    """What `model` shows or holds that no body writes: the read schema's fields, its meta's,
    every column of the page, and the brief's examples."""
    schema = input_schema(openapi, model, "post")
    writable = set(schema["properties"])
    # A meta key at the top level is refused as "send it as meta.<key>" (see the action test).
    meta = {*component(openapi, schema["properties"]["meta"]["$ref"])["properties"]}
    read = component(openapi, f"{model.__name__}Schema")
    read_meta = component(openapi, f"{model.__name__}MetaSchema")
    columns = {field.name for field in model._meta.concrete_fields}
    names = {*read["properties"], *read_meta["properties"], *columns, *READ_ONLY}
    # What is read under a name and written under another (a foreign key's <name>_id) is
    # refused as "send it as", not as read-only: checked on its own below.
    renamed = {key[: -len("_id")] for key in writable if key.endswith("_id")}
    return sorted(names - writable - renamed - meta - {"meta"})


def create_body(home, model, **fields):
    return {"meta": {"type": label(model), "parent_id": home.pk}, "title": "Nueva", **fields}


@pytest.mark.parametrize("model", PAGE_TYPES, ids=label)
def test_create_refuses_unknown_and_read_only_fields_for_every_page_type(
    openapi, opti, home, model
):
    before = counts()
    response = opti.api.post(
        PAGES, create_body(home, model, campo_inventado="x"), "application/json"
    )
    refused(response, "campo_inventado", error_type="extra_forbidden")

    read_only = read_only_fields(openapi, model)
    assert set(READ_ONLY) <= set(read_only)
    body = create_body(home, model, **dict.fromkeys(read_only, 1))
    problem = refused(opti.api.post(PAGES, body, "application/json"), error_type="read_only")
    named = {error["loc"][-1] for error in problem["errors"] if error["type"] == "read_only"}
    assert set(read_only) - named == set()
    assert counts() == before


@pytest.mark.parametrize("model", PAGE_TYPES, ids=label)
def test_update_refuses_unknown_and_read_only_fields_for_every_page_type(
    openapi, opti, home, model
):
    page = build_page(model, home, {})
    before = counts()
    url = f"{PAGES}{page.pk}/"
    refused(opti.api.patch(url, {"campo_inventado": "x"}, "application/json"), "campo_inventado")
    for field in read_only_fields(openapi, model):
        response = opti.api.patch(url, {field: 1}, "application/json")
        refused(response, field, error_type="read_only")
    assert counts() == before
    assert latest(page).title == page.title


@pytest.mark.parametrize("field", READ_ONLY)
def test_each_read_only_field_is_named_alone(opti, home, field):
    before = counts()
    body = create_body(home, PublicacionPage, **{field: 1})
    refused(opti.api.post(PAGES, body, "application/json"), field, error_type="read_only")
    assert counts() == before


def test_a_top_level_action_is_refused_and_nothing_is_published(opti, organo_a, eje):
    before = counts()
    body = {**publicacion(organo_a, eje), "action": "publish"}
    problem = refused(
        opti.api.post(PAGES, body, "application/json"), "action", error_type="misplaced"
    )
    assert "meta.action" in problem["errors"][0]["msg"]
    assert counts() == before
    assert not PublicacionPage.objects.filter(title="Por API").exists()


def test_meta_action_publish_still_publishes(opti, organo_a, eje):
    body = publicacion(organo_a, eje)
    body["meta"]["action"] = "publish"
    response = opti.api.post(PAGES, body, "application/json")
    assert response.status_code == 201, response.content
    page = PublicacionPage.objects.get(pk=response.json()["id"])
    assert page.live
    assert list(page.ejes.all()) == [eje]


def test_an_unknown_meta_key_and_a_child_rows_unknown_field_are_named(opti, organo_a, eje):
    before = counts()
    body = publicacion(organo_a, eje, documentos=[{"document_id": 1, "pagina": 3}])
    body["meta"]["actoin"] = "publish"
    refused(
        opti.api.post(PAGES, body, "application/json"),
        "meta.actoin",
        "documentos.0.pagina",
        error_type="extra_forbidden",
    )
    assert counts() == before


def test_a_foreign_key_under_its_read_name_is_told_its_write_name(opti, organo_a, eje):
    before = counts()
    body = publicacion(organo_a, eje, obligacion=ObligacionFactory().pk)
    problem = refused(
        opti.api.post(PAGES, body, "application/json"), "obligacion", error_type="misplaced"
    )
    assert "obligacion_id" in problem["errors"][0]["msg"]
    assert counts() == before


# --- Setting the publication's fields, and hostile values --------------------------------------


def publicacion(organo, eje, **fields):
    return {
        "meta": {"type": "estructura.PublicacionPage", "parent_id": organo.pk},
        "title": "Por API",
        "resumen": "Resumen.",
        "tipo_informacion": "informe",
        "ejercicio": 2026,
        "periodo": "T2",
        "ejes": [eje.pk],
        **fields,
    }


def test_create_sets_every_field_the_enlace_sets_in_the_admin(opti, organo_a, eje):
    otro = EjePageFactory(parent=eje.get_parent(), title="Rendición de cuentas")
    obligacion = ObligacionFactory()
    body = publicacion(
        organo_a,
        eje,
        ejes=[otro.pk, eje.pk],
        obligacion_id=obligacion.pk,
        fecha_actualizacion="2026-07-08",
        fecha_validacion="2026-07-10",
        area_responsable="Secretaría de Finanzas",
        ley="LGTAIP",
        articulo="79",
        fraccion="IV",
        nota="Cifras preliminares.",
    )
    response = opti.api.post(PAGES, body, "application/json")
    assert response.status_code == 201, response.content
    draft = Page.objects.get(pk=response.json()["id"]).specific.get_latest_revision_as_object()
    assert set(draft.ejes.all()) == {eje, otro}
    assert draft.obligacion == obligacion
    assert (draft.periodo, draft.fraccion, draft.area_responsable) == (
        "T2",
        "IV",
        "Secretaría de Finanzas",
    )
    assert str(draft.fecha_validacion) == "2026-07-10"


def test_patch_replaces_the_ejes_in_a_new_draft_revision(opti, organo_a, eje):
    page = Page.objects.get(
        pk=opti.api.post(PAGES, publicacion(organo_a, eje), "application/json").json()["id"]
    ).specific
    otro = EjePageFactory(parent=eje.get_parent(), title="Rendición de cuentas")
    revisions = page.revisions.count()
    response = opti.api.patch(f"{PAGES}{page.pk}/", {"ejes": [otro.pk]}, "application/json")
    assert response.status_code == 200, response.content
    assert page.revisions.count() == revisions + 1
    draft = latest(page).get_latest_revision_as_object()
    assert list(draft.ejes.all()) == [otro]
    assert draft.resumen == "Resumen."  # what the patch did not name is kept


HOSTILE_EJES = {
    "a string": "1,2",
    "a nested object": {"id": 1},
    "a list of objects": [{"id": 1}],
    "10,000 ids": list(range(1, 10_001)),
    "a negative id": [-1],
    "zero": [0],
    "a numeric string": ["5"],
    "a boolean": [True],
    "a float": [1.0],
    "null": None,
}


@pytest.mark.parametrize("value", HOSTILE_EJES.values(), ids=HOSTILE_EJES.keys())
def test_hostile_ejes_are_refused_and_nothing_is_saved(opti, organo_a, eje, value):
    before = counts()
    response = opti.api.post(PAGES, publicacion(organo_a, eje, ejes=value), "application/json")
    problem = refused(response, status=422)
    assert any(field_path(error["loc"]).startswith("ejes") for error in problem["errors"]), problem
    assert "ejes" in problem["detail"]
    assert counts() == before


def test_hostile_ejes_on_a_patch_make_no_revision(opti, publicacion_a):
    revisions = publicacion_a.revisions.count()
    url = f"{PAGES}{publicacion_a.pk}/"
    for value in HOSTILE_EJES.values():
        response = opti.api.patch(url, {"ejes": value}, "application/json")
        assert response.status_code == 422, (value, response.content)
    assert publicacion_a.revisions.count() == revisions
    assert list(latest(publicacion_a).ejes.all()) == list(publicacion_a.ejes.all())


@pytest.fixture
def publicacion_a(organo_a, eje):
    from estructura.factories import PublicacionPageFactory

    page = PublicacionPageFactory(parent=organo_a, ejes=[eje], title="Informe de A")
    page.save_revision().publish()
    return page


def test_ejes_must_be_published_eje_pages(opti, organo_a, eje):
    borrador = EjePageFactory(parent=eje.get_parent(), title="Eje en borrador", live=False)
    not_ejes = [organo_a.pk, borrador.pk, 987_654]
    before = counts()
    response = opti.api.post(PAGES, publicacion(organo_a, eje, ejes=not_ejes), "application/json")
    problem = refused(response, "ejes", error_type="not_live_page", status=422)
    message = problem["errors"][0]["msg"]
    assert "publicadas" in message
    # A draft is answered as a missing page: the message tells nothing one may not see.
    assert all(str(pk) in message for pk in not_ejes)
    assert counts() == before


def test_an_obligacion_that_does_not_exist_is_refused_in_spanish(opti, organo_a, eje):
    before = counts()
    body = publicacion(organo_a, eje, obligacion_id=987_654)
    problem = refused(opti.api.post(PAGES, body, "application/json"), status=422)
    assert any("obligacion" in str(error["loc"]) for error in problem["errors"]), problem
    assert "obligacion" in problem["detail"]
    assert "válida" in problem["errors"][0]["msg"] or "existe" in problem["errors"][0]["msg"]
    assert counts() == before
