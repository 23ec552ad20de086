"""The open data downloads of the publication listing: whole site, per eje, per órgano, per
ejercicio."""

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from cms.parameters import BadParameter, Parameter, check_parameters, refused, year

from . import open_data
from .models import OrganoPage, PublicacionPage
from .registers import FIRST_YEAR

FORMATS = ("csv", "xlsx", "json")
LAST_YEAR = 2100
MAX_ID = 2**31 - 1
# What the downloads take; cms.parameters refuses anything else, the catalogue documents them.
PARAMETERS = (
    Parameter(
        "eje",
        _lazy("Eje"),
        _lazy("El número o el slug de un eje: sus publicaciones y las de sus temas."),
        invalid="<script>",
    ),
    Parameter(
        "organo",
        _lazy("Órgano"),
        _lazy("El número o el slug de un órgano: sus publicaciones y las de los que lo integran."),
        invalid="no es un slug",
    ),
    Parameter(
        "ejercicio",
        _lazy("Ejercicio"),
        _lazy("El año que se informa, de cuatro cifras."),
        invalid="20x6",
    ),
)


def _lookup(model, value, parameter, name):
    """The live, public page named by an id or a slug; BadParameter (400 or 404) otherwise."""
    is_id = value.isascii() and value.isdigit()
    # An id past the database's integer would be a server error, not an answer.
    if (not is_id and slugify(value) != value) or (is_id and int(value) > MAX_ID):
        raise BadParameter(
            _("«%(parameter)s» debe ser el número o el slug de un %(name)s.")
            % {"parameter": parameter, "name": name}
        )
    pages = model.objects.live().public()
    # A tema may share its slug with one elsewhere: the shallowest, first in the tree, wins.
    found = (pages.filter(pk=int(value)) if is_id else pages.filter(slug=value)).order_by(
        "depth", "path"
    )
    page = found.first()
    if page is None:
        raise BadParameter(
            _("No existe un %(name)s público «%(value)s».") % {"name": name, "value": value},
            status=404,
        )
    return page


def _filters(request):
    """(eje, órgano, ejercicio) of the query, each None when not given; BadParameter else."""
    check_parameters(request, PARAMETERS)
    eje_value = request.GET.get("eje", "").strip()
    organo_value = request.GET.get("organo", "").strip()
    ejercicio_value = request.GET.get("ejercicio", "").strip()
    eje = organo = ejercicio = None
    if ejercicio_value:
        ejercicio = year(ejercicio_value, "ejercicio", FIRST_YEAR, LAST_YEAR)
    if eje_value:
        eje = _lookup(
            PublicacionPage._meta.get_field("ejes").related_model, eje_value, "eje", _("eje")
        )
    if organo_value:
        organo = _lookup(OrganoPage, organo_value, "organo", _("órgano"))
    return eje, organo, ejercicio


def filename(formato, eje=None, organo=None, today=None, ejercicio=None):
    """publicaciones-<eje>-<órgano>-<ejercicio>-YYYY-MM-DD.<formato>, filters only when given."""
    parts = ["publicaciones"]
    parts += [page.slug for page in (eje, organo) if page is not None]
    parts += [str(ejercicio)] if ejercicio is not None else []
    parts.append((today or timezone.localdate()).isoformat())
    return f"{'-'.join(parts)}.{formato}"


@require_safe
def publicaciones(request, formato):
    try:
        eje, organo, ejercicio = _filters(request)
    except BadParameter as error:
        return refused(error)
    name = filename(formato, eje, organo, ejercicio=ejercicio)
    records = open_data.rows(open_data.publicaciones_queryset(eje, organo, ejercicio), request)
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
