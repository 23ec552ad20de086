"""Public URLs of the platform's formats (mounted at /formatos/)."""

from django.urls import path

from . import views

app_name = "formatos"

urlpatterns = [
    path(
        "publicacion/<int:pk>/filas.<str:formato>",
        views.publicacion_filas,
        name="publicacion_filas",
    ),
    path(
        "serie/<int:organo_id>/<slug:clave>.<str:formato>",
        views.serie,
        name="serie",
    ),
]
