"""The Buzón panel on the admin home: counts within the user's scope, linked to the inbox."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from buzon.business_days import add_business_days
from buzon.dashboard import inbox_counts
from buzon.models import Ticket
from buzon.services import answer

from .conftest import logged_in, make_user

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def set_due(ticket, day):
    Ticket.objects.filter(pk=ticket.pk).update(fecha_limite=day)


def figure(content, name):
    match = re.search(
        rf'data-cifra="{name}">\s*<a href="([^"]+)"[^>]*>.*?<strong>(?:Atención: )?(\d+)</strong>',
        content,
        re.S,
    )
    assert match, name
    return match.group(1).replace("&amp;", "&"), int(match.group(2))


@pytest.fixture
def scene(file_ticket, organo_a, organo_b, opti_admin):
    today = timezone.localdate()
    late, _ = file_ticket(organo=organo_a)
    set_due(late, today - datetime.timedelta(days=2))
    soon, _ = file_ticket(organo=organo_a)
    set_due(soon, add_business_days(today, 1))
    far, _ = file_ticket(organo=organo_a)
    set_due(far, today + datetime.timedelta(days=60))
    done, _ = file_ticket(organo=organo_a)
    answer(done, "Listo.", opti_admin)
    set_due(done, today - datetime.timedelta(days=9))
    theirs, _ = file_ticket(organo=organo_b)
    set_due(theirs, today - datetime.timedelta(days=2))
    unrouted, _ = file_ticket()
    return {"late": late, "soon": soon}


def test_enlace_sees_counts_of_their_scope(scene, enlace_a):
    content = logged_in(enlace_a).get(HOME).content.decode()
    assert 'id="buzon"' in content or "Buzón" in content
    assert figure(content, "pendientes")[1] == 3
    assert figure(content, "vencidos")[1] == 1
    assert figure(content, "por_vencer")[1] == 1
    assert 'data-cifra="sin_turnar"' not in content


def test_overdue_stands_out_in_words_not_only_colour(scene, enlace_a):
    content = logged_in(enlace_a).get(HOME).content.decode()
    assert "Atención: 1" in content
    assert "ticket vencido" in content


def test_administration_sees_everything_and_unrouted(scene, opti_admin):
    content = logged_in(opti_admin).get(HOME).content.decode()
    assert figure(content, "pendientes")[1] == 5
    assert figure(content, "vencidos")[1] == 2
    assert figure(content, "sin_turnar")[1] == 1


def test_each_count_links_to_the_same_rows_in_the_inbox(scene, enlace_a):
    client = logged_in(enlace_a)
    content = client.get(HOME).content.decode()
    for name in ("pendientes", "vencidos", "por_vencer"):
        url, count = figure(content, name)
        assert url.startswith(reverse("buzon_tickets:index"))
        listing = client.get(url).content.decode()
        rows = len(re.findall(r"/admin/buzon/ticket/\d+/", listing))
        assert rows == count, name


def test_no_panel_for_people_outside_the_buzon(scene):
    from django.contrib.auth.models import Permission

    editor = make_user("editora")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    content = logged_in(editor).get(HOME).content.decode()
    assert 'data-cifra="pendientes"' not in content


def test_counts_take_constant_queries(file_ticket, organo_a, supervisor_a, opti_admin):
    def measure():
        with CaptureQueriesContext(connection) as captured:
            inbox_counts(supervisor_a)
        return len(captured)

    file_ticket(organo=organo_a)
    measure()  # the user's permissions are cached on the first call
    few = measure()
    for _ in range(30):
        file_ticket(organo=organo_a)
    assert measure() == few
    assert inbox_counts(supervisor_a)["pendientes"] == 31


def test_home_page_queries_do_not_grow_with_tickets(file_ticket, organo_a, enlace_a):
    client = logged_in(enlace_a)
    file_ticket(organo=organo_a)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for _ in range(30):
        file_ticket(organo=organo_a)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)
