"""The inbox's filters: state, kind, órgano (within the user's scope), deadlines and routing."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from estructura.models import OrganoPage
from estructura.scope import scope_for

from .business_days import add_business_days
from .choices import EstadoTicket, TipoTicket
from .models import BuzonSettings, Ticket
from .services import can_route

# "Due soon" on the dashboard and in the filter: within this many business days.
DUE_SOON_BUSINESS_DAYS = 2


def organos_in_scope(user):
    """The órganos whose tickets the user may see, the same scope as Ticket.visible_to()."""
    if can_route(user):
        return OrganoPage.objects.order_by("path")
    return scope_for(user).organos()


def due_soon_limit(today=None):
    """The last day counted as "due soon": today plus a couple of business days."""
    today = today or timezone.localdate()
    closed = BuzonSettings.load().closed_days()
    return add_business_days(today, DUE_SOON_BUSINESS_DAYS, closed)


def due_soon(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.pending().filter(
        fecha_limite__gte=today, fecha_limite__lte=due_soon_limit(today)
    )


class OrganoChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # Indented by depth so sub-órganos read as part of their órgano.
        return "— " * max(obj.depth - 4, 0) + obj.title


class OrganoFilter(django_filters.ModelChoiceFilter):
    field_class = OrganoChoiceField


class TicketFilterSet(WagtailFilterSet):
    estado = django_filters.MultipleChoiceFilter(
        label=_("Estado"), choices=EstadoTicket.choices, widget=forms.CheckboxSelectMultiple
    )
    tipo = django_filters.ChoiceFilter(
        label=_("Tipo"), choices=TipoTicket.choices, empty_label=_("Todos")
    )
    organo = OrganoFilter(
        label=_("Órgano"), queryset=OrganoPage.objects.none(), empty_label=_("Todos")
    )
    vencido = django_filters.BooleanFilter(
        label=_("Vencido"), method="filter_vencido", widget=BooleanRadioSelect
    )
    por_vencer = django_filters.BooleanFilter(
        label=_("Vence en los próximos 2 días hábiles"),
        method="filter_por_vencer",
        widget=BooleanRadioSelect,
    )
    asignado_a_mi = django_filters.BooleanFilter(
        label=_("Asignado a mí"), method="filter_asignado_a_mi", widget=BooleanRadioSelect
    )
    sin_turnar = django_filters.BooleanFilter(
        label=_("Sin turnar"), method="filter_sin_turnar", widget=BooleanRadioSelect
    )

    class Meta:
        model = Ticket
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        # Choices outside the scope would fail validation, so the filter is simply ignored.
        self.filters["organo"].queryset = organos_in_scope(user).only("pk", "title", "depth")
        if not can_route(user):
            # Only the OPTI administration sees unrouted tickets; the filter means nothing else.
            del self.filters["sin_turnar"]

    def filter_vencido(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

    def filter_por_vencer(self, queryset, name, value):
        if value is None:
            return queryset
        soon = due_soon(queryset)
        return soon if value else queryset.exclude(pk__in=soon.values("pk"))

    def filter_asignado_a_mi(self, queryset, name, value):
        if value is None:
            return queryset
        mine = Q(asignado_a=self.request.user)
        return queryset.filter(mine) if value else queryset.exclude(mine)

    def filter_sin_turnar(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(organo__isnull=value)
