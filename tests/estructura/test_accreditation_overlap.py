"""Overlapping accreditations of one enlace are refused by PostgreSQL itself, so two saved at
the same moment cannot both be kept; the admin turns the refusal into its form error."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from estructura.registers import EnlaceAcreditado, EnlaceAcreditadoQuerySet
from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group

from .test_registers import ENLACES, enlace_post, logged_in, make_user

OVERLAP_TEXT = "traslapan"


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("The exclusion constraint exists only on PostgreSQL.")


@pytest.fixture
def opti_admin(home, organo_a, organo_b):
    ensure_admin_group(home)
    return make_user("opti_admin", Group.objects.get(name=ADMIN_GROUP_NAME))


def day(number):
    """Day `number` of a stretch that ends well before today (the dates may not be future)."""
    return timezone.localdate() - datetime.timedelta(days=200 - number)


def accredit(person, organo, start, end=None):
    return EnlaceAcreditado.objects.create(
        usuario=person,
        organo=organo,
        fecha_acreditacion=day(start),
        fecha_baja=None if end is None else day(end),
    )


def database_refuses(person, organo, start, end):
    try:
        with transaction.atomic():
            accredit(person, organo, start, end)
    except IntegrityError:
        return True
    return False


# (first period, second period, overlap?) in days; None is an open end (no baja yet).
PERIODS = [
    ((0, 50), (50, None), False),  # the baja is the first day without accreditation
    ((50, None), (0, 50), False),
    ((0, 50), (49, None), True),
    ((0, None), (100, 120), True),
    ((0, None), (0, None), True),
    ((10, 20), (0, 10), False),
    ((10, 20), (0, 11), True),
    ((10, 20), (12, 15), True),
    ((0, None), (10, 10), False),  # accredited and withdrawn the same day: never active
    ((10, 10), (0, None), False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second", "overlap"), PERIODS)
def test_the_form_and_the_database_agree_on_what_overlaps(organo_a, first, second, overlap):
    person = make_user("persona")
    accredit(person, organo_a, *first)
    start, end = second
    form_says = EnlaceAcreditado.objects.overlapping(
        person, organo_a, day(start), None if end is None else day(end)
    ).exists()

    assert form_says is overlap
    assert database_refuses(person, organo_a, start, end) is overlap
    assert EnlaceAcreditado.objects.count() == (1 if overlap else 2)


@pytest.mark.django_db
def test_the_same_period_for_another_person_or_organo_is_no_overlap(organo_a, organo_b):
    person, other = make_user("persona"), make_user("otra")
    accredit(person, organo_a, 0)
    assert not database_refuses(person, organo_b, 0, None)
    assert not database_refuses(other, organo_a, 0, None)


def forms_check_misses(monkeypatch):
    """What a race looks like to the form: its check ran before the other row was saved."""
    monkeypatch.setattr(
        EnlaceAcreditadoQuerySet, "overlapping", lambda self, *args, **kwargs: self.none()
    )


@pytest.mark.django_db
def test_a_refused_new_accreditation_is_a_form_error_and_leaves_nothing(
    opti_admin, organo_a, monkeypatch
):
    person = make_user("persona")
    accredit(person, organo_a, 0)
    logged_before = ModelLogEntry.objects.count()
    forms_check_misses(monkeypatch)

    response = logged_in(opti_admin).post(
        ENLACES + "new/", enlace_post(person, organo_a, fecha_acreditacion=day(100))
    )

    assert response.status_code == 200
    assert OVERLAP_TEXT in " ".join(response.context["form"].errors["fecha_acreditacion"])
    assert EnlaceAcreditado.objects.count() == 1
    assert ModelLogEntry.objects.count() == logged_before


@pytest.mark.django_db
def test_a_refused_change_is_a_form_error_and_leaves_the_row_as_it_was(
    opti_admin, organo_a, monkeypatch
):
    person = make_user("persona")
    accredit(person, organo_a, 0, 50)
    later = accredit(person, organo_a, 50)
    forms_check_misses(monkeypatch)

    response = logged_in(opti_admin).post(
        f"{ENLACES}edit/{later.pk}/", enlace_post(person, organo_a, fecha_acreditacion=day(40))
    )

    assert response.status_code == 200
    assert OVERLAP_TEXT in " ".join(response.context["form"].errors["fecha_acreditacion"])
    later.refresh_from_db()
    assert later.fecha_acreditacion == day(50)
