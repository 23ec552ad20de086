"""/inventario/: the lists behind the home page's content counts (included by cms/urls.py)."""

from django.urls import path

from . import inventario_views

app_name = "inventario"

urlpatterns = [
    path("<slug:clase>/", inventario_views.inventario, name="lista"),
    path("<slug:clase>.csv", inventario_views.inventario_csv, name="csv"),
]
