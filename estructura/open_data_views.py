"""The open data downloads of the publication listing: whole site, per eje, per órgano."""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import open_data
from .models import OrganoPage, PublicacionPage

FORMATS = ("csv", "xlsx", "json")
MAX_FILTER_LENGTH = 255


class BadFilter(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def _lookup(model, value, name):
    """The live, public page named by an id or a slug; BadFilter (400 or 404) otherwise."""
    if len(value) > MAX_FILTER_LENGTH or (not value.isdigit() and slugify(value) != value):
        raise BadFilter(
            _("El filtro «%(name)s» debe ser el número o el slug de un %(name)s.") % {"name": name}
        )
    pages = model.objects.live().public()
    # A tema may share its slug with one elsewhere: the shallowest, first in the tree, wins.
    found = (pages.filter(pk=int(value)) if value.isdigit() else pages.filter(slug=value)).order_by(
        "depth", "path"
    )
    page = found.first()
    if page is None:
        raise BadFilter(
            _("No existe un %(name)s público «%(value)s».") % {"name": name, "value": value},
            status=404,
        )
    return page


def _filters(request):
    eje_value = request.GET.get("eje", "").strip()
    organo_value = request.GET.get("organo", "").strip()
    eje = organo = None
    if eje_value:
        eje = _lookup(PublicacionPage._meta.get_field("ejes").related_model, eje_value, _("eje"))
    if organo_value:
        organo = _lookup(OrganoPage, organo_value, _("órgano"))
    return eje, organo


def filename(formato, eje=None, organo=None, today=None):
    """publicaciones-<eje>-<órgano>-YYYY-MM-DD.<formato>, the filters only when given."""
    parts = ["publicaciones"]
    parts += [page.slug for page in (eje, organo) if page is not None]
    parts.append((today or timezone.localdate()).isoformat())
    return f"{'-'.join(parts)}.{formato}"


@require_safe
def publicaciones(request, formato):
    try:
        eje, organo = _filters(request)
    except BadFilter as error:
        return HttpResponse(
            error.message, status=error.status, content_type="text/plain; charset=utf-8"
        )
    name = filename(formato, eje, organo)
    records = open_data.rows(open_data.publicaciones_queryset(eje, organo), request)
    if formato == "csv":
        response = StreamingHttpResponse(
            open_data.stream_csv(records), content_type="text/csv; charset=utf-8"
        )
    elif formato == "json":
        response = StreamingHttpResponse(
            open_data.stream_json(records), content_type="application/json; charset=utf-8"
        )
    else:
        output = open_data.write_xlsx(records, _("Publicaciones"))
        return FileResponse(
            output, as_attachment=True, filename=name, content_type=open_data.XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
