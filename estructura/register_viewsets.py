"""The OPTI's registers in the admin: accredited enlaces, meetings and platform uploads.

Who sees and writes what (model permissions open the screens; estructura.scope decides rows):

- the "Administración OPTI" team (and superusers): every row, add, change, delete;
- supervisors of an órgano: the meetings and platform uploads of their órgano and the órganos
  below it, which they may add and change; they see their enlaces, but accrediting one is the
  national team's act;
- enlaces: their own órgano's rows, read only (list and export).

Every lookup (list, edit, delete, history, usage) goes through the scope, so a row outside it
is a 404, and the forms offer only the órganos in it, so a POST naming another órgano is a
form error, never a save.
"""

import django_filters
from django import forms
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import BooleanRadioSelect

from cms.spreadsheets import spreadsheet_text

from .choices import Periodo, TipoReunion
from .models import OrganoPage
from .registers import FIRST_YEAR, ActualizacionPlataforma, EnlaceAcreditado, Reunion
from .scope import scope_for

# --- scope -------------------------------------------------------------------------------------


def scoped_by_organo(queryset, scope, editable):
    if scope.everything:
        return queryset
    return queryset.filter(organo_id__in=scope.organo_ids(act=editable))


def scoped_meetings(queryset, scope, editable):
    """A meeting is seen by anyone whose órgano it names; changed only by someone whose scope
    holds every órgano it names (a supervisor cannot strip another órgano from it)."""
    if scope.everything:
        return queryset
    ids = scope.organo_ids(act=editable)
    through = Reunion.organos.through
    named = through.objects.filter(reunion_id=OuterRef("pk"), organopage_id__in=ids)
    queryset = queryset.filter(Exists(named))
    if editable:
        outside = through.objects.filter(reunion_id=OuterRef("pk")).exclude(organopage_id__in=ids)
        queryset = queryset.exclude(Exists(outside))
    return queryset


# --- views: every lookup through the scope -------------------------------------------------------


class ScopedIndexView(generic.IndexView):
    scope_rows = None  # set by the viewset: (queryset, scope, editable) -> queryset
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        str: {generic.IndexView.FORMAT_CSV: spreadsheet_text},
    }

    def get_base_queryset(self):
        scope = scope_for(self.request.user)
        return self.scope_rows(super().get_base_queryset(), scope, False)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"


class ScopedObjectMixin:
    """Edit and delete find the row only in the user's editable scope: otherwise a 404."""

    scope_rows = None

    def get_queryset(self):
        scope = scope_for(self.request.user)
        return self.scope_rows(self.model._default_manager.all(), scope, True)


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedObjectQuerysetMixin:
    """History and usage find the row only in the user's visible scope: otherwise a 404."""

    scope_rows = None

    def get_base_object_queryset(self):
        scope = scope_for(self.request.user)
        return self.scope_rows(super().get_base_object_queryset(), scope, False)


class ScopedHistoryView(ScopedObjectQuerysetMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectQuerysetMixin, UsageView):
    pass


# --- forms -------------------------------------------------------------------------------------


class OrganoLabelMixin:
    def label_from_instance(self, obj):
        # Indented by depth so sub-órganos read as part of their órgano.
        return "— " * max(obj.depth - 4, 0) + obj.title


class OrganoModelChoiceField(OrganoLabelMixin, forms.ModelChoiceField):
    pass


class OrganoModelMultipleChoiceField(OrganoLabelMixin, forms.ModelMultipleChoiceField):
    pass


class RegisterForm(WagtailAdminModelForm):
    """Offers only the órganos the user may write for (dates after today are refused by the
    models' own validators)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope_for(self.for_user)
        organos = self.scope.organos(act=True)
        if "organo" in self.fields:
            old = self.fields["organo"]
            self.fields["organo"] = OrganoModelChoiceField(
                queryset=organos, label=old.label, required=old.required, help_text=old.help_text
            )
        if "organos" in self.fields:
            old = self.fields["organos"]
            self.fields["organos"] = OrganoModelMultipleChoiceField(
                queryset=organos,
                label=old.label,
                required=False,
                help_text=old.help_text,
                widget=forms.CheckboxSelectMultiple,
            )


class EnlaceAcreditadoForm(RegisterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usuario" in self.fields:
            from django.contrib.auth import get_user_model

            self.fields["usuario"].queryset = (
                get_user_model().objects.filter(is_active=True).order_by("username")
            )

    def clean(self):
        cleaned = super().clean()
        usuario, organo = cleaned.get("usuario"), cleaned.get("organo")
        start, end = cleaned.get("fecha_acreditacion"), cleaned.get("fecha_baja")
        if end and start and end < start:
            return cleaned  # EnlaceAcreditado.clean() says why; no overlap to look for
        if usuario and organo and start:
            # The database's own rule (an exclusion constraint on PostgreSQL); checked here
            # too for a clear message, and on SQLite, which has no such constraint.
            others = EnlaceAcreditado.objects.overlapping(usuario, organo, start, end)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("fecha_acreditacion", EnlaceAcreditado.OVERLAP_MESSAGE)
        return cleaned


def is_overlap_refusal(error: IntegrityError) -> bool:
    """Whether the database refused the save for EnlaceAcreditado.OVERLAP_CONSTRAINT."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == EnlaceAcreditado.OVERLAP_CONSTRAINT


class OverlapRefusalMixin:
    """Two overlapping accreditations saved at the same moment both pass the form's check;
    the database keeps the first and refuses the second, which becomes this form error."""

    def form_valid(self, form):
        try:
            # The view saves (and logs) in one atomic block, so a refusal leaves nothing.
            return super().form_valid(form)
        except IntegrityError as error:
            if not is_overlap_refusal(error):
                raise
        form.add_error("fecha_acreditacion", EnlaceAcreditado.OVERLAP_MESSAGE)
        # As is_valid() does for a form error, so the page says so in its banner too.
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class EnlaceAcreditadoCreateView(OverlapRefusalMixin, generic.CreateView):
    pass


class EnlaceAcreditadoEditView(OverlapRefusalMixin, ScopedEditView):
    pass


class ReunionForm(RegisterForm):
    def clean(self):
        cleaned = super().clean()
        organos = cleaned.get("organos")
        if cleaned.get("tipo") == TipoReunion.ORGANO_GOBIERNO and not organos:
            self.add_error(
                "organos",
                _(
                    "Una reunión con un Órgano Nacional de Gobierno debe indicar al menos "
                    "un órgano."
                ),
            )
        elif not organos and not self.scope.everything:
            # Otherwise the meeting would leave the supervisor's own scope at once.
            self.add_error("organos", _("Indica al menos uno de tus órganos."))
        return cleaned


class ActualizacionPlataformaForm(RegisterForm):
    def clean(self):
        cleaned = super().clean()
        ejercicio, fecha = cleaned.get("ejercicio"), cleaned.get("fecha")
        if ejercicio and fecha and ejercicio > fecha.year:
            self.add_error(
                "ejercicio",
                _("El ejercicio informado no puede ser posterior al año de la carga (%(year)s).")
                % {"year": fecha.year},
            )
        return cleaned


# --- filters -----------------------------------------------------------------------------------


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


# --- viewsets ----------------------------------------------------------------------------------


def person_label(user):
    return user.get_full_name() or user.get_username()


def yes_no(value):
    return gettext("Sí") if value else gettext("No")


def document_label(document):
    return document.title if document else ""


class RegisterViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    search_backend_name = None  # small tables: the database filters
    list_per_page = 50
    scope_rows = staticmethod(scoped_by_organo)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope_rows=self.scope_rows, **kwargs)


class EnlaceAcreditadoIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("usuario", "organo")

    def to_row_dict(self, item):
        return {
            "usuario": person_label(item.usuario),
            "correo": item.usuario.email,
            "organo": item.organo.title,
            "fecha_acreditacion": item.fecha_acreditacion,
            "fecha_baja": item.fecha_baja,
            "activo": yes_no(item.activo),
            "oficio": item.oficio,
        }


class EnlaceAcreditadoViewSet(RegisterViewSet):
    model = EnlaceAcreditado
    icon = "user"
    menu_label = _("Enlaces acreditados")
    url_prefix = "registros/enlaces"
    index_view_class = EnlaceAcreditadoIndexView
    add_view_class = EnlaceAcreditadoCreateView
    edit_view_class = EnlaceAcreditadoEditView
    filterset_class = EnlaceAcreditadoFilterSet
    search_fields = [
        "usuario__username",
        "usuario__first_name",
        "usuario__last_name",
        "organo__title",
        "oficio",
    ]
    ordering = ["organo__path", "-fecha_acreditacion"]
    list_export = [
        "usuario",
        "correo",
        "organo",
        "fecha_acreditacion",
        "fecha_baja",
        "activo",
        "oficio",
    ]
    export_headings = {
        "usuario": _("usuario"),
        "correo": _("correo electrónico"),
        "organo": _("órgano"),
        "fecha_acreditacion": _("fecha de acreditación"),
        "fecha_baja": _("fecha de baja"),
        "activo": _("activo"),
        "oficio": _("oficio de acreditación"),
    }
    export_filename = "enlaces-acreditados"
    # The model's own panels, with the form that scopes and checks them.
    edit_handler = ObjectList(EnlaceAcreditado.panels, base_form_class=EnlaceAcreditadoForm)

    @property
    def list_display(self):
        return [
            Column("usuario", label=_("Enlace"), accessor=lambda e: person_label(e.usuario)),
            Column("organo", label=_("Órgano"), accessor=lambda e: e.organo.title),
            Column("fecha_acreditacion", label=_("Acreditación"), sort_key="fecha_acreditacion"),
            Column("fecha_baja", label=_("Baja"), sort_key="fecha_baja"),
            Column("activo", label=_("Activo"), accessor=lambda e: yes_no(e.activo)),
        ]


class ReunionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("organos").select_related("minuta")

    def to_row_dict(self, item):
        return {
            "fecha": item.fecha,
            "tipo": item.get_tipo_display(),
            "organos": "; ".join(organo.title for organo in item.organos.all()),
            "numero_asistentes": item.numero_asistentes,
            "asistentes": "; ".join(
                line.strip() for line in item.asistentes.splitlines() if line.strip()
            ),
            "acuerdos": item.acuerdos,
            "minuta": document_label(item.minuta),
        }


class ReunionViewSet(RegisterViewSet):
    model = Reunion
    icon = "calendar"
    menu_label = _("Reuniones")
    url_prefix = "registros/reuniones"
    index_view_class = ReunionIndexView
    filterset_class = ReunionFilterSet
    scope_rows = staticmethod(scoped_meetings)
    search_fields = ["asistentes", "acuerdos"]
    ordering = ["-fecha", "-pk"]
    list_export = [
        "fecha",
        "tipo",
        "organos",
        "numero_asistentes",
        "asistentes",
        "acuerdos",
        "minuta",
    ]
    export_headings = {
        "fecha": _("fecha"),
        "tipo": _("tipo de reunión"),
        "organos": _("órganos"),
        "numero_asistentes": _("número de asistentes"),
        "asistentes": _("asistentes"),
        "acuerdos": _("acuerdos"),
        "minuta": _("minuta"),
    }
    export_filename = "reuniones"
    # The model's own panels, with the form that scopes and checks them.
    edit_handler = ObjectList(Reunion.panels, base_form_class=ReunionForm)

    @property
    def list_display(self):
        return [
            Column("fecha", label=_("Fecha"), sort_key="fecha"),
            Column("tipo", label=_("Tipo"), accessor="get_tipo_display"),
            Column(
                "organos",
                label=_("Órganos"),
                accessor=lambda r: ", ".join(o.title for o in r.organos.all()),
            ),
            Column("numero_asistentes", label=_("Asistentes")),
        ]


class ActualizacionPlataformaIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organo", "acuse")

    def to_row_dict(self, item):
        return {
            "formato": item.formato,
            "ejercicio": item.ejercicio,
            "periodo": item.get_periodo_display(),
            "organo": item.organo.title,
            "fecha": item.fecha,
            "acuse": document_label(item.acuse),
        }


class ActualizacionPlataformaViewSet(RegisterViewSet):
    model = ActualizacionPlataforma
    icon = "upload"
    menu_label = _("Cargas a la Plataforma Nacional")
    url_prefix = "registros/plataforma"
    index_view_class = ActualizacionPlataformaIndexView
    filterset_class = ActualizacionPlataformaFilterSet
    search_fields = ["formato", "organo__title"]
    ordering = ["-fecha", "-pk"]
    list_export = ["formato", "ejercicio", "periodo", "organo", "fecha", "acuse"]
    export_headings = {
        "formato": _("formato u obligación"),
        "ejercicio": _("ejercicio"),
        "periodo": _("periodo"),
        "organo": _("órgano"),
        "fecha": _("fecha de carga"),
        "acuse": _("acuse de carga"),
    }
    export_filename = "cargas-plataforma-nacional"
    # The model's own panels, with the form that scopes and checks them.
    edit_handler = ObjectList(
        ActualizacionPlataforma.panels, base_form_class=ActualizacionPlataformaForm
    )

    @property
    def list_display(self):
        return [
            Column("formato", label=_("Formato u obligación")),
            Column("ejercicio", label=_("Ejercicio"), sort_key="ejercicio"),
            Column("periodo", label=_("Periodo"), accessor="get_periodo_display"),
            Column("organo", label=_("Órgano"), accessor=lambda a: a.organo.title),
            Column("fecha", label=_("Fecha de carga"), sort_key="fecha"),
        ]


class RegistrosViewSetGroup(ModelViewSetGroup):
    """The registers the quarterly figures are counted from, under one menu."""

    menu_label = _("Rendición de resultados")
    menu_icon = "table"
    menu_order = 260  # right after the Buzón
    items = (
        EnlaceAcreditadoViewSet("enlaces_acreditados"),
        ReunionViewSet("reuniones"),
        ActualizacionPlataformaViewSet("actualizaciones_plataforma"),
    )


registros_viewset_group = RegistrosViewSetGroup()
