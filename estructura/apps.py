"""App config for estructura."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstructuraConfig(AppConfig):
    name = "estructura"
    verbose_name = _("Estructura Sindical")
