"""The roles screen: the national team switches validation; nobody adds or deletes roles."""

import pytest
from django.contrib.auth import get_user_model

from estructura.models import OrganoRoles
from estructura.roles import ensure_admin_group
from estructura.workflows import PUBLICACION_CON_VALIDACION, ensure_workflows


@pytest.fixture
def nacional(db, organo):
    user = get_user_model().objects.create_user("opti-nacional", "n@snte.org.mx", "x")
    user.groups.add(ensure_admin_group())
    ensure_workflows()
    return user


def test_national_team_lists_roles_and_switches_validation(client, nacional, organo):
    client.force_login(nacional)
    listing = client.get("/admin/organo_roles/")
    assert listing.status_code == 200
    assert "Supervisores · Comité Ejecutivo Nacional" in listing.content.decode()

    roles = OrganoRoles.objects.get(organo=organo)
    response = client.post(f"/admin/organo_roles/edit/{roles.pk}/", {"validacion_nacional": "on"})
    assert response.status_code == 302
    roles.refresh_from_db()
    assert roles.validacion_nacional
    assert organo.__class__.objects.get(pk=organo.pk).get_workflow().name == (
        PUBLICACION_CON_VALIDACION
    )


def test_roles_cannot_be_added_or_deleted_by_hand(client, nacional, organo):
    client.force_login(nacional)
    roles = OrganoRoles.objects.get(organo=organo)
    assert client.get("/admin/organo_roles/new/").status_code in {302, 403}
    client.post(f"/admin/organo_roles/delete/{roles.pk}/")
    assert OrganoRoles.objects.filter(pk=roles.pk).exists()


def test_an_enlace_cannot_open_the_roles_screen(client, organo):
    enlace = get_user_model().objects.create_user("enlace-cen", "e@snte.org.mx", "x")
    enlace.groups.add(organo.roles.enlaces)
    client.force_login(enlace)
    assert client.get("/admin/organo_roles/").status_code in {302, 403}
    roles = OrganoRoles.objects.get(organo=organo)
    client.post(f"/admin/organo_roles/edit/{roles.pk}/", {"validacion_nacional": "on"})
    roles.refresh_from_db()
    assert not roles.validacion_nacional
