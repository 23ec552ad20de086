"""The quarterly update calendar: dates are site data, due dates follow periodicity."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cms.choices import Periodicidad
from cms.models import UpdateCalendar

D = datetime.date


@pytest.fixture
def calendar(home):
    from wagtail.models import Site

    return UpdateCalendar.for_site(Site.objects.get(is_default_site=True))


def test_defaults_are_the_first_week_of_march_june_september_december(calendar):
    assert calendar.months == [3, 6, 9, 12]
    assert (calendar.dia_inicio, calendar.dia_limite) == (1, 7)


@pytest.mark.parametrize(
    ("updated", "periodicidad", "due"),
    [
        # Updated inside the September window: the December window is next.
        (D(2026, 9, 3), Periodicidad.TRIMESTRAL, D(2026, 12, 7)),
        # Updated before a window opens: that window still asks for an update.
        (D(2026, 8, 20), Periodicidad.TRIMESTRAL, D(2026, 9, 7)),
        # Updated late, after the window closed: the next window.
        (D(2026, 9, 10), Periodicidad.TRIMESTRAL, D(2026, 12, 7)),
        # December crosses into the next year.
        (D(2026, 12, 2), Periodicidad.TRIMESTRAL, D(2027, 3, 7)),
        (D(2026, 9, 3), Periodicidad.SEMESTRAL, D(2027, 3, 7)),
        (D(2026, 9, 3), Periodicidad.ANUAL, D(2027, 9, 7)),
        (D(2026, 9, 3), Periodicidad.EVENTUAL, None),
    ],
)
def test_next_due_date(calendar, updated, periodicidad, due):
    assert calendar.next_due_date(updated, periodicidad) == due


def test_changing_the_dates_in_settings_changes_the_due_date(calendar):
    calendar.mes_1, calendar.mes_2, calendar.mes_3, calendar.mes_4 = 1, 4, 7, 10
    calendar.dia_limite = 15
    calendar.save()
    reloaded = UpdateCalendar.objects.get(pk=calendar.pk)
    assert reloaded.next_due_date(D(2026, 9, 3)) == D(2026, 10, 15)


@pytest.mark.parametrize(
    "changes",
    [
        {"mes_2": 3},  # two windows in the same month
        {"dia_inicio": 10, "dia_limite": 5},  # a window that ends before it starts
        {"dia_limite": 31},  # a day that February lacks
        {"dia_inicio": 0},
    ],
)
def test_invalid_calendars_are_refused_with_a_message(calendar, changes):
    for name, value in changes.items():
        setattr(calendar, name, value)
    with pytest.raises(ValidationError) as error:
        calendar.full_clean()
    assert error.value.messages
