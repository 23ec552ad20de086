"""Admin screen of the roles per órgano: see each órgano's groups and collection, and switch its
national validation step. Roles are created and deleted with the órganos, never by hand."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import OrganoRoles


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
