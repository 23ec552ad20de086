"""App config for resultados."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultadosConfig(AppConfig):
    name = "resultados"
    verbose_name = _("Rendición de resultados")
