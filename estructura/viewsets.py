"""Admin screen of the roles per órgano: see each órgano's groups and collection, and switch its
national validation step. Roles are created and deleted with the órganos, never by hand."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Aplicabilidad, Obligacion, OrganoRoles


class OrganoRolesViewSet(ModelViewSet):
    model = OrganoRoles
    icon = "group"
    menu_label = _("Roles por órgano")
    add_to_settings_menu = True
    form_fields = ["validacion_nacional"]
    list_display = ["organo", "enlaces", "supervisores", "coleccion", "validacion_nacional"]
    list_filter = ["validacion_nacional"]
    search_fields = ["organo__title"]
    search_backend_name = None  # a small table: the database's own filtering is enough
    copy_view_enabled = False


organo_roles_viewset = OrganoRolesViewSet("organo_roles")


class ObligacionViewSet(ModelViewSet):
    """The catalogue of obligations: the Administración OPTI edits it (article and fracción are
    data: the 2025 law renumbered them)."""

    model = Obligacion
    icon = "list-ul"
    menu_label = _("Obligaciones")
    add_to_settings_menu = True
    form_fields = [
        "clave",
        "ley",
        "articulo",
        "fraccion",
        "titulo",
        "descripcion",
        "periodicidad",
        "conservacion",
        "orden",
    ]
    list_display = ["titulo", "fundamento", "periodicidad", "conservacion"]
    list_filter = ["periodicidad", "ley"]
    search_fields = ["titulo", "clave", "articulo", "fraccion"]
    search_backend_name = None
    copy_view_enabled = False


class AplicabilidadViewSet(ModelViewSet):
    """Each órgano's tabla de aplicabilidad: which obligations apply, and why not where not."""

    model = Aplicabilidad
    icon = "tick-inverse"
    menu_label = _("Tabla de aplicabilidad")
    add_to_settings_menu = True
    form_fields = [
        "organo",
        "obligacion",
        "aplica",
        "fundamento_motivacion",
        "periodicidad",
        "conservacion",
    ]
    list_display = ["organo", "obligacion", "aplica", "periodicidad_efectiva"]
    list_filter = ["aplica", "obligacion"]
    search_fields = ["organo__title", "obligacion__titulo"]
    search_backend_name = None
    copy_view_enabled = False


obligacion_viewset = ObligacionViewSet("catalogo_obligaciones")
aplicabilidad_viewset = AplicabilidadViewSet("aplicabilidad")
