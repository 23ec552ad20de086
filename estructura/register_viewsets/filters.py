"""The registers' listing filters: órgano (within the scope), dates, period."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from ..choices import Periodo, TipoReunion
from ..models import OrganoPage
from ..registers import FIRST_YEAR, ActualizacionPlataforma, EnlaceAcreditado, Reunion
from ..scope import scope_for
from .forms import OrganoModelChoiceField


def organo_queryset(request):
    if request is None:
        return OrganoPage.objects.none()
    scope = scope_for(request.user)
    return scope.organos()


class OrganoFilter(django_filters.ModelChoiceFilter):
    field_class = OrganoModelChoiceField


def local_days(value):
    start = value.start.date() if value and value.start else None
    stop = value.stop.date() if value and value.stop else None
    return start, stop


class FechaFilterMixin(django_filters.FilterSet):
    fecha = django_filters.DateFromToRangeFilter(
        label=_("Fecha"), method="filter_fecha", widget=DateRangePickerWidget
    )

    def filter_fecha(self, queryset, name, value):
        start, stop = local_days(value)
        if start:
            queryset = queryset.filter(fecha__gte=start)
        if stop:
            queryset = queryset.filter(fecha__lte=stop)
        return queryset


class EnlaceAcreditadoFilterSet(WagtailFilterSet):
    organo = OrganoFilter(label=_("Órgano"), empty_label=_("Todos"), queryset=organo_queryset)
    activo = django_filters.BooleanFilter(
        label=_("Activo"), method="filter_activo", widget=BooleanRadioSelect
    )

    class Meta:
        model = EnlaceAcreditado
        fields = []

    def filter_activo(self, queryset, name, value):
        if value is None:
            return queryset
        active = EnlaceAcreditado.objects.active_on(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class ReunionFilterSet(FechaFilterMixin, WagtailFilterSet):
    tipo = django_filters.ChoiceFilter(
        label=_("Tipo"), empty_label=_("Todos"), choices=TipoReunion.choices
    )
    organo = OrganoFilter(
        label=_("Órgano"), empty_label=_("Todos"), queryset=organo_queryset, method="filter_organo"
    )

    class Meta:
        model = Reunion
        fields = []

    def filter_organo(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(
            Exists(
                Reunion.organos.through.objects.filter(reunion_id=OuterRef("pk"), organopage=value)
            )
        )


class ActualizacionPlataformaFilterSet(FechaFilterMixin, WagtailFilterSet):
    organo = OrganoFilter(label=_("Órgano"), empty_label=_("Todos"), queryset=organo_queryset)
    ejercicio = django_filters.NumberFilter(
        label=_("Ejercicio"), min_value=FIRST_YEAR, max_value=2100
    )
    periodo = django_filters.ChoiceFilter(
        label=_("Periodo"), empty_label=_("Todos"), choices=Periodo.choices
    )

    class Meta:
        model = ActualizacionPlataforma
        fields = []
