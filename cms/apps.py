"""App config for the project package (site settings, shared blocks, templates)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("OPTISNTE")

    def ready(self):
        from .publishing import serialise_admin_api_publish
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        serialise_admin_api_publish()
