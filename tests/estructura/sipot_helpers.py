"""Helpers for the format tests: an obligation with typed columns and XLSX files."""

import io

import openpyxl

from estructura.factories import ObligacionFactory
from estructura.models import ObligacionColumna, TipoColumna

COLUMNAS = [
    ("Fecha de recepción", TipoColumna.FECHA),
    ("Tipo de recurso", TipoColumna.TEXTO),
    ("Monto", TipoColumna.MONEDA),
    ("Hipervínculo", TipoColumna.URL),
]


def obligacion_con_columnas(**fields):
    obligacion = ObligacionFactory(titulo="Recursos públicos recibidos", **fields)
    for orden, (nombre, tipo) in enumerate(COLUMNAS):
        ObligacionColumna.objects.create(
            obligacion=obligacion, nombre=nombre, tipo=tipo, sort_order=orden
        )
    return obligacion


def xlsx(rows):
    """An XLSX of `rows` (the first is the headings) as bytes."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_xlsx(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def serie_publicada(organo, obligacion, eje, **fields):
    """`organo`'s applicable series of `obligacion` with one live record of 2026 T2 and one
    row in the format; returns its Aplicabilidad."""
    import datetime

    from estructura.factories import AplicabilidadFactory, PublicacionPageFactory
    from estructura.models import PublicacionFila

    aplicabilidad = AplicabilidadFactory(organo=organo, obligacion=obligacion)
    page = PublicacionPageFactory(
        parent=organo,
        ejes=[eje],
        obligacion=obligacion,
        ejercicio=2026,
        periodo="T2",
        fecha_actualizacion=datetime.date(2026, 7, 3),
        fecha_validacion=datetime.date(2026, 7, 6),
        **fields,
    )
    page.filas = [
        PublicacionFila(
            valores={
                "Fecha de recepción": "2026-04-02",
                "Tipo de recurso": f"Cuotas de {organo.title}",
                "Monto": "1500.00",
                "Hipervínculo": "https://snte.org.mx/a.pdf",
            }
        )
    ]
    page.save_revision().publish()
    return aplicabilidad
