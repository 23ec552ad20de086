"""/datos-abiertos/: downloads of the publication listing (included by cms/urls.py)."""

from django.urls import re_path

from . import open_data_views

app_name = "open_data"

urlpatterns = [
    re_path(
        r"^publicaciones\.(?P<formato>csv|xlsx|json)$",
        open_data_views.publicaciones,
        name="publicaciones",
    ),
]
