"""Filters of API v2 an app needs (pages: eje, órgano, ejercicio, …; the obligations'
applicability: órgano, obligación, estado, aplica); bad input is a 400."""

import datetime
import re
from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page, get_page_models

from cms.query import subtree_q
from ejes.models import EjePage
from estructura.models import Obligacion, OrganoPage
from estructura.obligaciones import EstadoSerie
from estructura.obligaciones_views import organos_of, public_organos

# Longer queries say nothing more to a full-text search and cost the database real work.
MAX_SEARCH_LENGTH = 200
SEARCH_OPERATORS = {"and", "or"}

_ID = re.compile(r"[1-9][0-9]{0,9}")
_SLUG = re.compile(r"[-\w]{1,255}")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CLAVE = re.compile(r"[-a-zA-Z0-9_]{1,40}")
MAX_ID = 2**31 - 1
BOOLEANS = {"true": True, "false": False}


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def models_with(name):
    """Page models that have a field called `name` (the content types a filter applies to)."""
    return [model for model in get_page_models() if model is not Page and _field(model, name)]


def pages_where(models, **lookups):
    """Ids of the pages of `models` matching `lookups`: a subquery that also works on Page."""
    parts = [Q(pk__in=model.objects.filter(**lookups).values("pk")) for model in models]
    if not parts:
        return Page.objects.none().values("pk")
    return Page.objects.filter(reduce(or_, parts)).values("pk")


class ContenidoFilter(BaseFilterBackend):
    """?eje= ?organo= ?ejercicio= ?periodo= ?tipo_informacion= ?actualizado_desde=.

    Each restricts the listing to the pages it applies to (publications and projects), so it
    works with or without ?type=. An eje or órgano that does not exist (or is not public) is a
    400, like Wagtail's own ?child_of= of a missing page.
    """

    query_parameters = frozenset(
        ["eje", "organo", "ejercicio", "periodo", "tipo_informacion", "actualizado_desde"]
    )

    def filter_queryset(self, request, queryset, view):
        for name in sorted(self.query_parameters & set(request.GET)):
            subquery = getattr(self, f"filter_{name}")(request.GET[name], view)
            queryset = queryset.filter(pk__in=subquery)
        return queryset

    def tree_paths(self, value, model, name, view):
        """Paths of the live, public pages of that type named by id or slug in `value`."""
        if _ID.fullmatch(value):
            lookup = {"pk": int(value)}
        elif _SLUG.fullmatch(value):
            lookup = {"slug": value}
        else:
            raise BadRequestError(f"{name} must be the id or the slug of a page")
        paths = list(
            view.get_base_queryset().type(model).filter(**lookup).values_list("path", flat=True)
        )
        if not paths:
            raise BadRequestError(f"{name} not found: no public page with that id or slug")
        return paths

    def filter_eje(self, value, view):
        # An eje classifies what its temas (the EjePages below it) classify.
        paths = self.tree_paths(value, EjePage, "eje", view)
        ejes = view.get_base_queryset().filter(subtree_q(paths))
        return pages_where(models_with("ejes"), ejes__in=ejes.values("pk"))

    def filter_organo(self, value, view):
        # The órgano and everything below it, sub-órganos' content included.
        paths = self.tree_paths(value, OrganoPage, "organo", view)
        return Page.objects.filter(subtree_q(paths)).values("pk")

    def filter_ejercicio(self, value, view):
        if not _YEAR.fullmatch(value):
            raise BadRequestError("ejercicio must be a year of four digits, e.g. 2026")
        parts = []
        for model in get_page_models():
            # A model may say where its year lives (projects: the year of their last update).
            lookup = getattr(model.objects.all(), "EJERCICIO", None)
            if lookup is None and model is not Page and _field(model, "ejercicio"):
                lookup = "ejercicio"
            if lookup:
                parts.append(Q(pk__in=model.objects.filter(**{lookup: int(value)}).values("pk")))
        return Page.objects.filter(reduce(or_, parts, Q(pk__in=[]))).values("pk")

    def choice_filter(self, name, value):
        models = models_with(name)
        allowed = sorted({key for model in models for key, _ in _field(model, name).choices})
        if value not in allowed:
            raise BadRequestError(f"{name} must be one of: {', '.join(allowed)}")
        return pages_where(models, **{name: value})

    def filter_periodo(self, value, view):
        return self.choice_filter("periodo", value)

    def filter_tipo_informacion(self, value, view):
        return self.choice_filter("tipo_informacion", value)

    def filter_actualizado_desde(self, value, view):
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            since = datetime.date.fromisoformat(value)
        except ValueError as e:
            raise BadRequestError("actualizado_desde must be a date as YYYY-MM-DD") from e
        return pages_where(models_with("fecha_actualizacion"), fecha_actualizacion__gte=since)


class StrictFieldsFilter(FieldsFilter):
    """Wagtail's ?<field>=value filters, with a value the field cannot hold answered by a 400."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError, OverflowError) as e:
            raise BadRequestError("field filter error: a value is not valid for its field") from e


class ContentOrderingFilter(OrderingFilter):
    """?order=, where fecha_actualizacion also orders a listing of several page types."""

    cross_type_fields = frozenset(["fecha_actualizacion"])

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order", "")
        names = [name.lstrip("-") for name in order.split(",")]
        own_fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        cross = [n for n in names if n in self.cross_type_fields and n not in own_fields]
        if not cross:
            return super().filter_queryset(request, queryset, view)
        expressions = []
        for item in order.split(","):
            name = item.lstrip("-")
            if name in cross:
                queryset = queryset.annotate(**{name: self.annotation(name)})
                expression = F(name)
                expressions.append(
                    expression.desc(nulls_last=True)
                    if item.startswith("-")
                    else expression.asc(nulls_last=True)
                )
            elif name in own_fields:
                expressions.append(item)
            else:
                raise BadRequestError(f"cannot order by '{item}' (unknown field)")
        return queryset.order_by(*expressions, "pk")

    def annotation(self, name):
        values = [
            Subquery(model.objects.filter(pk=OuterRef("pk")).values(name)[:1])
            for model in models_with(name)
        ]
        return Coalesce(*values) if len(values) > 1 else values[0]


class StrictSearchFilter(SearchFilter):
    """Full-text search (Spanish, database backend); odd input is a 400, never a 500."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query = request.GET["search"]
        if len(query) > MAX_SEARCH_LENGTH:
            raise BadRequestError(f"search must be at most {MAX_SEARCH_LENGTH} characters")
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValueError, TypeError, AttributeError) as e:
            raise BadRequestError("search cannot be combined with these parameters") from e


class AplicabilidadFilter(BaseFilterBackend):
    """?organo= ?obligacion= ?aplica= ?estado= of /api/v2/aplicabilidad/.

    ?organo=<id> is the órgano and the ones it is made of, as on /obligaciones/?organo=; an
    órgano the public may not see is a 400 like one that does not exist. ?estado= is the
    series' status as ``estructura.obligaciones.series`` judges it (the badge's): the series
    of the chosen órganos are judged once, and the view keeps them for the rows it shows.
    """

    query_parameters = frozenset(["organo", "obligacion", "aplica", "estado"])

    def filter_queryset(self, request, queryset, view):
        organo = self.organo(request.GET.get("organo"))
        obligacion = self.obligacion(request.GET.get("obligacion"))
        if organo is not None:
            queryset = queryset.filter(organo__in=organos_of(organo).values("pk"))
        if obligacion is not None:
            queryset = queryset.filter(obligacion=obligacion)
        if "aplica" in request.GET:
            value = request.GET["aplica"]
            if value not in BOOLEANS:
                raise BadRequestError("aplica must be true or false")
            queryset = queryset.filter(aplica=BOOLEANS[value])
        if "estado" in request.GET:
            value = request.GET["estado"]
            allowed = [v for v in EstadoSerie.values if v != EstadoSerie.HISTORICO]
            if value not in allowed:
                raise BadRequestError(f"estado must be one of: {', '.join(allowed)}")
            found = view.judge_series(organos_of(organo), obligacion)
            queryset = queryset.filter(
                pk__in=[serie.aplicabilidad.pk for serie in found if serie.estado == value]
            )
        return queryset

    def organo(self, value):
        if value is None:
            return None
        if not _ID.fullmatch(value) or int(value) > MAX_ID:
            raise BadRequestError("organo must be a positive integer")
        organo = public_organos().filter(pk=int(value)).first()
        if organo is None:
            raise BadRequestError("organo not found: no public órgano with that id")
        return organo

    def obligacion(self, value):
        if value is None:
            return None
        if not _CLAVE.fullmatch(value):
            raise BadRequestError("obligacion must be the clave of an obligation")
        obligacion = Obligacion.objects.filter(clave=value).first()
        if obligacion is None:
            raise BadRequestError("obligacion not found: no obligation with that clave")
        return obligacion
