"""The admin's editor of a record's rows: one labelled input per column of the chosen
obligation (date, amount, link, text) instead of a JSON box.

Progressive: the widget is the JSON textarea the model stores, carrying the columns of every
obligation as data; estructura/js/filas_formato.js draws the inputs for the obligation chosen
in the same form (and redraws them when it changes) and writes the JSON back. Without
JavaScript the textarea stays, and the model's clean (sipot.values.clean_row) checks either
way, with messages that name each column.
"""

import json

from django import forms
from django.utils.translation import gettext as _

from cms.query import memoized


def columns_by_obligacion():
    """{obligación id: [[name, type], …]} of the obligations with columns: one query per
    request, whatever the number of rows on the form."""

    def load():
        from ..models import ObligacionColumna

        found = {}
        for obligacion_id, nombre, tipo in ObligacionColumna.objects.order_by(
            "obligacion_id", "sort_order", "pk"
        ).values_list("obligacion_id", "nombre", "tipo"):
            found.setdefault(str(obligacion_id), []).append([nombre, tipo])
        return found

    return memoized(("estructura.sipot.columns_by_obligacion",), load)


class FilaValoresWidget(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"rows": 3, **(attrs or {})})

    class Media:
        js = ["estructura/js/filas_formato.js"]

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "data-fila-columnas": json.dumps(columns_by_obligacion(), ensure_ascii=False),
            "data-fila-sin-columnas": _(
                "Elige arriba una obligación con columnas para capturar la fila, o escribe "
                "sus valores como JSON."
            ),
        }
        return super().get_context(name, value, attrs)
