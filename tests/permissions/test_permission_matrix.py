"""The generated permission matrix: every admin URL that takes an id (read from the URL
resolver) and every operation of API v3 and the project API (read from their OpenAPI
schemas), for each role, against órgano B's objects; GET and POST; nothing changes in the
database and no draft title of B shows in any answer.

Two kinds of case:

- foreign: every id names one of B's objects, for the roles that reach nothing of B
  (anonymous, enlace of A, supervisor of A, supervisor of A's parent);
- mismatched: the object is one the role may touch (A's publication) and the ids beside it
  (task state, revision, workflow state…) are B's, for every role, the national team included.

A new route is covered without anyone adding it here; a route whose ids this module cannot
fill makes the test fail, naming it, until the stage below has an object for it.
"""

import json
import re
import time
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    APIToken,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    Site,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import querydict_from_html

from buzon.models import Ticket, TicketAdjunto, TicketEntrada
from buzon.services import create_ticket
from cms.models import ColeccionPublica
from estructura.factories import (
    AplicabilidadFactory,
    ObligacionFactory,
    OrganoPageFactory,
    PublicacionPageFactory,
)
from estructura.models import (
    Aplicabilidad,
    ImportacionFormato,
    Obligacion,
    OrganoPage,
    OrganoRoles,
)
from estructura.registers import ActualizacionPlataforma, EnlaceAcreditado, Reunion
from estructura.roles import ADMIN_GROUP_NAME
from estructura.workflows import ensure_workflows

from .conftest import make_persona, publicar

pytestmark = pytest.mark.django_db

SECRETS = ("Cambio secreto de B", "Borrador secreto de B")
ROLES_WITHOUT_B = ("anonymous", "enlace_a", "supervisor_a", "supervisor_p")
ROLES = (*ROLES_WITHOUT_B, "opti")

# Ids beside an object that must belong to it (cms/admin_guard.py checks these).
CHILD_KWARGS = {
    "task_state_id",
    "workflow_state_id",
    "revision_id",
    "revision_id_a",
    "revision_id_b",
    "task_id",
    "workflow_pk",
}
PAGE_KWARGS = {"page_id", "page_pk", "page_to_move_id", "parent_page_id"}
# Routes that take no object of anyone: sign-in links mailed to a person, and Wagtail's view
# that fails on purpose to test error reporting.
NOT_OBJECT_ROUTES = {"wagtailadmin_password_reset_confirm", "wagtailadmin_error_test"}


# --- the stage ----------------------------------------------------------------------------------


@dataclass
class Stage:
    objects: dict  # model -> B's instance
    pages: dict  # "b", "organo_b", "a", "organo_a"
    children: dict  # child kwarg -> B's id
    personas: dict
    extra: dict = field(default_factory=dict)


def build_stage(estructura, eje):
    ensure_workflows()
    organo_p = OrganoPageFactory(parent=estructura, title="Comité P", slug="comite-p")
    organo_a = OrganoPageFactory(parent=organo_p, title="Comité A", slug="comite-a")
    organo_b = OrganoPageFactory(parent=estructura, title="Comité B", slug="comite-b")
    roles_b = OrganoRoles.objects.get(organo=organo_b)
    roles_b.validacion_nacional = True  # both task types have a task state of B below
    roles_b.save()
    organo_b = OrganoPage.objects.get(pk=organo_b.pk)  # not the instance with the old workflow

    publicacion_a = publicar(
        PublicacionPageFactory(parent=organo_a, ejes=[eje], title="Informe de A", slug="inf-a")
    )
    publicacion_b = publicar(
        PublicacionPageFactory(parent=organo_b, ejes=[eje], title="Informe de B", slug="inf-b")
    )
    validada_b = publicar(
        PublicacionPageFactory(parent=organo_b, ejes=[eje], title="Validada de B", slug="val-b")
    )
    borrador_b = PublicacionPageFactory(
        parent=organo_b, ejes=[eje], title="Borrador secreto de B", slug="borrador-b", live=False
    )
    borrador_b.save_revision()

    personas = {
        "enlace_a": make_persona("enlace_a", organo_a.roles.enlaces),
        "supervisor_a": make_persona("supervisor_a", organo_a.roles.supervisores),
        "supervisor_p": make_persona("supervisor_p", organo_p.roles.supervisores),
        "opti": make_persona("opti", Group.objects.get(name=ADMIN_GROUP_NAME)),
        "enlace_b": make_persona("enlace_b", organo_b.roles.enlaces),
        "supervisor_b": make_persona("supervisor_b", organo_b.roles.supervisores),
    }
    enlace_b, supervisor_b = personas["enlace_b"].user, personas["supervisor_b"].user

    # B's live page with a secret draft in review at the órgano's step, and another at
    # Validación OPTI (approved by B's supervisor).
    workflow = organo_b.get_workflow()
    for page, title in ((publicacion_b, "Cambio secreto de B"), (validada_b, "Cambio de B")):
        page.title = title
        page.save_revision(user=enlace_b)
        workflow.start(page, enlace_b)
    # A's own page is in review too: the workflow views act only while the page in the URL
    # is in moderation, which is how a reviewer of A reaches B's task states through it.
    publicacion_a.title = "Cambio de A"
    publicacion_a.save_revision(user=personas["enlace_a"].user)
    organo_a.get_workflow().start(publicacion_a, personas["enlace_a"].user)
    state_b = publicacion_b.current_workflow_state
    organo_task = state_b.current_task_state
    validacion_state = validada_b.current_workflow_state.current_task_state
    validacion_state.task.specific.on_action(validacion_state, supervisor_b, "approve")
    validacion_state = validada_b.current_workflow_state.current_task_state
    assert validacion_state.task.name == "Validación OPTI"

    coleccion_b = roles_b.coleccion
    document_b = get_document_model().objects.create(
        title="Acta de B", collection=coleccion_b, file=ContentFile(b"%PDF-1.4\n", "acta-b.pdf")
    )
    image_b = get_image_model().objects.create(
        title="Foto de B", collection=coleccion_b, file=get_test_image_file()
    )
    ticket_b, _ = create_ticket(
        {"tipo": "pregunta", "asunto": "Pregunta a B", "mensaje": "Mensaje.", "organo": organo_b}
    )
    adjunto_b = TicketAdjunto.objects.create(
        ticket=ticket_b,
        entrada=ticket_b.entradas.first(),
        nombre="adjunto.pdf",
        tipo_contenido="application/pdf",
        tamano=8,
        archivo=ContentFile(b"%PDF-1.4", "adjunto.pdf"),
    )
    enlace_acreditado = EnlaceAcreditado.objects.create(
        usuario=enlace_b, organo=organo_b, fecha_acreditacion="2026-01-15"
    )
    reunion = Reunion.objects.create(fecha="2026-02-10", tipo="enlaces", asistentes="Ana")
    reunion.organos.set([organo_b])
    carga = ActualizacionPlataforma.objects.create(
        formato="Art. 79 fracción I",
        ejercicio=2026,
        periodo="T1",
        organo=organo_b,
        fecha="2026-03-05",
    )
    redirect = Redirect.objects.create(old_path="/antes-b", redirect_page=publicacion_b)
    formatos_b = coleccion_b.add_child(name="Formatos de B")
    publica = ColeccionPublica.objects.create(coleccion=formatos_b, motivo="Formatos")
    token_b = APIToken.objects.filter(user=supervisor_b).first()
    obligacion = ObligacionFactory()
    aplicabilidad_b = AplicabilidadFactory(organo=organo_b, obligacion=obligacion)
    importacion_b = ImportacionFormato.objects.create(
        organo=organo_b,
        obligacion=obligacion,
        usuario=enlace_b,
        nombre_archivo="formato-de-b.xlsx",
        contenido=b"",
        estado="terminada",
    )
    objects = {
        Obligacion: obligacion,
        Aplicabilidad: aplicabilidad_b,
        ImportacionFormato: importacion_b,
        Page: publicacion_b,
        Collection: coleccion_b,
        get_document_model(): document_b,
        get_image_model(): image_b,
        Workflow: workflow,
        Task: organo_task.task,
        Ticket: ticket_b,
        TicketAdjunto: adjunto_b,
        OrganoRoles: roles_b,
        EnlaceAcreditado: enlace_acreditado,
        Reunion: reunion,
        ActualizacionPlataforma: carga,
        Redirect: redirect,
        ColeccionPublica: publica,
        get_user_model(): enlace_b,
        Group: roles_b.enlaces,
        APIToken: token_b,
        Site: Site.objects.get(is_default_site=True),
    }
    children = {
        # Both task types: the órgano's step and Validación OPTI.
        "task_state_id": [organo_task.pk, validacion_state.pk],
        "workflow_state_id": state_b.pk,
        "revision_id": publicacion_b.get_latest_revision().pk,
        "revision_id_a": publicacion_b.live_revision_id,
        "revision_id_b": publicacion_b.get_latest_revision().pk,
        "task_id": organo_task.task_id,
        "workflow_pk": workflow.pk,
    }
    return Stage(
        objects=objects,
        pages={"b": publicacion_b, "organo_b": organo_b, "a": publicacion_a, "organo_a": organo_a},
        children=children,
        personas=personas,
        extra={"validacion_state": validacion_state, "borrador_b": borrador_b, "ticket": ticket_b},
    )


@pytest.fixture
def stage(estructura, eje):
    return build_stage(estructura, eje)


# --- what "nothing changed" means --------------------------------------------------------------

# Rows whose change would be a change of content, rights, workflow or records. Columns that
# change on every authenticated call (a token's last use, a login time) are left out.
WATCHED = [
    Page,
    Revision,
    WorkflowState,
    TaskState,
    WorkflowPage,
    Workflow,
    Task,
    PageLogEntry,
    PageViewRestriction,
    CollectionViewRestriction,
    Group,
    Group.permissions.through,
    GroupPagePermission,
    GroupCollectionPermission,
    Collection,
    Site,
    Redirect,
    OrganoRoles,
    Ticket,
    TicketEntrada,
    TicketAdjunto,
    EnlaceAcreditado,
    Reunion,
    Reunion.organos.through,
    ActualizacionPlataforma,
    ColeccionPublica,
    Obligacion,
    Aplicabilidad,
    ImportacionFormato,
]
VOLATILE = {"last_login", "last_used_at"}


def fingerprint():
    from wagtail.models import ModelLogEntry

    rows = {
        model._meta.label: [
            {key: value for key, value in row.items() if key not in VOLATILE}
            for row in model.objects.order_by("pk").values()
        ]
        for model in [
            *WATCHED,
            get_document_model(),
            get_image_model(),
            get_user_model(),
            get_user_model().groups.through,
            APIToken,
        ]
    }
    rows["ModelLogEntry"] = ModelLogEntry.objects.count()
    rows["Permission"] = Permission.objects.count()
    rows["mail"] = len(mail.outbox)
    return rows


def changed(before, after):
    return sorted(key for key in before if before[key] != after[key])


# --- routes ------------------------------------------------------------------------------------


def walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from walk(
                pattern.url_patterns, prefix + str(pattern.pattern), namespaces + namespace
            )
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, namespaces


KWARG = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>([^)]*)\)")


def admin_routes():
    """(name, route, [kwarg names]) of every admin URL pattern that takes any argument."""
    routes = []
    for route, pattern, namespaces in walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        kwargs = [m[2] or m[3] for m in KWARG.finditer(route)]
        if not kwargs or pattern.name in NOT_OBJECT_ROUTES:
            continue
        routes.append((":".join([*namespaces, pattern.name or "?"]), route, kwargs))
    return routes


def namespace_models():
    """{admin URL namespace: model} from Wagtail's viewset registry, plus Wagtail's own."""
    from wagtail.admin.viewsets import viewsets

    assert get_resolver().url_patterns  # viewsets register their namespaces on first load

    found = {}

    def visit(viewset):
        for child in getattr(viewset, "viewsets", None) or ():
            visit(child)
        try:
            namespace, model = viewset.url_namespace, getattr(viewset, "model", None)
        except Exception:  # noqa: BLE001, S112 a viewset without a name has no URLs of its own
            return
        if model is not None:
            found[namespace] = model

    for viewset in viewsets.viewsets:
        visit(viewset)
    return found


WAGTAIL_NAMESPACES = {
    "wagtailadmin_api:pages": Page,
    "wagtailadmin_pages": Page,
    "wagtailadmin_api:documents": get_document_model(),
    "wagtaildocs_chooser": get_document_model(),
    "wagtailadmin_api:images": get_image_model(),
    "wagtailimages_chooser": get_image_model(),
    "wagtailadmin_collections": Collection,
    "wagtailsettings": Site,
    "buzon_tickets:attachment": TicketAdjunto,
    # The formats screens name a series by its applicability row, an import by its job.
    "formatos_admin": Aplicabilidad,
    "formatos_admin:importacion": ImportacionFormato,
}


def model_for(name, models):
    for key in (name, name.rsplit(":", 1)[0]):
        if key in WAGTAIL_NAMESPACES:
            return WAGTAIL_NAMESPACES[key]
    namespace = name.rsplit(":", 1)[0]
    if namespace == "wagtailadmin_workflows":
        return Task if "task" in name else Workflow
    return models.get(namespace)


def action_names(name):
    from wagtail.admin.api.views import PagesAdminAPIViewSet
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    if name == "wagtailadmin_api:pages:action":
        return sorted(PagesAdminAPIViewSet.actions)
    if name == "wagtail_bulk_action":
        return [
            ("wagtailcore", "page", action)
            for action in bulk_action_registry.actions.get("wagtailcore", {}).get("page", {})
        ]
    return ["approve", "reject"]


def fill(name, route, kwargs, stage, models, mismatched):
    """The URLs of this route with B's objects (or A's object and B's parts): a list, or a
    string saying which argument could not be filled."""
    values, choices = {}, {}
    for kwarg in kwargs:
        if kwarg in CHILD_KWARGS:
            value = stage.children[kwarg]
            choices[kwarg] = value if isinstance(value, list) else [value]
            values[kwarg] = choices[kwarg][0]
        elif kwarg in PAGE_KWARGS or (kwarg == "pk" and model_for(name, models) is Page):
            if mismatched:
                page = stage.pages["a"]
            else:
                page = stage.pages["organo_b" if kwarg == "parent_page_id" else "b"]
            values[kwarg] = page.pk
        elif kwarg == "destination_id":
            values[kwarg] = stage.pages["organo_a"].pk
        elif kwarg in {"pk", "document_id", "doc_id", "image_id", "collection_id", "redirect_id"}:
            model = {
                "document_id": get_document_model(),
                "doc_id": get_document_model(),
                "image_id": get_image_model(),
                "collection_id": Collection,
                "redirect_id": Redirect,
            }.get(kwarg) or model_for(name, models)
            if model is None or model not in stage.objects:
                return f"{name}: no object of B for {kwarg} ({model})"
            values[kwarg] = stage.objects[model].pk
        elif kwarg == "object_id":
            values[kwarg] = str(stage.pages["b"].pk)
        elif kwarg in {"app_label", "app_name", "content_type_app_name"}:
            values[kwarg] = "cms" if name.startswith("wagtailsettings") else "estructura"
        elif kwarg in {"model_name", "content_type_model_name"}:
            settings_model = name.startswith("wagtailsettings")
            values[kwarg] = "updatecalendar" if settings_model else "publicacionpage"
        elif kwarg == "filter_spec":
            values[kwarg] = "max-100x100"
        elif kwarg in {"session_id", "uploaded_file_id"}:
            values[kwarg] = 1
        elif kwarg not in {"action", "action_name"}:
            return f"{name}: cannot fill {kwarg} in {route}"
    if mismatched and not CHILD_KWARGS & set(kwargs):
        return []
    templates = []
    if "action" in kwargs:  # bulk actions: every page action, on B's page
        for app, model, action in action_names(name):
            templates.append(
                (
                    {**values, "app_label": app, "model_name": model, "action": action},
                    f"?id={stage.pages['b'].pk}",
                )
            )
    elif "action_name" in kwargs:
        templates = [({**values, "action_name": action}, "") for action in action_names(name)]
    else:
        templates = [(values, "")]
    for kwarg, options in choices.items():  # one URL per choice of a child id
        templates = [
            ({**filled, kwarg: option}, query) for filled, query in templates for option in options
        ]
    return sorted({build(route, filled) + query for filled, query in templates})


def build(route, values):
    def substitute(match):
        return str(values[match[2] or match[3]])

    path = KWARG.sub(substitute, route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\.", ".")


# Form fields an attacker would send to make any of these views act.
GENERIC_POST = {
    "comment": "desde otro órgano",
    "title": "Intrusa",
    "slug": "intrusa",
    "new_title": "Copia intrusa",
    "new_slug": "copia-intrusa",
    "publish_copies": "on",
    "copy_subpages": "on",
    "alias": "on",
    "include_descendants": "on",
    "action-publish": "1",
    "action-submit": "1",
    "restriction_type": "none",
    "password": "x",
    "name": "Intrusa",
    "active": "on",
    "estado": "cerrado",
    "texto": "Respuesta intrusa",
    "validacion_nacional": "on",
}


def post_data(get_response, stage):
    data = {**GENERIC_POST, "new_parent_page": stage.pages["organo_a"].pk}
    if get_response.status_code == 200 and b"<form" in get_response.content:
        try:
            form = querydict_from_html(get_response.content.decode())
        except Exception:  # noqa: BLE001 not every form parses; the generic fields remain
            form = None
        if form is not None:
            data = {**form.dict(), **data}
    return data


@dataclass
class Case:
    url: str
    kind: str


def clients_for(stage):
    anonymous = Client()
    return {
        "anonymous": (anonymous, anonymous),
        **{
            name: (persona.admin, persona.api)
            for name, persona in stage.personas.items()
            if name in ROLES
        },
    }


def check(client, url, method, stage, before, problems, label, **kwargs):
    """Request inside a savepoint rolled back after it; record what changed or leaked."""
    with transaction.atomic():
        sent = len(mail.outbox)
        try:
            response = getattr(client, method)(url, **kwargs)
        except Exception as error:  # noqa: BLE001 a crash is a finding, not a test error
            problems.append(f"{label} {method.upper()} {url}: raised {error!r}")
            transaction.set_rollback(True)
            return None
        after = fingerprint()
        after["mail"] = before["mail"] + (len(mail.outbox) - sent)
        if changed(before, after):
            problems.append(f"{label} {method.upper()} {url}: changed {changed(before, after)}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        for secret in SECRETS:
            if secret in text:
                problems.append(f"{label} {method.upper()} {url}: shows «{secret}»")
        if response.status_code >= 500:
            problems.append(f"{label} {method.upper()} {url}: {response.status_code}")
        transaction.set_rollback(True)
    del mail.outbox[sent:]
    return response


# --- the matrix ---------------------------------------------------------------------------------


def admin_listings():
    """Every admin URL that takes no argument (listings, reports, search): read only here,
    but their answers must not show another órgano's drafts either."""
    urls = []
    for route, pattern, _namespaces in walk(get_resolver().url_patterns):
        if pattern.name in NOT_OBJECT_ROUTES:
            continue
        if route.startswith("admin/") and not KWARG.search(route) and "(" not in route:
            urls.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(urls))


def admin_cases(stage, role):
    models = namespace_models()
    cases, unfillable = [], []
    if role in ROLES_WITHOUT_B:
        cases += [Case(f"{url}?q=secreto", "listing") for url in admin_listings()]
    for name, route, kwargs in admin_routes():
        for mismatched in (False, True):
            if not mismatched and role not in ROLES_WITHOUT_B:
                continue
            urls = fill(name, route, kwargs, stage, models, mismatched)
            if isinstance(urls, str):
                unfillable.append(urls)
                continue
            cases += [Case(url, "mismatched" if mismatched else "foreign") for url in urls]
    return cases, sorted(set(unfillable))


def schema_operations(client):
    """(path, method, {path parameter: its schema}) of every operation of both schemas."""
    for schema_url in ("/api/v3/openapi.json", "/api/openapi.json"):
        schema = client.get(schema_url).json()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                if method in {"get", "post", "patch", "put", "delete"}:
                    params = {
                        param["name"]: param.get("schema", {})
                        for param in operation.get("parameters", [])
                        if param["in"] == "path"
                    }
                    yield path, method, params


def api_cases(stage, role):
    """(url, method, kind) of every operation of both schemas, path parameters from B."""
    values = {
        # <model>_id: B's object of that model (redirect_id, image_id, document_id…).
        **{f"{model._meta.model_name}_id": obj.pk for model, obj in stage.objects.items()},
        "page_id": stage.pages["b"].pk,
        "revision_id": stage.children["revision_id"],
        "folio": stage.extra["ticket"].folio,
        "type_name": "estructura.PublicacionPage",
    }
    cases = []
    for path, method, params in schema_operations(Client()):
        fixed = {name: spec["const"] for name, spec in params.items() if "const" in spec}
        if "" in fixed.values():
            continue  # a choice with nothing to choose (no snippet model is registered)
        unknown = set(params) - set(values) - set(fixed)
        assert not unknown, f"{path}: no value of B for {unknown}"
        for mismatched in (False, True):
            if not mismatched and role not in ROLES_WITHOUT_B:
                continue
            if mismatched and not {"page_id", "revision_id"} <= set(params):
                continue
            filled = {**values, **fixed}
            if mismatched:
                filled["page_id"] = stage.pages["a"].pk
            url = re.sub(r"{(\w+)}", lambda match, filled=filled: str(filled[match[1]]), path)
            cases.append((url, method, "mismatched" if mismatched else "foreign"))
    return cases


def api_body(stage):
    return {
        "meta": {
            "type": "estructura.PublicacionPage",
            "parent_id": stage.pages["organo_b"].pk,
            "action": "publish",
        },
        "title": "Intrusa",
        "slug": "intrusa",
        "resumen": "Resumen.",
        "tipo_informacion": "informe",
        "ejercicio": 2026,
        "periodo": "T3",
        "destination_id": stage.pages["organo_a"].pk,
        "position": "last-child",
        "recursive": True,
        "keep_live": True,
        "revision_id": stage.children["revision_id"],
        "tipo": "pregunta",
        "asunto": "x",
        "mensaje": "x",
        "acepta_aviso": True,
    }


# v3's page writes refuse any key their type does not take (a 400 before the permission check),
# so they get only a page's keys, as a client would send them; every other write the grab-bag.
PAGE_CREATE = re.compile(r"/api/v3/pages/")
PAGE_UPDATE = re.compile(r"/api/v3/pages/\d+/")
PAGE_KEYS = {"title", "slug", "resumen", "tipo_informacion", "ejercicio", "periodo"}


def api_body_for(stage, url, method):
    body = api_body(stage)
    page = {key: value for key, value in body.items() if key in PAGE_KEYS}
    if method == "post" and PAGE_CREATE.fullmatch(url):
        return json.dumps({"meta": body["meta"], **page})
    if method == "patch" and PAGE_UPDATE.fullmatch(url):
        return json.dumps({"meta": {"action": "publish"}, **page})
    return json.dumps(body)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_changes_or_sees_anything_of_another_organo(stage, role, record_property):
    started = time.monotonic()
    admin_client, api_client = clients_for(stage)[role]
    before = fingerprint()
    problems = []

    cases, unfillable = admin_cases(stage, role)
    assert not unfillable, unfillable
    for case in cases:
        label = f"[{role}/{case.kind}]"
        response = check(admin_client, case.url, "get", stage, before, problems, label)
        if response is None or case.kind == "listing":
            continue
        check(
            admin_client,
            case.url,
            "post",
            stage,
            before,
            problems,
            label,
            data=post_data(response, stage),
        )

    operations = api_cases(stage, role)
    for url, method, kind in operations:
        label = f"[{role}/{kind}/api]"
        if method == "get":
            check(api_client, f"{url}?version=draft", "get", stage, before, problems, label)
        else:
            check(
                api_client,
                url,
                method,
                stage,
                before,
                problems,
                label,
                data=api_body_for(stage, url, method),
                content_type="application/json",
            )

    elapsed = time.monotonic() - started
    record_property("matrix", f"{role}: {len(cases)} admin URLs, {len(operations)} API ops")
    print(
        f"\n{role}: {len(cases)} admin URLs × GET/POST, {len(operations)} API operations, "
        f"{elapsed:.1f} s"
    )
    assert not problems, "\n".join(problems)
