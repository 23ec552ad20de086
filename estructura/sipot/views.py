"""Public downloads in the platform's layout: a record's rows, and a whole series. They are
open data: they take no parameters (cms.parameters refuses any with a 400)."""

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from cms.parameters import no_parameters

from ..models import Obligacion, OrganoPage, PublicacionPage
from .layout import XLSX_CONTENT_TYPE, csv_lines, record_rows, series_rows, write_xlsx

FORMATOS = ("csv", "xlsx")


def _download(name, formato, columnas, rows, title):
    if formato not in FORMATOS:
        raise Http404
    if formato == "csv":
        response = StreamingHttpResponse(
            csv_lines(columnas, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return FileResponse(
        write_xlsx(title, columnas, rows),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@no_parameters
def publicacion_filas(request, pk, formato):
    """The rows of one live, public record (CSV or XLSX)."""
    page = get_object_or_404(
        PublicacionPage.objects.live().public().select_related("obligacion"), pk=pk
    )
    if page.obligacion is None:
        raise Http404
    columnas = list(page.obligacion.columnas.all())
    page = PublicacionPage.objects.prefetch_related("filas").get(pk=page.pk)
    rows = record_rows(page, columnas)
    return _download(
        f"{page.obligacion.clave}-{page.ejercicio}-{page.periodo.lower()}",
        formato,
        columnas,
        rows,
        page.obligacion.titulo,
    )


@no_parameters
def serie(request, organo_id, clave, formato):
    """A live, public órgano's series of one obligation, ready to upload to the platform."""
    organo = get_object_or_404(OrganoPage.objects.live().public(), pk=organo_id)
    obligacion = get_object_or_404(Obligacion, clave=clave)
    return serie_download(organo, obligacion, formato)


def serie_download(organo, obligacion, formato="xlsx"):
    columnas = list(obligacion.columnas.all())
    return _download(
        f"{obligacion.clave}-{slugify(organo.slug)}",
        formato,
        columnas,
        series_rows(organo, obligacion, columnas),
        obligacion.titulo,
    )
