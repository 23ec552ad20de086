"""The API app: Wagtail's v2 and v3 as OPTISNTE serves them, the project's own /api/, the API
cache and the headless preview endpoint. It may read every app (as search/ does); no app but
through the routers it mounts imports it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    label = "optisnte_api"
    verbose_name = _("API")

    def ready(self):
        from .signal_handlers import register_signal_handlers
        from .v3 import restrict_v3_public_tier
        from .v3_writes import write_what_the_admin_edits

        register_signal_handlers()
        restrict_v3_public_tier()
        write_what_the_admin_edits()
