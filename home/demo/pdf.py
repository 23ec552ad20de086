"""One-page PDFs for the demo publications, drawn with fpdf2's core fonts."""

import datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

# Core PDF fonts only know Latin-1: Spanish letters are there, typographic punctuation is not.
_PUNCTUATION = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2022": "-",
        "\u2264": "<=",
        "\u2265": ">=",
        "\u00a0": " ",
        "\u202f": " ",
    }
)

MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def latin1(text):
    """`text` as the core fonts can draw it: accents kept, anything else made plain."""
    return str(text).translate(_PUNCTUATION).encode("latin-1", "replace").decode("latin-1")


def fecha_larga(date):
    return f"{date.day} de {MESES[date.month - 1]} de {date.year}"


def publicacion_pdf(*, title, organo, periodo, fecha_actualizacion, cifras, fundamento=""):
    """The bytes of a one-page PDF: title, órgano, period and a table of (concepto, valor)."""
    pdf = FPDF(format="Letter")
    pdf.set_title(latin1(title))
    pdf.set_author(latin1(organo))
    pdf.set_creator("OPTISNTE 2.0 (seed_demo)")
    # A fixed creation date keeps the bytes of a document stable for its period.
    pdf.set_creation_date(
        datetime.datetime.combine(fecha_actualizacion, datetime.time(10), datetime.UTC)
    )
    pdf.set_margins(20, 20, 20)
    pdf.add_page()

    pdf.set_font("Helvetica", "B", 9)
    pdf.set_text_color(110, 28, 50)
    pdf.cell(
        0,
        5,
        latin1("OPTISNTE · Observatorio Público de Transparencia e Información del SNTE"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 7, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    pdf.set_font("Helvetica", "", 10)
    for label, value in [
        ("Órgano responsable", organo),
        ("Periodo que se informa", periodo),
        ("Fecha de actualización", fecha_larga(fecha_actualizacion)),
        ("Fundamento", fundamento),
    ]:
        if not value:
            continue
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(50, 6, latin1(f"{label}:"))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    pdf.set_font("Helvetica", "", 10)
    with pdf.table(
        col_widths=(3, 1),
        text_align=("LEFT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 225, 228)),
        line_height=7,
    ) as table:
        for row in [("Concepto", "Valor"), *cifras]:
            cells = table.row()
            for value in row:
                cells.cell(latin1(value))

    pdf.ln(6)
    pdf.set_font("Helvetica", "I", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        0,
        4,
        latin1(
            "Documento de demostración generado por OPTISNTE 2.0: las cifras son ilustrativas "
            "y no constituyen información oficial del Sindicato."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
