"""The "no" paths through the admin URLs: what an enlace or a supervisor cannot do, and the
few "yes" paths that prove the "no"s are not a locked door for everyone."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from estructura.models import PublicacionPage

from .conftest import edit_form, latest, make_borrador, publish_count, refused

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def add_url(parent):
    return url("add", "estructura", "publicacionpage", parent.pk)


def add_form(persona, parent, **changes):
    """The create form under `parent` as `persona` would fill it in."""
    data = edit_form(persona, None, url=add_url(parent))
    data.update(
        {
            "title": "Publicación intrusa",
            "slug": "publicacion-intrusa",
            "resumen": "Resumen.",
            "tipo_informacion": "informe",
            "ejercicio": "2026",
            "periodo": "T3",
            "fecha_actualizacion": "03/09/2026",
            "periodicidad": "trimestral",
        }
    )
    data.setlist("ejes", [str(persona.eje.pk)])
    data.update(changes)
    return data


def run_publish_scheduled(at):
    """`publish_scheduled` as cron would run it at the moment `at`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled", stdout=StringIO())


def admin_datetime(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


@pytest.fixture
def enlace(enlace_a, eje):
    enlace_a.eje = eje
    return enlace_a


@pytest.fixture
def borrador_a(organo_a, eje):
    return make_borrador(organo_a, eje, "Borrador de A", slug="borrador-a")


@pytest.fixture
def borrador_b(organo_b, eje):
    return make_borrador(organo_b, eje, "Borrador de B", slug="borrador-b")


# --- An enlace of A on órgano B's pages ------------------------------------------------------


@pytest.mark.parametrize("view", ["add_subpage", "add"])
def test_enlace_cannot_open_the_create_form_under_another_organo(enlace, organo_b, view):
    target = url("add_subpage", organo_b.pk) if view == "add_subpage" else add_url(organo_b)
    assert refused(enlace.admin.get(target))


def test_enlace_cannot_create_under_another_organo(enlace, organo_a, organo_b):
    data = add_form(enlace, organo_a)
    for action in ({}, {"action-submit": "1"}, {"action-publish": "1"}):
        response = enlace.admin.post(add_url(organo_b), {**data.dict(), **action})
        assert refused(response), action
    assert not PublicacionPage.objects.filter(slug="publicacion-intrusa").exists()


@pytest.mark.parametrize("action", ["save", "action-publish", "action-submit"])
def test_enlace_cannot_edit_publish_or_submit_another_organos_page(
    enlace, supervisor_b, publicacion_b, action
):
    data = edit_form(supervisor_b, publicacion_b, title="Título cambiado por A")
    if action != "save":
        data[action] = "1"
    revisions = publicacion_b.revisions.count()

    response = enlace.admin.post(url("edit", publicacion_b.pk), data)

    assert refused(response)
    assert publicacion_b.revisions.count() == revisions
    assert latest(publicacion_b).title == "Informe de B"
    assert not WorkflowState.objects.filter(object_id=str(publicacion_b.pk)).exists()


def test_enlace_cannot_move_another_organos_page(enlace, publicacion_b, organo_a):
    assert refused(enlace.admin.get(url("move", publicacion_b.pk)))
    assert refused(enlace.admin.post(url("move_confirm", publicacion_b.pk, organo_a.pk)))
    assert latest(publicacion_b).get_parent().specific.title == "Comité B"


def test_enlace_cannot_see_the_move_confirmation_of_another_organos_draft(
    enlace, borrador_b, organo_a
):
    response = enlace.admin.get(url("move_confirm", borrador_b.pk, organo_a.pk))
    assert refused(response)
    assert "Borrador de B" not in response.content.decode()


def test_enlace_cannot_move_own_pages_into_another_organo(
    enlace, publicacion_a, borrador_a, organo_b
):
    for page in (publicacion_a, borrador_a):
        response = enlace.admin.post(url("move_confirm", page.pk, organo_b.pk))
        assert refused(response), page
        assert latest(page).get_parent().pk != organo_b.pk


@pytest.mark.parametrize("destination", ["b", "a"])
def test_enlace_cannot_copy_another_organos_page(enlace, publicacion_b, arbol, destination):
    parent = arbol[destination]
    assert refused(enlace.admin.get(url("copy", publicacion_b.pk)))
    response = enlace.admin.post(
        url("copy", publicacion_b.pk),
        {
            "new_title": "Copia",
            "new_slug": "copia-de-b",
            "new_parent_page": parent.pk,
            "publish_copies": "on",
        },
    )
    assert refused(response)
    assert not Page.objects.filter(slug="copia-de-b").exists()


def test_enlace_cannot_copy_own_page_into_another_organo(enlace, publicacion_a, organo_b):
    response = enlace.admin.post(
        url("copy", publicacion_a.pk),
        {"new_title": "Copia", "new_slug": "copia-en-b", "new_parent_page": organo_b.pk},
    )
    assert response.status_code == 200  # the form, with the error on the parent
    assert not Page.objects.filter(slug="copia-en-b").exists()


@pytest.mark.parametrize("page_name", ["publicacion_b", "borrador_b"])
def test_enlace_cannot_delete_another_organos_page(enlace, page_name, request):
    page = request.getfixturevalue(page_name)
    assert refused(enlace.admin.get(url("delete", page.pk)))
    assert refused(enlace.admin.post(url("delete", page.pk)))
    assert Page.objects.filter(pk=page.pk).exists()


def test_enlace_cannot_unpublish_another_organos_page(enlace, publicacion_b):
    assert refused(enlace.admin.get(url("unpublish", publicacion_b.pk)))
    assert refused(enlace.admin.post(url("unpublish", publicacion_b.pk)))
    assert latest(publicacion_b).live


def test_enlace_cannot_revert_another_organos_page(enlace, supervisor_b, publicacion_b):
    first = publicacion_b.live_revision
    data = edit_form(supervisor_b, publicacion_b, title="Versión 2 de B")
    supervisor_b.admin.post(url("edit", publicacion_b.pk), {**data.dict(), "action-publish": "1"})
    assert latest(publicacion_b).title == "Versión 2 de B"
    revisions = publicacion_b.revisions.count()

    revert = url("revisions_revert", publicacion_b.pk, first.pk)
    assert refused(enlace.admin.get(revert))
    assert refused(enlace.admin.post(revert, {**data.dict(), "action-publish": "1"}))

    assert publicacion_b.revisions.count() == revisions
    assert latest(publicacion_b).title == "Versión 2 de B"


def test_enlace_cannot_lock_another_organos_page(enlace, publicacion_b):
    assert refused(enlace.admin.post(url("lock", publicacion_b.pk)))
    assert not latest(publicacion_b).locked


# --- An enlace of A on A's own pages: drafts only, live only through the workflow -------------


def test_enlace_publish_button_on_own_page_only_saves_a_draft(enlace, publicacion_a):
    live_revision = publicacion_a.live_revision_id
    publishes = publish_count(publicacion_a)
    data = edit_form(enlace, publicacion_a, title="Cambio sin aprobar")

    response = enlace.admin.post(
        url("edit", publicacion_a.pk), {**data.dict(), "action-publish": "1"}
    )

    assert response.status_code == 302
    page = latest(publicacion_a)
    assert page.title == "Informe de A"
    assert page.live_revision_id == live_revision
    assert page.has_unpublished_changes
    assert page.get_latest_revision().content["title"] == "Cambio sin aprobar"
    assert publish_count(publicacion_a) == publishes
    assert "Informe de A" in enlace.admin.get(page.url).content.decode()


def test_enlace_publish_button_on_own_draft_does_not_make_it_live(enlace, borrador_a):
    data = edit_form(enlace, borrador_a)
    enlace.admin.post(url("edit", borrador_a.pk), {**data.dict(), "action-publish": "1"})
    assert not latest(borrador_a).live
    assert publish_count(borrador_a) == 0


@pytest.mark.parametrize("hours", [48, -1])
def test_enlace_go_live_date_does_not_schedule_publication(enlace, borrador_a, hours):
    # A future date would be scheduled, a past one published at once, if the enlace could publish.
    go_live = timezone.now() + datetime.timedelta(hours=hours)
    data = edit_form(enlace, borrador_a, go_live_at=admin_datetime(go_live))

    response = enlace.admin.post(url("edit", borrador_a.pk), {**data.dict(), "action-publish": "1"})

    assert response.status_code == 302
    assert not borrador_a.revisions.filter(approved_go_live_at__isnull=False).exists()
    run_publish_scheduled(at=timezone.now() + datetime.timedelta(days=3))
    assert not latest(borrador_a).live
    assert publish_count(borrador_a) == 0


def test_enlace_expiry_date_does_not_unpublish_own_live_page(enlace, publicacion_a):
    expire = timezone.now() + datetime.timedelta(hours=2)
    data = edit_form(enlace, publicacion_a, expire_at=admin_datetime(expire))
    enlace.admin.post(url("edit", publicacion_a.pk), {**data.dict(), "action-publish": "1"})

    run_publish_scheduled(at=timezone.now() + datetime.timedelta(days=1))

    assert latest(publicacion_a).live


def test_enlace_copy_with_publish_copies_does_not_make_a_live_copy(enlace, publicacion_a, organo_a):
    response = enlace.admin.post(
        url("copy", publicacion_a.pk),
        {
            "new_title": "Copia de A",
            "new_slug": "copia-de-a",
            "new_parent_page": organo_a.pk,
            "publish_copies": "on",
            "alias": "on",
        },
    )
    # The enlace is offered neither checkbox: the copy is made, as a draft.
    assert response.status_code == 302
    assert Page.objects.get(slug="copia-de-a").live is False
    assert not Page.objects.filter(alias_of=publicacion_a).exists()


def test_enlace_cannot_unpublish_own_page(enlace, publicacion_a):
    assert refused(enlace.admin.post(url("unpublish", publicacion_a.pk)))
    assert latest(publicacion_a).live


def test_enlace_cannot_delete_own_live_page(enlace, publicacion_a):
    assert refused(enlace.admin.post(url("delete", publicacion_a.pk)))
    assert Page.objects.filter(pk=publicacion_a.pk).exists()


def test_enlace_revert_of_own_page_does_not_publish(enlace, supervisor_a, publicacion_a):
    first = publicacion_a.live_revision
    data = edit_form(supervisor_a, publicacion_a, title="Versión 2 de A")
    supervisor_a.admin.post(url("edit", publicacion_a.pk), {**data.dict(), "action-publish": "1"})
    assert latest(publicacion_a).title == "Versión 2 de A"
    publishes = publish_count(publicacion_a)

    revert = url("revisions_revert", publicacion_a.pk, first.pk)
    data = edit_form(enlace, publicacion_a, url=revert)
    response = enlace.admin.post(revert, {**data.dict(), "action-publish": "1"})

    assert response.status_code == 302
    assert latest(publicacion_a).title == "Versión 2 de A"
    assert publish_count(publicacion_a) == publishes


def test_enlace_can_create_under_own_organo_as_a_draft(enlace, organo_a):
    data = add_form(enlace, organo_a, **{"action-publish": "1"})
    response = enlace.admin.post(add_url(organo_a), data)
    assert response.status_code == 302
    page = PublicacionPage.objects.get(slug="publicacion-intrusa")
    assert page.get_parent().pk == organo_a.pk
    assert not page.live


def test_enlace_submit_starts_the_workflow(enlace, publicacion_a):
    data = edit_form(enlace, publicacion_a, title="Para revisión")
    response = enlace.admin.post(
        url("edit", publicacion_a.pk), {**data.dict(), "action-submit": "1"}
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(publicacion_a.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Publicación OPTI"
    assert latest(publicacion_a).title == "Informe de A"


# --- Approving: only the supervisors of the owning órgano -------------------------------------


@pytest.fixture
def en_revision(enlace, publicacion_a):
    """A's publication submitted by its enlace, waiting for A's supervisors."""
    data = edit_form(enlace, publicacion_a, title="Cambio en revisión")
    enlace.admin.post(url("edit", publicacion_a.pk), {**data.dict(), "action-submit": "1"})
    page = latest(publicacion_a)
    assert page.workflow_in_progress
    return page


def approve_url(page):
    task_state = page.current_workflow_state.current_task_state
    return url("workflow_action", page.pk, "approve", task_state.pk)


@pytest.mark.parametrize("who", ["supervisor_b", "enlace_b", "enlace_a"])
def test_only_the_owning_supervisors_can_approve(en_revision, who, request):
    persona = request.getfixturevalue(who)
    publishes = publish_count(en_revision)

    response = persona.admin.post(approve_url(en_revision), {"comment": "Aprobado por otro"})

    assert refused(response)
    page = latest(en_revision)
    assert page.title == "Informe de A"
    assert page.workflow_in_progress
    assert publish_count(en_revision) == publishes


def test_other_supervisor_cannot_publish_or_approve_through_the_edit_form(
    en_revision, supervisor_a, supervisor_b
):
    data = edit_form(supervisor_a, en_revision)
    for action in (
        {"action-publish": "1"},
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
    ):
        response = supervisor_b.admin.post(url("edit", en_revision.pk), {**data.dict(), **action})
        assert refused(response), action
    assert latest(en_revision).title == "Informe de A"
    assert latest(en_revision).workflow_in_progress


def test_other_supervisor_cannot_unpublish(en_revision, supervisor_b):
    assert refused(supervisor_b.admin.post(url("unpublish", en_revision.pk)))
    assert latest(en_revision).live


def test_owning_supervisor_approves_and_that_publishes(en_revision, supervisor_a):
    response = supervisor_a.admin.post(approve_url(en_revision), {"comment": ""})
    assert response.status_code == 302
    page = latest(en_revision)
    assert page.title == "Cambio en revisión"
    assert not page.workflow_in_progress


def test_supervisor_of_parent_organo_approves_sub_organo_pages(
    enlace, supervisor_a, sub_organo_a, eje
):
    page = make_borrador(sub_organo_a, eje, "Borrador de la comisión", slug="borrador-comision")
    data = edit_form(enlace, page)
    enlace.admin.post(url("edit", page.pk), {**data.dict(), "action-submit": "1"})
    page = latest(page)
    supervisor_a.admin.post(approve_url(page), {"comment": ""})
    assert latest(page).live


def test_enlace_cannot_add_an_organo_under_their_own(enlace, organo_a):
    response = enlace.admin.get(f"/admin/pages/add/estructura/organopage/{organo_a.pk}/")
    assert refused(response)
    response = enlace.admin.post(
        f"/admin/pages/add/estructura/organopage/{organo_a.pk}/",
        {"title": "Comisión nueva", "slug": "comision-nueva", "tipo": "comite_comision"},
    )
    assert refused(response)
    assert not Page.objects.filter(title="Comisión nueva").exists()
