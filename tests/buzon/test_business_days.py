"""Business days in Mexico: weekends, the federal holidays of LFT art. 74 and the OPTI's own
closed days are counted out of every due date."""

import datetime

import pytest

from buzon.business_days import (
    add_business_days,
    business_days_between,
    federal_holidays,
    is_business_day,
    nth_weekday,
)
from buzon.models import BuzonSettings

D = datetime.date

HOLIDAYS = {
    2025: [
        D(2025, 1, 1),
        D(2025, 2, 3),  # first Monday of February
        D(2025, 3, 17),  # third Monday of March
        D(2025, 5, 1),
        D(2025, 9, 16),
        D(2025, 11, 17),  # third Monday of November
        D(2025, 12, 25),
    ],
    2026: [
        D(2026, 1, 1),
        D(2026, 2, 2),
        D(2026, 3, 16),
        D(2026, 5, 1),
        D(2026, 9, 16),
        D(2026, 11, 16),
        D(2026, 12, 25),
    ],
    2027: [
        D(2027, 1, 1),
        D(2027, 2, 1),
        D(2027, 3, 15),
        D(2027, 5, 1),
        D(2027, 9, 16),
        D(2027, 11, 15),
        D(2027, 12, 25),
    ],
}


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_federal_holidays_of_each_year_are_exactly_the_law_s(year):
    assert federal_holidays(year) == frozenset(HOLIDAYS[year])


@pytest.mark.parametrize(
    "day", [day for days in HOLIDAYS.values() for day in days if day.weekday() < 5]
)
def test_a_weekday_holiday_is_not_a_business_day(day):
    assert not is_business_day(day)
    assert add_business_days(day - datetime.timedelta(days=1), 1) != day


def test_inauguration_day_is_a_holiday_every_six_years():
    assert D(2030, 10, 1) in federal_holidays(2030)
    assert D(2024, 10, 1) in federal_holidays(2024)
    assert D(2036, 10, 1) in federal_holidays(2036)
    assert D(2026, 10, 1) not in federal_holidays(2026)
    assert D(2018, 12, 1) in federal_holidays(2018)
    assert D(2030, 12, 1) not in federal_holidays(2030)
    assert add_business_days(D(2030, 9, 30), 1) == D(2030, 10, 2)


def test_nth_weekday():
    assert nth_weekday(2026, 2, 0, 1) == D(2026, 2, 2)
    assert nth_weekday(2026, 3, 0, 3) == D(2026, 3, 16)
    assert nth_weekday(2026, 11, 0, 3) == D(2026, 11, 16)
    # A month that starts on the weekday asked for: its first is that day itself.
    assert nth_weekday(2027, 2, 0, 1) == D(2027, 2, 1)
    assert nth_weekday(2027, 3, 0, 3) == D(2027, 3, 15)


def test_weekends_are_not_business_days():
    assert not is_business_day(D(2026, 6, 6))  # Saturday
    assert not is_business_day(D(2026, 6, 7))  # Sunday
    assert is_business_day(D(2026, 6, 8))
    # Friday + 1 business day is Monday.
    assert add_business_days(D(2026, 6, 5), 1) == D(2026, 6, 8)
    # From a Saturday, the first business day is Monday.
    assert add_business_days(D(2026, 6, 6), 1) == D(2026, 6, 8)
    assert add_business_days(D(2026, 6, 1), 10) == D(2026, 6, 15)


def test_zero_days_is_the_same_day():
    assert add_business_days(D(2026, 6, 6), 0) == D(2026, 6, 6)


def test_a_deadline_across_christmas_and_new_year():
    # Tuesday 22 Dec 2026: 23, 24, (25 holiday), (26-27 weekend), 28, 29, 30, 31,
    # (1 Jan holiday), (2-3 weekend), 4 Jan…
    assert add_business_days(D(2026, 12, 22), 7) == D(2027, 1, 4)
    assert add_business_days(D(2026, 12, 22), 10) == D(2027, 1, 7)
    assert business_days_between(D(2026, 12, 22), D(2027, 1, 7)) == 10


def test_extra_closed_days_are_counted_out():
    vacaciones = [D(2026, 12, 28) + datetime.timedelta(days=n) for n in range(4)]
    assert not is_business_day(D(2026, 12, 28), vacaciones)
    assert add_business_days(D(2026, 12, 22), 3, vacaciones) == D(2027, 1, 4)
    assert business_days_between(D(2026, 12, 22), D(2027, 1, 4), vacaciones) == 3
    # Counted backwards, the same closed days are left out.
    assert business_days_between(D(2027, 1, 4), D(2026, 12, 22), vacaciones) == -3


def test_business_days_between_is_signed():
    monday, friday = D(2026, 6, 8), D(2026, 6, 12)
    assert business_days_between(monday, friday) == 4
    assert business_days_between(friday, monday) == -4
    assert business_days_between(monday, monday) == 0
    # Over a weekend: Friday → Monday is one business day, and back is minus one.
    assert business_days_between(D(2026, 6, 5), monday) == 1
    assert business_days_between(monday, D(2026, 6, 5)) == -1


def test_add_and_between_agree():
    start = D(2026, 1, 1)
    for count in range(0, 40):
        assert business_days_between(start, add_business_days(start, count)) == count


@pytest.mark.django_db
def test_due_date_uses_the_settings_plazo_and_closed_days():
    buzon = BuzonSettings.load()
    buzon.plazo_dias_habiles = 2
    buzon.dias_inhabiles = "2026-12-23\n\n2026-12-24\n"
    buzon.save()
    # Tuesday 22 Dec: 23 and 24 closed, 25 holiday, weekend: 28 and 29.
    assert buzon.due_date(D(2026, 12, 22)) == D(2026, 12, 29)
