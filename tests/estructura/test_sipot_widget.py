"""The admin's row editor carries every obligation's columns for its script, and loads it."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from estructura.factories import PublicacionPageFactory
from estructura.models import PublicacionFila
from estructura.sipot.widgets import columns_by_obligacion

from .sipot_helpers import COLUMNAS, obligacion_con_columnas

pytestmark = pytest.mark.django_db


def test_the_edit_form_gives_the_rows_their_columns_and_the_script(
    admin_client, organo_a, eje, django_assert_max_num_queries
):
    obligacion = obligacion_con_columnas()
    page = PublicacionPageFactory(parent=organo_a, ejes=[eje], obligacion=obligacion)
    for n in range(3):
        PublicacionFila.objects.create(page=page, sort_order=n, valores={"Monto": f"{n}.00"})
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.select("textarea[data-fila-columnas]")
    assert len(rows) >= 3  # the three rows (and the empty form kept for "add a row")
    columnas = json.loads(rows[0]["data-fila-columnas"])
    assert columnas[str(obligacion.pk)] == [[nombre, tipo] for nombre, tipo in COLUMNAS]
    assert soup.select_one('script[src$="estructura/js/filas_formato.js"]')
    with django_assert_max_num_queries(1):
        columns_by_obligacion()
