"""One scope rule: every screen, filter and task answers "which órganos does this user reach"
the same way estructura.scope does, for every role, and the inverse question agrees with it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from buzon.filters import organos_in_scope
from buzon.models import Ticket
from buzon.services import create_ticket
from estructura.cycle_views import PendingUpdatesFilterSet
from estructura.dashboard import enlace_organos
from estructura.factories import OrganoPageFactory
from estructura.models import OrganoApprovalTask, OrganoPage
from estructura.register_viewsets import organo_queryset
from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group
from estructura.scope import people_in_reach_q, scope_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(estructura, organo_a, sub_organo_a, organo_b):
    nieta = OrganoPageFactory(parent=sub_organo_a, title="Subcomisión de A", slug="sub-sub-a")
    ensure_admin_group()
    return [organo_a, sub_organo_a, nieta, organo_b]


def user(name, *groups, **extra):
    person = get_user_model().objects.create_user(name, f"{name}@example.mx", "x", **extra)
    person.groups.add(*groups)
    return person


@pytest.fixture
def people(tree):
    a, sub_a, nieta, b = tree
    return {
        "enlace_a": user("enlace_a", a.roles.enlaces),
        "enlace_sub_a": user("enlace_sub_a", sub_a.roles.enlaces),
        "supervisor_a": user("supervisor_a", a.roles.supervisores),
        "supervisor_sub_a": user("supervisor_sub_a", sub_a.roles.supervisores),
        "supervisor_b_enlace_a": user("mixto", b.roles.supervisores, a.roles.enlaces),
        "opti": user("opti", Group.objects.get(name=ADMIN_GROUP_NAME)),
        "root": user("root", is_superuser=True),
        "nadie": user("nadie"),
        "inactivo": user("inactivo", a.roles.supervisores, is_active=False),
    }


EXPECTED = {
    # Role: (órganos seen, órganos acted on), by title.
    "enlace_a": ({"Comité A"}, set()),
    "enlace_sub_a": ({"Comisión de A"}, set()),
    "supervisor_a": ({"Comité A", "Comisión de A", "Subcomisión de A"},) * 2,
    "supervisor_sub_a": ({"Comisión de A", "Subcomisión de A"},) * 2,
    "supervisor_b_enlace_a": ({"Comité A", "Comité B"}, {"Comité B"}),
    "nadie": (set(), set()),
    "inactivo": (set(), set()),
}


def titles(organos):
    return {organo.title for organo in organos}


def test_the_scope_of_each_role(people, tree):
    everyone = titles(tree)
    for name, person in people.items():
        scope = scope_for(person)
        seen, acted = EXPECTED.get(name, (everyone, everyone))
        assert titles(scope.organos()) == seen, name
        assert titles(scope.organos(act=True)) == acted, name
        for organo in tree:
            assert scope.reaches(organo) == (organo.title in seen), (name, organo.title)
            assert scope.reaches(organo, act=True) == (organo.title in acted), (name, organo)


def test_every_screen_offers_the_organos_of_the_scope(people, tree, rf):
    for name, person in people.items():
        seen = titles(scope_for(person).organos())
        request = rf.get("/")
        request.user = person
        registers = titles(organo_queryset(request))
        cycle = titles(PendingUpdatesFilterSet(scope=scope_for(person)).filters["organo"].queryset)
        inbox = titles(organos_in_scope(person))
        assert registers == seen, name
        assert cycle == seen, name
        if not scope_for(person).everything:
            assert inbox == seen, name
        assert titles(enlace_organos(person)) <= seen, name


def test_the_inbox_shows_the_tickets_of_the_scope(people, tree):
    for organo in tree:
        create_ticket(
            {"tipo": "pregunta", "asunto": organo.title, "mensaje": "x", "organo": organo}
        )
    create_ticket({"tipo": "pregunta", "asunto": "Sin turnar", "mensaje": "x"})
    for name, person in people.items():
        scope = scope_for(person)
        visible = set(Ticket.objects.visible_to(person).values_list("asunto", flat=True))
        expected = titles(scope.organos()) | ({"Sin turnar"} if scope.everything else set())
        assert visible == expected, name


def test_approvers_are_the_supervisors_in_reach(people, tree, eje):
    from estructura.factories import PublicacionPageFactory

    task = OrganoApprovalTask.objects.create(name="Aprobación de prueba")
    for organo in tree:
        page = PublicacionPageFactory(parent=organo, ejes=[eje])
        approvers = set(task.approvers(page).values_list("username", flat=True))
        for name, person in people.items():
            if person.is_superuser:
                continue
            expected = person.is_active and scope_for(person).supervises(page)
            assert (person.username in approvers) == expected, (name, organo.title)
            assert task.is_approver(page, person) == expected, (name, organo.title)


def test_who_reaches_an_organo_is_the_scope_asked_the_other_way(people, tree):
    users = get_user_model().objects.filter(is_active=True)
    for organo in [*tree, None]:
        for act in (False, True):
            reach = set(
                users.filter(people_in_reach_q(organo, act=act))
                .distinct()
                .values_list("username", flat=True)
            )
            for name, person in people.items():
                if not person.is_active:
                    continue
                expected = scope_for(person).reaches(organo, act=act)
                assert (person.username in reach) == expected, (name, organo, act)


def test_a_new_organo_is_in_its_parents_supervisors_scope_at_once(people, tree):
    a = tree[0]
    nuevo = OrganoPageFactory(parent=a, title="Comisión nueva", slug="comision-nueva")
    assert nuevo in scope_for(people["supervisor_a"]).organos(act=True)
    assert nuevo not in scope_for(people["enlace_a"]).organos()
    assert OrganoPage.objects.filter(pk=nuevo.pk).exists()
