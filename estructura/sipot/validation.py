"""The SIPOT rules of a record's dates and period: the one validator the model's clean (and
so the admin form, API v3 and the importer) calls."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.choices import Periodicidad

from ..choices import Periodo

# The SNTE was founded in 1943: no record reports an earlier ejercicio.
EJERCICIO_MINIMO = 1943


def periodos_de(periodicidad):
    """The periods a record of `periodicidad` may fill: its own and longer ones (an annual
    report covers a quarterly series' quarters, estructura.obligaciones), never shorter."""
    from ..obligaciones import PERIODOS  # the series module reads the models this one serves

    own = PERIODOS.get(periodicidad)
    if not own:
        return list(Periodo.values)  # eventual information has no fixed period
    shortest = min(_months(clave) for clave in own)
    return [clave for clave in Periodo.values if _months(clave) >= shortest]


def _months(clave):
    first, last = Periodo.months(clave)
    return last - first + 1


def periodicidades_permitidas(page):
    """The periodicity the record's series follows: its órgano's tabla de aplicabilidad, or,
    before the órgano has a row for it (a new record, a table still being filled), the
    obligation's or the record's own."""
    from ..models import Aplicabilidad

    if page.path:  # a new page in the admin has no place in the tree until it is saved
        row = (
            Aplicabilidad.objects.filter(
                organo__path=page.path[: -Page.steplen], obligacion_id=page.obligacion_id
            )
            .select_related("obligacion")
            .first()
        )
        if row is not None:
            return {row.periodicidad_efectiva}
    return {page.obligacion.periodicidad, page.periodicidad}


def validate_publicacion(page, today=None):
    """Raise a ValidationError keyed by field with every SIPOT rule `page` breaks."""
    today = today or timezone.localdate()
    errors = {}
    ejercicio, periodo = page.ejercicio, page.periodo
    if ejercicio is not None and not EJERCICIO_MINIMO <= ejercicio <= today.year + 1:
        errors["ejercicio"] = _("El ejercicio debe estar entre %(min)s y %(max)s.") % {
            "min": EJERCICIO_MINIMO,
            "max": today.year + 1,
        }
    if ejercicio is None or periodo not in Periodo.values or "ejercicio" in errors:
        if errors:
            raise ValidationError(errors)
        return
    from ..obligaciones import period_end

    fin = period_end(ejercicio, periodo)
    actualizacion, validacion = page.fecha_actualizacion, page.fecha_validacion
    if validacion is not None:
        if validacion <= fin:
            errors["fecha_validacion"] = _(
                "La fecha de validación debe ser posterior al cierre del periodo que se informa "
                "(%(fin)s)."
            ) % {"fin": fin.isoformat()}
        elif actualizacion is not None and validacion < actualizacion:
            errors["fecha_validacion"] = _(
                "La fecha de validación no puede ser anterior a la fecha de actualización."
            )
    if page.obligacion_id is not None:
        permitidas = periodicidades_permitidas(page)
        if not any(periodo in periodos_de(each) for each in permitidas):
            labels = dict(Periodicidad.choices)
            nombres = ", ".join(sorted(str(labels.get(each, each)).lower() for each in permitidas))
            errors["periodo"] = _(
                "El periodo es más corto que la periodicidad de la obligación (%(periodicidad)s)."
            ) % {"periodicidad": nombres}
    if errors:
        raise ValidationError(errors)
