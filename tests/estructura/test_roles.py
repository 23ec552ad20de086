"""Each órgano gets its groups, permissions, collection and workflow, and keeps them right."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    WorkflowPage,
)

from estructura.factories import OrganoPageFactory, PublicacionPageFactory
from estructura.models import OrganoApprovalTask, OrganoPage, OrganoRoles
from estructura.roles import ADMIN_GROUP_NAME, ORGANOS_COLLECTION_NAME
from estructura.workflows import PUBLICACION, PUBLICACION_CON_VALIDACION, ensure_workflows


def page_codenames(group):
    return {
        (perm.page_id, perm.permission.codename)
        for perm in GroupPagePermission.objects.filter(group=group).select_related("permission")
    }


def collection_codenames(group):
    return {
        (perm.collection_id, perm.permission.codename)
        for perm in GroupCollectionPermission.objects.filter(group=group).select_related(
            "permission"
        )
    }


def test_creating_an_organo_creates_its_groups_collection_and_permissions(organo):
    roles = OrganoRoles.objects.get(organo=organo)
    assert roles.enlaces.name == "Enlaces · Comité Ejecutivo Nacional"
    assert roles.supervisores.name == "Supervisores · Comité Ejecutivo Nacional"
    assert page_codenames(roles.enlaces) == {
        (organo.pk, "add_page"),
        (organo.pk, "change_page"),
        (organo.pk, "lock_page"),
    }
    assert page_codenames(roles.supervisores) == page_codenames(roles.enlaces) | {
        (organo.pk, "publish_page"),
        (organo.pk, "unlock_page"),
    }
    coleccion = roles.coleccion
    assert coleccion.name == organo.title
    assert coleccion.get_parent().name == ORGANOS_COLLECTION_NAME
    assert (coleccion.pk, "add_document") in collection_codenames(roles.enlaces)
    assert (coleccion.pk, "delete_document") not in collection_codenames(roles.enlaces)
    assert (coleccion.pk, "delete_document") in collection_codenames(roles.supervisores)
    for group in (roles.enlaces, roles.supervisores):
        assert group.permissions.filter(codename="access_admin").exists()


def test_a_sub_organo_gets_its_own_roles_and_a_nested_collection(organo):
    secretaria = OrganoPageFactory(parent=organo, title="Secretaría de Finanzas")
    roles = secretaria.roles
    assert roles.coleccion.get_parent().pk == organo.roles.coleccion.pk
    assert page_codenames(roles.enlaces) == {
        (secretaria.pk, "add_page"),
        (secretaria.pk, "change_page"),
        (secretaria.pk, "lock_page"),
    }


def test_renaming_an_organo_renames_its_groups_and_collection(organo):
    organo.title = "Comité Ejecutivo Nacional del SNTE"
    organo.save()
    roles = OrganoRoles.objects.select_related("enlaces", "supervisores", "coleccion").get()
    assert roles.enlaces.name == "Enlaces · Comité Ejecutivo Nacional del SNTE"
    assert roles.supervisores.name == "Supervisores · Comité Ejecutivo Nacional del SNTE"
    assert roles.coleccion.name == "Comité Ejecutivo Nacional del SNTE"


def test_two_organos_with_one_title_get_distinct_groups(estructura, organo):
    otro = OrganoPageFactory(parent=estructura, title=organo.title, slug="cen-2")
    assert otro.roles.enlaces.name != organo.roles.enlaces.name
    assert str(otro.pk) in otro.roles.enlaces.name


def test_moving_an_organo_moves_its_collection_and_keeps_its_permissions(estructura, organo):
    secretaria = OrganoPageFactory(parent=organo, title="Secretaría de Finanzas")
    secretaria.move(estructura, pos="last-child")
    roles = OrganoRoles.objects.get(organo=secretaria)
    assert roles.coleccion.get_parent().name == ORGANOS_COLLECTION_NAME
    assert (secretaria.pk, "change_page") in page_codenames(roles.enlaces)


def test_deleting_an_organo_leaves_no_orphan_groups_or_permissions(
    django_capture_on_commit_callbacks, estructura
):
    organo = OrganoPageFactory(parent=estructura, title="Comisión temporal")
    roles = organo.roles
    group_ids = [roles.enlaces_id, roles.supervisores_id]
    coleccion_id = roles.coleccion_id
    with django_capture_on_commit_callbacks(execute=True):
        organo.delete()
    assert not Group.objects.filter(pk__in=group_ids).exists()
    assert not GroupPagePermission.objects.filter(group_id__in=group_ids).exists()
    assert not GroupCollectionPermission.objects.filter(group_id__in=group_ids).exists()
    assert not Collection.objects.filter(pk=coleccion_id).exists()  # it was empty


def test_deleting_an_organo_keeps_a_collection_that_holds_files(
    django_capture_on_commit_callbacks, estructura
):
    organo = OrganoPageFactory(parent=estructura, title="Comisión con archivos")
    coleccion = organo.roles.coleccion
    get_document_model().objects.create(
        title="Acta", file=ContentFile(b"%PDF-1.4", name="acta.pdf"), collection=coleccion
    )
    with django_capture_on_commit_callbacks(execute=True):
        organo.delete()
    assert Collection.objects.filter(pk=coleccion.pk).exists()


def test_setup_roles_is_idempotent_and_repairs_what_was_changed_by_hand(organo):
    call_command("setup_roles", verbosity=0)
    roles = organo.roles
    before = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        WorkflowPage.objects.count(),
    )
    # Someone gave the enlaces publish rights and took away their edit rights.
    GroupPagePermission.objects.create(group=roles.enlaces, page=organo, permission_type="publish")
    GroupPagePermission.objects.filter(
        group=roles.enlaces, permission__codename="change_page"
    ).delete()
    call_command("setup_roles", verbosity=0)
    after = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        WorkflowPage.objects.count(),
    )
    assert after == before
    assert (organo.pk, "publish_page") not in page_codenames(roles.enlaces)
    assert (organo.pk, "change_page") in page_codenames(roles.enlaces)


def test_setup_roles_creates_the_national_group_and_retires_wagtails_defaults(organo):
    call_command("setup_roles", verbosity=0)
    admin = Group.objects.get(name=ADMIN_GROUP_NAME)
    assert admin.permissions.filter(codename="add_user").exists()
    assert admin.permissions.filter(codename="change_workflow").exists()
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_every_organo_uses_the_publication_workflow_and_validation_is_per_organo(estructura):
    a = OrganoPageFactory(parent=estructura, title="Comité A")
    b = OrganoPageFactory(parent=estructura, title="Comité B")
    ensure_workflows()
    assert a.get_workflow().name == PUBLICACION
    publicacion = PublicacionPageFactory(parent=a)
    assert publicacion.get_workflow().name == PUBLICACION

    roles = a.roles
    roles.validacion_nacional = True
    roles.save()
    a = OrganoPage.objects.get(pk=a.pk)
    assert a.get_workflow().name == PUBLICACION_CON_VALIDACION
    assert [task.name for task in a.get_workflow().tasks] == [
        "Aprobación del órgano",
        "Validación OPTI",
    ]
    assert b.get_workflow().name == PUBLICACION


@pytest.fixture
def people(estructura, organo):
    User = get_user_model()
    secretaria = OrganoPageFactory(parent=organo, title="Secretaría de Finanzas")
    otro = OrganoPageFactory(parent=estructura, title="Comité Nacional Electoral")

    def user(name, group):
        person = User.objects.create_user(name, f"{name}@snte.org.mx", "x")
        person.groups.add(group)
        return person

    return {
        "secretaria": secretaria,
        "otro": otro,
        "enlace": user("enlace-finanzas", secretaria.roles.enlaces),
        "sup_secretaria": user("sup-finanzas", secretaria.roles.supervisores),
        "sup_cen": user("sup-cen", organo.roles.supervisores),
        "sup_otro": user("sup-electoral", otro.roles.supervisores),
    }


def test_approvers_are_the_owning_organos_supervisors_and_those_above(people):
    ensure_workflows()
    page = PublicacionPageFactory(parent=people["secretaria"])
    task = OrganoApprovalTask.objects.get()
    approvers = set(task.approvers(page).values_list("username", flat=True))
    assert approvers == {"sup-finanzas", "sup-cen"}
    assert not task.get_actions(page, people["sup_otro"])
    assert not task.get_actions(page, people["enlace"])
    assert task.get_actions(page, people["sup_secretaria"])


def test_submitting_emails_only_the_organos_supervisors_and_lists_it_for_them(people):
    ensure_workflows()
    page = PublicacionPageFactory(parent=people["secretaria"], title="Estado financiero")
    page.save_revision(user=people["enlace"])
    mail.outbox.clear()
    page.get_workflow().start(page, people["enlace"])

    recipients = {address for message in mail.outbox for address in message.to}
    assert "sup-finanzas@snte.org.mx" in recipients
    assert "sup-cen@snte.org.mx" in recipients
    assert "sup-electoral@snte.org.mx" not in recipients
    assert "enlace-finanzas@snte.org.mx" not in recipients

    task = OrganoApprovalTask.objects.get()
    assert task.get_task_states_user_can_moderate(people["sup_secretaria"]).count() == 1
    assert task.get_task_states_user_can_moderate(people["sup_otro"]).count() == 0
