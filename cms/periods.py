"""The period a figure is counted over, and the one reading of it from a query string.

Every figures page, download and endpoint (the results, the Buzón's statistics) takes the same
parameters and reads them here, so that "a quarter", "a month" or "from … to …" mean the same
thing everywhere and anything else is a 400 in Spanish, never a silent answer for the whole
year:

- ``?ejercicio=2026`` the year (the current one when nothing is given);
- ``?ejercicio=2026&trimestre=3`` a calendar quarter;
- ``?ejercicio=2026&mes=5`` a month;
- ``?desde=2026-03-01&hasta=2026-04-15`` any range of days (both included), at most
  MAX_RANGE_DAYS long.

Days are local days (America/Mexico_City); ranges are of calendar dates.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .formats import MONTH_NAMES, fecha_larga
from .parameters import BadParameter, Parameter, check_parameters

FIRST_YEAR = 2000
LAST_YEAR = 2100
QUARTERS = (1, 2, 3, 4)
# Ten years and a few leap days: a range longer than this is a mistake, and its figures
# would cost a scan of everything.
MAX_RANGE_DAYS = 3660

ANIO, TRIMESTRE, MES, RANGO = "anio", "trimestre", "mes", "rango"
# The months as a period form offers them (includes/periodo_form.html).
MESES = [(number, MONTH_NAMES[number]) for number in range(1, 13)]


@dataclass(frozen=True)
class Periodo:
    """A year, a calendar quarter (``trimestre`` 1–4), a month (``mes`` 1–12) or a range of
    days (``desde``/``hasta``, both included; its ``ejercicio`` is the year it starts in)."""

    ejercicio: int
    trimestre: int | None = None
    mes: int | None = None
    desde: datetime.date | None = None
    hasta: datetime.date | None = None

    def __post_init__(self):
        if not FIRST_YEAR <= self.ejercicio <= LAST_YEAR:
            raise ValueError(f"ejercicio must be between {FIRST_YEAR} and {LAST_YEAR}")
        if self.trimestre is not None and self.trimestre not in QUARTERS:
            raise ValueError("trimestre must be 1, 2, 3 or 4")
        if self.mes is not None and not 1 <= self.mes <= 12:
            raise ValueError("mes must be 1 to 12")
        kinds = [self.trimestre is not None, self.mes is not None, self.desde is not None]
        if sum(kinds) > 1:
            raise ValueError("a period is a year, a quarter, a month or a range, one of them")
        if (self.desde is None) != (self.hasta is None):
            raise ValueError("a range has both desde and hasta")
        if self.desde is not None:
            if self.desde > self.hasta or self.desde.year != self.ejercicio:
                raise ValueError("a range runs forward and starts in its ejercicio")
            if not FIRST_YEAR <= self.hasta.year <= LAST_YEAR:
                raise ValueError(f"a range ends between {FIRST_YEAR} and {LAST_YEAR}")

    @classmethod
    def rango(cls, desde, hasta):
        return cls(desde.year, desde=desde, hasta=hasta)

    @classmethod
    def current(cls, today=None, quarter=True):
        today = today or timezone.localdate()
        return cls(today.year, (today.month - 1) // 3 + 1 if quarter else None)

    @property
    def tipo(self):
        if self.desde is not None:
            return RANGO
        if self.mes is not None:
            return MES
        return TRIMESTRE if self.trimestre is not None else ANIO

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day, both included."""
        if self.desde is not None:
            return self.desde, self.hasta
        if self.mes is not None:
            first_month = last_month = self.mes
        elif self.trimestre is not None:
            first_month = 3 * (self.trimestre - 1) + 1
            last_month = first_month + 2
        else:
            first_month, last_month = 1, 12
        last_day = calendar.monthrange(self.ejercicio, last_month)[1]
        return (
            datetime.date(self.ejercicio, first_month, 1),
            datetime.date(self.ejercicio, last_month, last_day),
        )

    @property
    def inicio(self):
        return self.bounds[0]

    @property
    def fin(self):
        return self.bounds[1]

    @property
    def dias(self):
        return (self.fin - self.inicio).days + 1

    @property
    def referencia(self):
        """The label as it reads inside a sentence («frente a …», «sin dato en …»)."""
        return _("los días %(label)s") % {"label": self.label} if self.desde else self.label

    @property
    def label(self):
        """How the site writes it: «2026», «T3 2026», «mayo de 2026», «del 1 de marzo al
        15 de abril de 2026» (months in lower case; both years when they differ)."""
        if self.desde is not None:
            desde = fecha_larga(self.desde)
            if self.desde.year == self.hasta.year:
                desde = f"{self.desde.day} de {MONTH_NAMES[self.desde.month]}"
            return _("del %(desde)s al %(hasta)s") % {
                "desde": desde,
                "hasta": fecha_larga(self.hasta),
            }
        if self.mes is not None:
            return f"{MONTH_NAMES[self.mes]} de {self.ejercicio}"
        if self.trimestre is not None:
            return f"T{self.trimestre} {self.ejercicio}"
        return str(self.ejercicio)

    @property
    def slug(self):
        """The period in a file name: «2026», «2026-t3», «2026-05», «2026-03-10-a-2026-04-15»."""
        if self.desde is not None:
            return f"{self.desde.isoformat()}-a-{self.hasta.isoformat()}"
        if self.mes is not None:
            return f"{self.ejercicio}-{self.mes:02d}"
        if self.trimestre is not None:
            return f"{self.ejercicio}-t{self.trimestre}"
        return str(self.ejercicio)

    def query(self):
        """The query-string parameters that name this period (the reverse of from_query)."""
        if self.desde is not None:
            return {"desde": self.desde.isoformat(), "hasta": self.hasta.isoformat()}
        found = {"ejercicio": str(self.ejercicio)}
        if self.trimestre is not None:
            found["trimestre"] = str(self.trimestre)
        if self.mes is not None:
            found["mes"] = str(self.mes)
        return found

    def previous(self):
        """The period of the same kind just before (a range: as many days, ending the day
        before it starts)."""
        if self.desde is not None:
            hasta = self.desde - datetime.timedelta(days=1)
            return Periodo.rango(hasta - datetime.timedelta(days=self.dias - 1), hasta)
        if self.mes is not None:
            if self.mes == 1:
                return Periodo(self.ejercicio - 1, mes=12)
            return Periodo(self.ejercicio, mes=self.mes - 1)
        if self.trimestre is None:
            return Periodo(self.ejercicio - 1)
        if self.trimestre == 1:
            return Periodo(self.ejercicio - 1, 4)
        return Periodo(self.ejercicio, self.trimestre - 1)

    def year_before(self):
        """The same period a year earlier (29 February becomes the 28th)."""
        if self.desde is not None:
            return Periodo.rango(_year_earlier(self.desde), _year_earlier(self.hasta))
        return Periodo(self.ejercicio - 1, self.trimestre, self.mes)

    def quarters(self):
        """The quarters of a year; any other period is its own single part."""
        if self.tipo != ANIO:
            return [self]
        return [Periodo(self.ejercicio, q) for q in QUARTERS]

    def has_started(self, today=None):
        return self.inicio <= (today or timezone.localdate())


def _year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


EJERCICIO = Parameter(
    "ejercicio",
    _lazy("Ejercicio"),
    _lazy("El año, de cuatro cifras; sin él, el año en curso."),
    invalid="20x6",
)
TRIMESTRE_PARAMETER = Parameter(
    "trimestre", _lazy("Trimestre"), _lazy("1 a 4, del ejercicio."), invalid="5"
)
MES_PARAMETER = Parameter("mes", _lazy("Mes"), _lazy("1 a 12, del ejercicio."), invalid="13")
DESDE = Parameter(
    "desde",
    _lazy("Desde"),
    _lazy("Primer día de un periodo libre, AAAA-MM-DD (con «hasta»)."),
    invalid="2026-02-30",
)
HASTA = Parameter(
    "hasta",
    _lazy("Hasta"),
    _lazy("Último día de un periodo libre, AAAA-MM-DD (con «desde»)."),
    invalid="ayer",
)
PARAMETERS = (EJERCICIO, TRIMESTRE_PARAMETER, MES_PARAMETER, DESDE, HASTA)


def _integer(value, name, first, last, message):
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 4) or not (
        first <= int(value) <= last
    ):
        raise BadParameter(message % {"name": name, "first": first, "last": last})
    return int(value)


def _day(value, name):
    value = value.strip()
    try:
        if not value.isascii() or len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            _("«%(name)s» debe ser una fecha AAAA-MM-DD que exista, p. ej. 2026-03-31.")
            % {"name": name}
        ) from None


def from_query(request, first_year=FIRST_YEAR, today=None, extra=(), last_year=None):
    """The Periodo a request's query names (PARAMETERS; `extra` names other parameters the
    view takes and reads itself), the current year when none; BadParameter (a Spanish message
    naming the parameter) for anything else: an unknown parameter, a value given twice, a
    quarter and a month together, a range with one end, a range backwards or too long, a
    year outside `first_year`–`last_year` (by default, next year)."""
    check_parameters(request, (*PARAMETERS, *extra))
    today = today or timezone.localdate()
    given = {
        parameter.name: request.GET.get(parameter.name, "").strip()
        for parameter in PARAMETERS
        if request.GET.get(parameter.name, "").strip()
    }
    last_year = last_year or today.year + 1
    if "desde" in given or "hasta" in given:
        mixed = sorted(set(given) & {"ejercicio", "trimestre", "mes"})
        if mixed:
            raise BadParameter(
                _("Un periodo «desde»/«hasta» no lleva %(names)s: elige uno u otro.")
                % {"names": ", ".join(f"«{name}»" for name in mixed)}
            )
        days = {name: _day(given[name], name) for name in ("desde", "hasta") if name in given}
        missing = "hasta" if "desde" in days else "desde"
        if missing not in days:
            raise BadParameter(
                _("«%(name)s» debe acompañar a «%(other)s»: un periodo libre lleva los dos.")
                % {"name": missing, "other": "desde" if missing == "hasta" else "hasta"}
            )
        desde, hasta = days["desde"], days["hasta"]
        if desde > hasta:
            raise BadParameter(_("«desde» debe ser anterior o igual a «hasta»."))
        if (hasta - desde).days + 1 > MAX_RANGE_DAYS:
            raise BadParameter(
                _("El periodo es demasiado largo: como máximo %(days)s días.")
                % {"days": MAX_RANGE_DAYS}
            )
        for name, day in (("desde", desde), ("hasta", hasta)):
            if not first_year <= day.year <= last_year:
                raise BadParameter(
                    _("«%(name)s» debe caer entre %(first)s y %(last)s.")
                    % {"name": name, "first": first_year, "last": last_year}
                )
        return Periodo.rango(desde, hasta)
    if "trimestre" in given and "mes" in given:
        raise BadParameter(_("Elige un trimestre o un mes, no los dos."))
    ejercicio = today.year
    if "ejercicio" in given:
        ejercicio = _integer(
            given["ejercicio"],
            "ejercicio",
            first_year,
            last_year,
            _("«%(name)s» debe ser un año de cuatro cifras, de %(first)s a %(last)s."),
        )
    trimestre = mes = None
    if "trimestre" in given:
        trimestre = _integer(
            given["trimestre"],
            "trimestre",
            1,
            4,
            _("«%(name)s» debe ser 1, 2, 3 o 4."),
        )
    if "mes" in given:
        mes = _integer(given["mes"], "mes", 1, 12, _("«%(name)s» debe ser un mes de 1 a 12."))
    return Periodo(ejercicio, trimestre, mes)
