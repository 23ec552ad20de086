"""/inventario/<clase>/: the list behind each content count of the home page, as a paginated
table and as CSV. The views read ``home.inventario``; they never count on their own."""

import csv
import io

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from cms.formats import celda
from cms.parameters import BadParameter, Parameter, check_parameters, refused
from cms.sharing import mark_cacheable
from cms.spreadsheets import csv_cell

from .inventario import CLASES, CLASES_BY_SLUG, PAGE_SIZE

PAGINA = Parameter("pagina", _lazy("Página"), _lazy("Página del listado, desde 1."), invalid="0")
# Revalidated on every visit: the home page is not cached, and its card must never show a
# number the list (kept by a browser or a proxy) no longer has.
CACHE_SECONDS = 0


def chosen_clase(clase):
    found = CLASES_BY_SLUG.get(clase)
    if found is None:
        raise Http404
    return found


def chosen_page(request, paginator):
    """The page `?pagina=` names (1 when not given); BadParameter for anything else."""
    check_parameters(request, (PAGINA,))
    value = request.GET.get("pagina", "").strip()
    if not value:
        return paginator.page(1)
    last = max(paginator.num_pages, 1)
    if not (value.isascii() and value.isdigit() and len(value) <= 6) or not 1 <= int(value) <= last:
        raise BadParameter(
            _("«pagina» debe ser un número entero de 1 a %(last)s.") % {"last": last}
        )
    return paginator.page(int(value))


@require_safe
def inventario(request, clase):
    clase = chosen_clase(clase)
    paginator = Paginator(clase.listing(), PAGE_SIZE)
    context = {"clase": clase, "clases": CLASES}
    try:
        pagina = chosen_page(request, paginator)
    except BadParameter as error:
        context["error"] = error.message
        return TemplateResponse(request, "home/inventario.html", context, status=error.status)
    keys = [key for key, _label in clase.columns]
    context.update(
        {
            "total": paginator.count,
            "pagina": pagina,
            "headings": [label for _key, label in clase.columns],
            "rows": [
                [(celda(row.get(key)), row.get(f"{key}_url")) for key in keys]
                for row in clase.rows(list(pagina.object_list))
            ],
        }
    )
    return mark_cacheable(
        request, TemplateResponse(request, "home/inventario.html", context), CACHE_SECONDS
    )


@require_safe
def inventario_csv(request, clase):
    clase = chosen_clase(clase)
    try:
        check_parameters(request, ())
    except BadParameter as error:
        return refused(error)
    keys = [key for key, _label in clase.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in clase.columns] + [_("Dirección")])
    for row in clase.rows(list(clase.listing())):
        writer.writerow(
            [csv_cell(row.get(key)) for key in keys]
            + [request.build_absolute_uri(row["titulo_url"])]
        )
    # The BOM tells Excel the file is UTF-8, so "Órgano" opens with its accent.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inventario-{clase.slug}.csv"'
    return mark_cacheable(request, response, CACHE_SECONDS)
