"""App config for buzon."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuzonConfig(AppConfig):
    name = "buzon"
    verbose_name = _("Buzón OPTISNTE")
