"""App config for estructura: connects the signal handlers that keep roles in step."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstructuraConfig(AppConfig):
    name = "estructura"
    verbose_name = _("Estructura Sindical")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
