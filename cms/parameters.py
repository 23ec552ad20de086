"""The one rule for the query string of every open-data URL: each URL names the parameters it
takes; anything else, a parameter given twice or a value too long is a 400 in Spanish naming
the parameter, never a silent full answer. Each view then checks its own values."""

from dataclasses import dataclass
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# A Wagtail slug is at most 255 characters; no value an open-data URL takes is longer.
MAX_VALUE_LENGTH = 255
# Parameter names echoed in a message are cut: the message must stay readable.
MAX_ECHO = 200


class BadParameter(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class Parameter:
    """A query parameter an open-data URL takes, as the catalogue documents it.

    `invalid` is a value the URL refuses with a 400: the generated tests send it to every URL
    that declares the parameter, so a check that stops refusing it fails there.
    """

    name: str
    label: str
    help: str
    invalid: str

    def __str__(self):
        return self.name


def names(allowed):
    """The names in `allowed`: plain strings or `Parameter`s."""
    return {getattr(parameter, "name", parameter) for parameter in allowed}


def check_parameters(request, allowed):
    """Refuse any parameter the URL does not take (naming it and the accepted ones), any taken
    twice (which of the two would count?) and any value longer than MAX_VALUE_LENGTH.

    The one check for /datos-abiertos/, /obligaciones/, the results downloads and the project
    API's open tables; each view validates the values it accepts afterwards.
    """
    accepted = names(allowed)
    unknown = sorted(set(request.GET) - accepted)
    if unknown:
        raise BadParameter(
            _("Parámetro desconocido: %(names)s. Se aceptan: %(allowed)s.")
            % {
                "names": ", ".join(unknown)[:MAX_ECHO],
                "allowed": ", ".join(sorted(accepted)) or "—",
            }
        )
    for name in sorted(request.GET):
        values = request.GET.getlist(name)
        if len(values) > 1:
            raise BadParameter(
                _("El parámetro «%(name)s» aparece %(count)s veces; se acepta una sola.")
                % {"name": name, "count": len(values)}
            )
        if len(values[0]) > MAX_VALUE_LENGTH:
            raise BadParameter(
                _("El valor de «%(name)s» es demasiado largo (máximo %(max)s caracteres).")
                % {"name": name, "max": MAX_VALUE_LENGTH}
            )


def year(value, name, first, last):
    """A year of four ASCII digits from `first` to `last`, or BadParameter naming `name`."""
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) == 4) or not (
        first <= int(value) <= last
    ):
        raise BadParameter(
            _("«%(name)s» debe ser un año de cuatro cifras, de %(first)s a %(last)s.")
            % {"name": name, "first": first, "last": last}
        )
    return int(value)


def refused(error):
    """The plain-text answer to a BadParameter (the API answers with its problem details)."""
    return HttpResponse(
        error.message, status=error.status, content_type="text/plain; charset=utf-8"
    )


def no_parameters(view):
    """A GET/HEAD-only open-data view that takes no query parameter (any is a 400)."""

    @require_safe
    @wraps(view)
    def checked(request, *args, **kwargs):
        try:
            check_parameters(request, ())
        except BadParameter as error:
            return refused(error)
        return view(request, *args, **kwargs)

    return checked
