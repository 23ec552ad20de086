"""App config for ejes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EjesConfig(AppConfig):
    name = "ejes"
    verbose_name = _("Ejes")
