"""What the project's management commands share: options read into Spanish errors."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def day_option(value, option="--hoy"):
    """A YYYY-MM-DD option as a date; today in the portal's time zone when not given."""
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option} debe ser una fecha AAAA-MM-DD, no {value!r}.") from error
