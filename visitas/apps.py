"""App config for visitas."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitasConfig(AppConfig):
    name = "visitas"
    verbose_name = _("Visitas al portal")
