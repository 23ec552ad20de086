"""Business days in Mexico: weekends and the federal holidays of the Ley Federal del Trabajo
(art. 74) counted out, plus any extra non-working days the OPTI configures."""

import datetime
from collections.abc import Iterable
from functools import lru_cache

SATURDAY = 5
MONDAY = 0


def nth_weekday(year, month, weekday, n):
    """The n-th `weekday` (0 = Monday) of a month."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


@lru_cache(maxsize=64)
def federal_holidays(year) -> frozenset[datetime.date]:
    """LFT art. 74 as reformed in 2006 (Mondays) and 2024 (inauguration on 1 October)."""
    days = {
        datetime.date(year, 1, 1),  # Año Nuevo
        nth_weekday(year, 2, MONDAY, 1),  # Día de la Constitución
        nth_weekday(year, 3, MONDAY, 3),  # Natalicio de Benito Juárez
        datetime.date(year, 5, 1),  # Día del Trabajo
        datetime.date(year, 9, 16),  # Independencia
        nth_weekday(year, 11, MONDAY, 3),  # Revolución
        datetime.date(year, 12, 25),  # Navidad
    }
    # Transmisión del Poder Ejecutivo Federal: 1 December every six years until 2018,
    # 1 October every six years from 2024.
    if year >= 2024 and (year - 2024) % 6 == 0:
        days.add(datetime.date(year, 10, 1))
    elif year < 2024 and (year - 2018) % 6 == 0:
        days.add(datetime.date(year, 12, 1))
    return frozenset(days)


def is_business_day(day: datetime.date, extra_closed: Iterable[datetime.date] = ()) -> bool:
    return (
        day.weekday() < SATURDAY
        and day not in federal_holidays(day.year)
        and day not in set(extra_closed)
    )


def add_business_days(start: datetime.date, count: int, extra_closed=()) -> datetime.date:
    """The date `count` business days after `start` (which itself does not count)."""
    closed = set(extra_closed)
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day, closed):
            remaining -= 1
    return day


def business_days_between(start: datetime.date, end: datetime.date, extra_closed=()) -> int:
    """Business days after `start` up to and including `end` (negative when end is earlier)."""
    if end < start:
        return -business_days_between(end, start, extra_closed)
    closed = set(extra_closed)
    return sum(
        is_business_day(start + datetime.timedelta(days=offset), closed)
        for offset in range(1, (end - start).days + 1)
    )
