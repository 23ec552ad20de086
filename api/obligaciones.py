"""API v2's /obligaciones/ (the catalogue) and /aplicabilidad/ (each órgano's tabla de
aplicabilidad, with the status of every series): read-only, anonymous, public órganos only.

The status is ``estructura.obligaciones.series``'s, the function behind every badge and the
/obligaciones/ tables; it is never worked out here.
"""

from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from estructura.models import Aplicabilidad, Obligacion
from estructura.obligaciones import keyed, series
from estructura.obligaciones_views import public_organos
from estructura.serializers import SerieField, periodo_representation, registro_representation

from .filters import AplicabilidadFilter
from .v2 import StrictParametersMixin

# What every v2 listing takes; no ordering or search here (neither model is indexed, and
# the order is the catalogue's), so ?order= and ?search= are unknown parameters, not ignored.
LISTING_PARAMETERS = frozenset(["limit", "offset", "fields", "_", "format"])


class ReadOnlyModelAPIViewSet(StrictParametersMixin, BaseAPIViewSet):
    """A model endpoint whose only parameters are its filters': Wagtail would also take any
    database field as a parameter (and here ignore it)."""

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )


class ObligacionesAPIViewSet(ReadOnlyModelAPIViewSet):
    """/api/v2/obligaciones/: the catalogue, in its order, with each format's columns.
    /api/v2/obligaciones/find/?clave=lgtaip-79-i answers with the obligation's detail URL."""

    model = Obligacion
    name = "obligaciones"
    known_query_parameters = LISTING_PARAMETERS
    find_query_parameters = frozenset(["id", "clave"])
    listing_default_fields = ["id", "type", "detail_url", "clave", "fundamento", "titulo"]

    def get_queryset(self):
        return Obligacion.objects.prefetch_related("columnas").order_by("orden", "clave", "pk")

    def find_object(self, queryset, request):
        if "clave" in request.GET:
            return queryset.get(clave=request.GET["clave"])
        return super().find_object(queryset, request)


class AplicabilidadAPIViewSet(ReadOnlyModelAPIViewSet):
    """/api/v2/aplicabilidad/: one row per órgano and obligation of the tabla de
    aplicabilidad, of live, public órganos only, in tree order, with its series' status."""

    model = Aplicabilidad
    name = "aplicabilidad"
    filter_backends = [AplicabilidadFilter]
    known_query_parameters = LISTING_PARAMETERS | AplicabilidadFilter.query_parameters
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "organo",
        "obligacion",
        "aplica",
        "estado",
    ]
    # The series' status, set on each row as `serie` (see attach_series).
    serie_fields = [
        APIField("estado", serializer=SerieField("estado")),
        APIField("estado_nombre", serializer=SerieField("estado_texto")),
        APIField("pendiente", serializer=SerieField("pendiente", periodo_representation)),
        APIField("proxima", serializer=SerieField("proxima", periodo_representation)),
        APIField("actual", serializer=SerieField("actual", registro_representation)),
    ]

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + cls._convert_api_fields(cls.serie_fields)

    def get_queryset(self):
        return (
            Aplicabilidad.objects.filter(organo__in=public_organos().values("pk"))
            .select_related("organo", "obligacion")
            .order_by("organo__path", "obligacion__orden", "obligacion__clave", "pk")
        )

    def judge_series(self, organos, obligacion=None):
        """The series of `organos` judged today, kept for the rows this request shows."""
        found = series(organos, obligacion=obligacion)
        self._series = keyed(found)
        return found

    def attach_series(self, rows):
        if not rows:
            return rows
        if not hasattr(self, "_series"):
            # The órganos of these rows only: a fixed number of queries for any page size.
            self.judge_series({row.organo_id: row.organo for row in rows}.values())
        for row in rows:
            row.serie = self._series.get((row.organo_id, row.obligacion_id))
        return rows

    def paginate_queryset(self, queryset):
        return self.attach_series(list(super().paginate_queryset(queryset)))

    def get_object(self):
        row = super().get_object()
        if not hasattr(row, "serie"):
            self.attach_series([row])
        return row
