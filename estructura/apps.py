"""App config for estructura: connects the signal handlers that keep roles in step."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstructuraConfig(AppConfig):
    name = "estructura"
    verbose_name = _("Estructura Sindical")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from cms.permission_policies import ViewChangeOnlyPermissionPolicy

        from .models import OrganoRoles
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        # Before anything asks for it: roles come and go with their órganos only.
        register_permission_policy(OrganoRoles, ViewChangeOnlyPermissionPolicy(OrganoRoles))
