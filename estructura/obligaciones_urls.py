"""/obligaciones/: the public tables of the obligations (included by cms/urls.py)."""

from django.urls import path, re_path

from . import obligaciones_views

app_name = "obligaciones"

urlpatterns = [
    path("", obligaciones_views.obligaciones, name="index"),
    re_path(
        r"^(?P<tabla>aplicabilidad|actualizacion|cumplimiento)\.(?P<formato>csv|json)$",
        obligaciones_views.tabla,
        name="tabla",
    ),
]
