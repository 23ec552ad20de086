"""The registers' viewsets and their menu group."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from ..registers import ActualizacionPlataforma, EnlaceAcreditado, Reunion
from .filters import ActualizacionPlataformaFilterSet, EnlaceAcreditadoFilterSet, ReunionFilterSet
from .forms import ActualizacionPlataformaForm, EnlaceAcreditadoForm, ReunionForm
from .scoping import scoped_by_organo, scoped_meetings
from .views import (
    EnlaceAcreditadoCreateView,
    EnlaceAcreditadoEditView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedUsageView,
)


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
