"""/datos-abiertos/: the catalogue and the publication listing's downloads (cms/urls.py)."""

from django.urls import path, re_path

from estructura import open_data_views

from . import views

# The namespace the templates already name the publication downloads by.
app_name = "open_data"

urlpatterns = [
    path("", views.index, name="index"),
    path("data.json", views.data_json_view, name="data_json"),
    path("catalogo.jsonld", views.catalogo_jsonld, name="catalogo_jsonld"),
    re_path(
        r"^publicaciones\.(?P<formato>csv|xlsx|json)$",
        open_data_views.publicaciones,
        name="publicaciones",
    ),
    path("<slug:identifier>/", views.dataset, name="dataset"),
]
