"""/obligaciones/: the public tables of the obligations (aplicabilidad, actualización y
conservación, cumplimiento), for the whole union or one órgano, as a page and as open data.

Every table is read from ``estructura.obligaciones.series``: the status a cell shows is the
one the publication's badge shows. Unknown or bad parameters are a 400, never a silent full
answer.
"""

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from cms.choices import Periodicidad
from cms.parameters import BadParameter, Parameter, check_parameters, refused
from cms.query import private_q

from .models import Obligacion, OrganoPage
from .obligaciones import (
    cumplimiento,
    cumplimiento_por_organo,
    keyed,
    series,
    series_e_historial,
)
from .open_data import csv_lines

MAX_ID = 2**31 - 1
# What the page and its downloads take (cms.parameters is the rule; the API imports these).
ORGANO = Parameter(
    "organo",
    _lazy("Órgano"),
    _lazy("El número de un órgano: limita la tabla a él y a los órganos que lo integran."),
    invalid="abc",
)
PARAMETERS = (ORGANO,)
ALLOWED = {ORGANO.name}
TABLAS = ("aplicabilidad", "actualizacion", "cumplimiento")


def chosen_organo(request, allowed=ALLOWED):
    """The live, public órgano of ``?organo=<id>``, None for the whole union; BadParameter
    for any other parameter than `allowed`, a bad id (400) or an órgano nobody may see (404)."""
    check_parameters(request, allowed)
    value = request.GET.get("organo", "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_ID:
        raise BadParameter(_("«organo» debe ser el número de un órgano."))
    organo = public_organos().filter(pk=int(value)).first()
    if organo is None:
        raise BadParameter(
            _("No existe un órgano público con el número %(id)s.") % {"id": value}, 404
        )
    return organo


def public_organos():
    # cms.query's rule, computed once per request: the page and its órganos ask it once.
    return OrganoPage.objects.live().exclude(private_q())


def organos_of(organo):
    """The órgano and the ones it is made of, or every public órgano."""
    pages = public_organos()
    if organo is not None:
        pages = pages.descendant_of(organo, inclusive=True)
    return pages.order_by("path")


@require_safe
def obligaciones(request):
    try:
        organo = chosen_organo(request)
    except BadParameter as error:
        return refused(error)
    hoy = timezone.localdate()
    found, cierres = series_e_historial(organos_of(organo), hoy)
    obligaciones = list(Obligacion.objects.prefetch_related("columnas"))
    cells = keyed(found)
    por_organo = cumplimiento_por_organo(found)
    matriz = [
        (org, counts, [cells.get((org.pk, obligacion.pk)) for obligacion in obligaciones])
        for org, counts in por_organo
    ]
    return render(
        request,
        "estructura/obligaciones.html",
        {
            "organo": organo,
            "obligaciones": obligaciones,
            "series": found,
            "total": cumplimiento(found),
            "matriz": matriz,
            "cierres": cierres,
            "hoy": hoy,
            "tablas": TABLAS,
        },
    )


def table_rows(tabla, found):
    """(headings, rows) of one public table; dates ISO 8601, text as it is."""
    if tabla == "aplicabilidad":
        headings = [
            _("Órgano"),
            _("Clave"),
            _("Ley"),
            _("Artículo"),
            _("Fracción"),
            _("Obligación"),
            _("Aplica"),
            _("Fundamento y motivación"),
        ]
        rows = [
            [
                s.organo.title,
                s.obligacion.clave,
                s.obligacion.ley,
                s.obligacion.articulo,
                s.obligacion.fraccion,
                s.obligacion.titulo,
                str(_("Sí") if s.aplicabilidad.aplica else _("No")),
                s.aplicabilidad.fundamento_motivacion,
            ]
            for s in found
        ]
    elif tabla == "actualizacion":
        headings = [
            _("Órgano"),
            _("Clave"),
            _("Fundamento"),
            _("Obligación"),
            _("Periodo de actualización"),
            _("Periodo de conservación"),
        ]
        rows = [
            [
                s.organo.title,
                s.obligacion.clave,
                s.obligacion.fundamento,
                s.obligacion.titulo,
                str(Periodicidad(s.aplicabilidad.periodicidad_efectiva).label),
                s.aplicabilidad.conservacion_efectiva,
            ]
            for s in found
            if s.aplicabilidad.aplica
        ]
    else:
        headings = [
            _("Órgano"),
            _("Clave"),
            _("Obligación"),
            _("Estado"),
            _("Periodo pendiente"),
            _("Fecha límite"),
            _("Información vigente"),
            _("Ejercicio"),
            _("Periodo"),
        ]
        rows = [
            [
                s.organo.title,
                s.obligacion.clave,
                s.obligacion.titulo,
                s.estado_texto,
                s.pendiente.nombre if s.pendiente else "",
                s.pendiente.fecha_limite.isoformat() if s.pendiente else "",
                s.actual.title if s.actual else "",
                s.actual.ejercicio if s.actual else "",
                s.actual.periodo if s.actual else "",
            ]
            for s in found
        ]
    return headings, rows


@require_safe
def tabla(request, tabla, formato):
    try:
        organo = chosen_organo(request)
    except BadParameter as error:
        return refused(error)
    headings, rows = table_rows(tabla, series(organos_of(organo)))
    name = "-".join(
        [
            f"obligaciones-{tabla}",
            *([organo.slug] if organo else []),
            timezone.localdate().isoformat(),
        ]
    )
    if formato == "csv":
        response = StreamingHttpResponse(
            csv_lines(headings, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        items = [dict(zip(map(str, headings), row, strict=True)) for row in rows]
        response = HttpResponse(
            json.dumps(items, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{formato}"'
    return response
