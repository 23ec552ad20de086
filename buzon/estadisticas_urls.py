"""/buzon/estadisticas/: the Buzón's public statistics and their downloads (cms/urls.py)."""

from django.urls import path, re_path

from . import estadisticas_views

app_name = "buzon_estadisticas"

urlpatterns = [
    path("", estadisticas_views.estadisticas, name="index"),
    re_path(
        r"^estadisticas-buzon\.(?P<formato>csv|xlsx)$",
        estadisticas_views.descarga,
        name="descarga",
    ),
]
