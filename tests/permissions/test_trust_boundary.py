"""One regression test per finding of the trust-boundary review (issue 10, findings 1–4, 6, 8),
each checked in the database, not only by the status code. Finding 8 (threads) is in
test_trust_boundary_concurrency.py, the generated matrix in test_permission_matrix.py."""

import base64

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageLogEntry,
    PageViewRestriction,
    TaskState,
)

from estructura.audit import describe, publication_log_queryset
from estructura.models import OrganoPage, OrganoRoles, PublicacionDocumento, PublicacionPage
from estructura.roles import ADMIN_GROUP_NAME

from .conftest import edit_form, latest, make_borrador, make_persona, publish_count

pytestmark = pytest.mark.django_db

PAGES_V3 = "/api/v3/pages/"


def url(name, *args):
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def submit(persona, page, **changes):
    data = edit_form(persona, page, **changes)
    persona.admin.post(url("edit", page.pk), {**data.dict(), "action-submit": "1"})
    page = latest(page)
    assert page.workflow_in_progress
    return page


def task_state_of(page):
    return latest(page).current_workflow_state.current_task_state


def post_json(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


@pytest.fixture
def opti(arbol):
    return make_persona("opti", Group.objects.get(name=ADMIN_GROUP_NAME))


@pytest.fixture
def validated_a(arbol, organo_a):
    """Órgano A asks for Validación OPTI (its roles say so; the workflow follows)."""
    roles = OrganoRoles.objects.get(organo=organo_a)
    roles.validacion_nacional = True
    roles.save()
    assert organo_a.get_workflow().name == "Publicación OPTI con validación"
    return organo_a


# --- Finding 2: workflow actions check their own object ---------------------------------------


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("view", ["workflow_action", "collect_workflow_action_data"])
def test_a_supervisor_cannot_act_on_another_organos_submission_through_own_page(
    enlace_b, supervisor_a, publicacion_a, publicacion_b, action, view
):
    en_revision = submit(enlace_b, publicacion_b, title="Cambio secreto de B")
    state_b = task_state_of(en_revision)

    response = supervisor_a.admin.post(
        url(view, publicacion_a.pk, action, state_b.pk), {"comment": "desde A"}
    )

    assert response.status_code == 404
    state_b.refresh_from_db()
    assert state_b.status == TaskState.STATUS_IN_PROGRESS
    assert latest(publicacion_b).title == "Informe de B"
    assert not PageLogEntry.objects.filter(
        page=publicacion_b, action__startswith="wagtail.workflow.app"
    ).exists()
    assert "Cambio secreto de B" not in response.content.decode()


def test_the_organo_task_refuses_a_task_state_of_a_page_its_user_does_not_supervise(
    enlace_b, supervisor_a, publicacion_b
):
    # Below the URL check: the task itself asks about the task state's own page.
    state_b = task_state_of(submit(enlace_b, publicacion_b))
    # "reject": an approval would also fail later, at the publish, and hide a missing check.
    with pytest.raises(PermissionDenied):
        state_b.task.specific.on_action(state_b, supervisor_a.user, "reject")
    state_b.refresh_from_db()
    assert state_b.status == TaskState.STATUS_IN_PROGRESS


def test_validacion_opti_refuses_anyone_but_the_national_team(
    validated_a, enlace_a, supervisor_a, opti, publicacion_a
):
    page = submit(enlace_a, publicacion_a, title="Informe validado")
    supervisor_a.admin.post(
        url("workflow_action", page.pk, "approve", task_state_of(page).pk), {"comment": ""}
    )
    validacion = task_state_of(page)
    assert validacion.task.name == "Validación OPTI"
    assert not latest(page).title == "Informe validado"  # approved by A, not yet validated

    for persona in (supervisor_a, enlace_a):
        with pytest.raises(PermissionDenied):
            validacion.task.specific.on_action(validacion, persona.user, "reject")
    validacion.refresh_from_db()
    assert validacion.status == TaskState.STATUS_IN_PROGRESS

    opti.admin.post(url("workflow_action", page.pk, "approve", validacion.pk), {"comment": ""})
    assert latest(page).title == "Informe validado"
    entries = publication_log_queryset().filter(page=page, action="wagtail.publish")
    rows = describe(entries.order_by("pk"))
    # The fixture's first publish was direct; the validated one says it was approved.
    assert [row.accion for row in rows][-1] == "Publicación tras aprobación"


# --- Finding 3: no way around Validación OPTI -------------------------------------------------


def test_supervisor_of_a_validated_organo_cannot_publish_from_the_edit_form(
    validated_a, supervisor_a, publicacion_a
):
    publishes = publish_count(publicacion_a)
    data = edit_form(supervisor_a, publicacion_a, title="Sin validar")
    supervisor_a.admin.post(url("edit", publicacion_a.pk), {**data.dict(), "action-publish": "1"})
    assert latest(publicacion_a).title == "Informe de A"
    assert publish_count(publicacion_a) == publishes


def test_supervisor_of_a_validated_organo_cannot_bulk_publish(
    validated_a, supervisor_a, organo_a, eje
):
    borrador = make_borrador(organo_a, eje, "Borrador en lote", slug="borrador-lote")
    bulk = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={borrador.pk}"
    )
    supervisor_a.admin.post(bulk, {"include_descendants": "on"})
    assert not latest(borrador).live


def test_supervisor_of_a_validated_organo_cannot_schedule_a_publication(
    validated_a, supervisor_a, organo_a, eje
):
    borrador = make_borrador(organo_a, eje, "Borrador programado", slug="borrador-programado")
    data = edit_form(supervisor_a, borrador, go_live_at="01/01/2099 10:00")
    supervisor_a.admin.post(url("edit", borrador.pk), {**data.dict(), "action-publish": "1"})
    assert not borrador.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert not latest(borrador).live


def test_supervisor_of_a_validated_organo_cannot_copy_keeping_it_live(
    validated_a, supervisor_a, publicacion_a, organo_a
):
    supervisor_a.admin.post(
        url("copy", publicacion_a.pk),
        {
            "new_title": "Copia viva",
            "new_slug": "copia-viva",
            "new_parent_page": organo_a.pk,
            "publish_copies": "on",
        },
    )
    response = post_json(
        supervisor_a.api,
        f"{PAGES_V3}{publicacion_a.pk}/actions/copy/",
        {"destination_id": organo_a.pk, "keep_live": True, "slug": "copia-viva-v3"},
    )
    assert response.status_code in (400, 403)
    assert not Page.objects.filter(slug__startswith="copia-viva", live=True).exists()


def test_supervisor_of_a_validated_organo_cannot_publish_through_api_v3(
    validated_a, supervisor_a, publicacion_a, organo_a
):
    publishes = publish_count(publicacion_a)
    created = post_json(
        supervisor_a.api,
        PAGES_V3,
        {
            "meta": {
                "type": "estructura.PublicacionPage",
                "parent_id": organo_a.pk,
                "action": "publish",
            },
            "title": "Creada y publicada",
            "slug": "creada-y-publicada",
            "resumen": "Resumen.",
            "tipo_informacion": "informe",
            "ejercicio": 2026,
            "periodo": "T3",
        },
    )
    patched = supervisor_a.api.patch(
        f"{PAGES_V3}{publicacion_a.pk}/",
        {"meta": {"action": "publish"}, "title": "Parchada y publicada"},
        content_type="application/json",
    )
    published = post_json(supervisor_a.api, f"{PAGES_V3}{publicacion_a.pk}/actions/publish/")

    assert created.status_code == 403
    assert patched.status_code == 403
    assert published.status_code == 403
    assert not PublicacionPage.objects.filter(slug="creada-y-publicada", live=True).exists()
    assert latest(publicacion_a).title == "Informe de A"
    assert publish_count(publicacion_a) == publishes


def test_supervisor_of_a_validated_organo_cannot_revert_and_publish(
    validated_a, supervisor_a, opti, publicacion_a
):
    first = publicacion_a.live_revision
    data = edit_form(opti, publicacion_a, title="Versión 2 de A")
    opti.admin.post(url("edit", publicacion_a.pk), {**data.dict(), "action-publish": "1"})
    assert latest(publicacion_a).title == "Versión 2 de A"

    revert = url("revisions_revert", publicacion_a.pk, first.pk)
    data = edit_form(supervisor_a, publicacion_a, url=revert)
    supervisor_a.admin.post(revert, {**data.dict(), "action-publish": "1"})
    assert latest(publicacion_a).title == "Versión 2 de A"

    # API v3's revert makes a draft of the old revision; it never publishes it.
    publishes = publish_count(publicacion_a)
    post_json(
        supervisor_a.api,
        f"{PAGES_V3}{publicacion_a.pk}/actions/revert/",
        {"revision_id": first.pk},
    )
    assert latest(publicacion_a).title == "Versión 2 de A"
    assert publish_count(publicacion_a) == publishes


def test_supervisor_cannot_move_live_content_into_a_validated_organo(
    supervisor_a, sub_organo_a, publicacion_a
):
    # The sub-órgano asks for validation; moving A's live publication there would publish it
    # there unvalidated.
    roles = OrganoRoles.objects.get(organo=sub_organo_a)
    roles.validacion_nacional = True
    roles.save()
    supervisor_a.admin.post(url("move_confirm", publicacion_a.pk, sub_organo_a.pk))
    assert latest(publicacion_a).get_parent().pk != sub_organo_a.pk


def test_the_national_team_publishes_directly_and_the_log_says_so(validated_a, opti, publicacion_a):
    data = edit_form(opti, publicacion_a, title="Publicada por OPTI")
    opti.admin.post(url("edit", publicacion_a.pk), {**data.dict(), "action-publish": "1"})
    assert latest(publicacion_a).title == "Publicada por OPTI"
    entry = PageLogEntry.objects.filter(page=publicacion_a, action="wagtail.publish").latest("pk")
    assert describe([entry])[0].accion == "Publicación directa, sin revisión"


def test_supervisor_of_an_unvalidated_organo_still_publishes_directly(supervisor_a, publicacion_a):
    data = edit_form(supervisor_a, publicacion_a, title="Directa de A")
    supervisor_a.admin.post(url("edit", publicacion_a.pk), {**data.dict(), "action-publish": "1"})
    assert latest(publicacion_a).title == "Directa de A"


# --- Finding 4: only the national team changes the structure ----------------------------------


def organo_count():
    return OrganoPage.objects.count(), Group.objects.count(), Collection.objects.count()


@pytest.mark.parametrize("who", ["enlace_a", "supervisor_a"])
def test_nobody_but_the_national_team_copies_aliases_moves_or_deletes_an_organo(
    who, request, arbol, organo_a, sub_organo_a, estructura
):
    persona = request.getfixturevalue(who)
    before = organo_count()
    for parent in (organo_a, estructura):
        for extra in ({}, {"copy_subpages": "on"}, {"alias": "on"}):
            persona.admin.post(
                url("copy", sub_organo_a.pk),
                {
                    "new_title": "Órgano copiado",
                    "new_slug": f"organo-copiado-{parent.pk}",
                    "new_parent_page": parent.pk,
                    **extra,
                },
            )
    for action, body in (
        ("copy", {"destination_id": organo_a.pk, "recursive": True}),
        ("copy", {"destination_id": organo_a.pk}),
        ("create_alias", {"destination_id": organo_a.pk}),
        ("move", {"destination_id": estructura.pk, "position": "last-child"}),
    ):
        response = post_json(persona.api, f"{PAGES_V3}{sub_organo_a.pk}/actions/{action}/", body)
        assert response.status_code in (400, 403, 404), (action, response.content)
    persona.admin.post(url("move_confirm", sub_organo_a.pk, estructura.pk))
    persona.admin.post(url("delete", sub_organo_a.pk))
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "move"))
    persona.admin.post(f"{bulk}?id={sub_organo_a.pk}", {"chooser": estructura.pk})

    assert organo_count() == before
    assert latest(sub_organo_a).get_parent().pk == organo_a.pk


def test_the_national_team_copies_an_organo_with_its_roles(opti, sub_organo_a, organo_a):
    groups = Group.objects.count()
    response = opti.admin.post(
        url("copy", sub_organo_a.pk),
        {
            "new_title": "Comisión nueva",
            "new_slug": "comision-nueva",
            "new_parent_page": organo_a.pk,
        },
    )
    assert response.status_code == 302
    copia = OrganoPage.objects.get(slug="comision-nueva")
    assert OrganoRoles.objects.filter(organo=copia).exists()
    assert Group.objects.count() == groups + 2


# --- Findings 1 and 6: the read API is anonymous, and nothing private is shared -----------------


LISTING = "/api/v2/pages/?type=estructura.PublicacionPage&fields=title,resumen"


@pytest.fixture
def protegida(publicacion_a):
    restriction = PageViewRestriction.objects.create(
        page=publicacion_a, restriction_type=PageViewRestriction.PASSWORD, password="clave-secreta"
    )
    return restriction


def pass_password(client, restriction, page):
    response = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": "clave-secreta", "return_url": page.url},
    )
    assert response.status_code == 302
    assert client.get(page.url).status_code == 200  # the pass works on the site


def test_a_passed_page_password_opens_nothing_in_the_api_nor_in_its_cache(
    client, protegida, publicacion_a, publicacion_b
):
    pass_password(client, protegida, publicacion_a)

    response = client.get(LISTING)
    assert "Informe de A" not in response.content.decode()
    assert "Informe de B" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Cache"] == "BYPASS"

    # API v3's anonymous tier too (Wagtail would let the session's pass through).
    v3 = client.get("/api/v3/pages/?limit=100").content.decode()
    assert "Informe de A" not in v3 and "Informe de B" in v3
    assert client.get(f"/api/v3/pages/{publicacion_a.pk}/").status_code == 404

    anonymous = Client().get(LISTING)
    assert anonymous["X-Cache"] == "MISS"  # nothing the session's request computed was stored
    assert "Informe de A" not in anonymous.content.decode()
    assert anonymous["Cache-Control"].startswith("public")


def test_a_passed_collection_password_opens_no_document_in_the_api(client, organo_a, publicacion_a):
    coleccion = OrganoRoles.objects.get(organo=organo_a).coleccion
    restriction = CollectionViewRestriction.objects.create(
        collection=coleccion,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="clave-secreta",
    )
    acta = get_document_model().objects.create(
        title="Acta reservada", collection=coleccion, file=ContentFile(b"%PDF-1.4", "acta.pdf")
    )
    # Used by a live page, so only the collection's password keeps it out of the API.
    page = latest(publicacion_a)
    page.documentos.add(PublicacionDocumento(document=acta))
    page.save_revision().publish()
    assert "Acta reservada" not in Client().get("/api/v2/documents/?fields=title").content.decode()

    client.post(
        reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk]),
        {"password": "clave-secreta", "return_url": "/"},
    )
    response = client.get("/api/v2/documents/?fields=title")
    assert response.status_code == 200
    assert "Acta reservada" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("password", ["clave-de-prueba", "equivocada"])
def test_api_v2_ignores_basic_passwords(opti, protegida, password):
    credentials = base64.b64encode(f"opti:{password}".encode()).decode()
    response = Client(HTTP_AUTHORIZATION=f"Basic {credentials}").get(LISTING)
    # Neither a 401 to guess against nor more than the public sees.
    assert response.status_code == 200
    assert "Informe de A" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_api_v2_shows_staff_what_the_public_sees(opti, protegida, organo_a, eje):
    make_borrador(organo_a, eje, "Borrador reservado", slug="borrador-reservado")
    response = opti.admin.get(LISTING)
    body = response.content.decode()
    assert "Informe de A" not in body and "Borrador reservado" not in body
    assert "Informe de B" in body
