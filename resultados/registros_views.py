"""The drill-down pages: the records behind one figure of the results, for a period (and an
órgano), as a paginated table and as CSV. They read ``registros``; they never count."""

import csv
import io
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cms import periods
from cms.formats import celda
from cms.parameters import BadParameter, Parameter, refused
from cms.sharing import mark_cacheable
from cms.spreadsheets import csv_cell
from estructura.models import OrganoPage

from . import registros
from .views import first_data_year

ORGANO = Parameter(
    "organo",
    _lazy("Órgano"),
    _lazy("El número de un órgano publicado: solo sus registros (y los de sus sub-órganos)."),
    invalid="x",
)
PAGINA = Parameter("pagina", _lazy("Página"), _lazy("Página del listado, desde 1."), invalid="0")
CSV_CACHE_SECONDS = 300


def chosen_organo(request, key):
    """The public órgano `?organo=` names, or None; BadParameter for anything else (a draft or
    private órgano reads like one that does not exist, so neither is revealed)."""
    value = request.GET.get("organo", "").strip()
    if not value:
        return None
    if registros.KIND_OF[key] not in registros.BY_ORGANO:
        raise BadParameter(_("Esta cifra no se cuenta por órgano: quita «organo»."))
    organo = None
    if value.isascii() and value.isdigit() and len(value) <= 9:
        organo = OrganoPage.objects.live().filter(pk=int(value)).first()
    if organo is None or not registros.is_public(organo):
        raise BadParameter(_("«organo» debe ser el número de un órgano publicado."))
    return organo


def chosen_page_number(request):
    value = request.GET.get("pagina", "").strip()
    if not value:
        return 1
    if not (value.isascii() and value.isdigit() and len(value) <= 6) or int(value) < 1:
        raise BadParameter(_("«pagina» debe ser un número entero desde 1."))
    return int(value)


def read_request(request, clave, extra=()):
    """(figure key, Periodo, órgano) of a drill-down URL; Http404 for an unknown figure,
    BadParameter (cms.periods' reading) for anything else."""
    key = registros.key_of(clave)
    if key is None:
        raise Http404
    today = timezone.localdate()
    periodo = periods.from_query(
        request, first_data_year(today), today, extra=(ORGANO, *extra), last_year=today.year
    )
    return key, periodo, chosen_organo(request, key)


def drilldown(request, page, clave):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    context = page.get_context(request)
    try:
        key, periodo, organo = read_request(request, clave, extra=(PAGINA,))
        number = chosen_page_number(request)
        found = registros.registros(key, periodo, organo)
        paginator = Paginator(found.listado, registros.PAGE_SIZE)
        if number > max(paginator.num_pages, 1):
            raise BadParameter(
                _("«pagina» debe ser un número de 1 a %(last)s.")
                % {"last": max(paginator.num_pages, 1)}
            )
    except BadParameter as error:
        figure = registros.FIGURES_BY_KEY.get(key_or(clave))
        context.update({"error": error.message, "figure": figure})
        return TemplateResponse(
            request, "resultados/registros_page.html", context, status=error.status
        )
    pagina = paginator.page(number)
    columns = found.listado.columns
    query = periodo.query()
    if organo is not None:
        query["organo"] = str(organo.pk)
    context.update(
        {
            "registros": found,
            "figure": found.figure,
            "periodo": periodo,
            "organo": organo,
            "heading": found.heading(),
            "headings": [column.label for column in columns],
            "rows": [
                [(celda(row.get(column.key)), row.get(f"{column.key}_url")) for column in columns]
                for row in pagina.object_list
            ],
            "pagina": pagina,
            "paginator": paginator,
            "query_string": urlencode(query),
            "periodo_query": urlencode(periodo.query()),
            "obligaciones_url": registros.obligaciones_url()
            if found.kind == registros.CUMPLIMIENTO
            else None,
        }
    )
    return TemplateResponse(request, "resultados/registros_page.html", context)


def key_or(clave):
    return registros.key_of(clave) or ""


def drilldown_csv(request, page, clave):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        key, periodo, organo = read_request(request, clave)
    except BadParameter as error:
        return refused(error)
    found = registros.registros(key, periodo, organo)
    buffer = io.StringIO()
    # The BOM tells Excel the file is UTF-8 (as the figures' own CSV).
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    columns = found.listado.columns
    writer.writerow([str(column.label) for column in columns])
    for row in found.listado.all():
        writer.writerow([csv_cell(row.get(column.key)) for column in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    organo_part = f"-organo-{organo.pk}" if organo else ""
    response["Content-Disposition"] = (
        f'attachment; filename="registros-{found.slug}-{periodo.slug}{organo_part}.csv"'
    )
    return mark_cacheable(request, response, CSV_CACHE_SECONDS)
