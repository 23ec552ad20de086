"""Tests of the Wagtail API v2 (/api/v2/): filters, privacy, bad input, query budget."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from estructura.choices import Periodo, TipoInformacion
from estructura.factories import PublicacionPageFactory
from estructura.models import PublicacionDocumento

PDF = b"%PDF-1.4 documento de prueba"


def make_document(title, collection=None):
    extra = {"collection": collection} if collection is not None else {}
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(PDF, name="documento.pdf"),
        file_size=len(PDF),  # as the admin's upload form records it
        **extra,
    )


def body_with(document, link_to=None):
    """A body as editors write it: a heading, rich text (with an internal link), a document."""
    link = f'<a linktype="page" id="{link_to.pk}">ver eje</a>' if link_to else "sin enlace"
    return [
        ("heading", {"text": "Resultados", "level": "h2"}),
        ("paragraph", f"<p>Informe con {link}.</p>"),
        ("document", {"document": document, "title": ""}),
    ]


def add_publicaciones(organos, ejes, count, start=0, with_documents=True):
    """`count` live publications spread over the órganos and ejes, each with a document."""
    tipos = list(TipoInformacion.values)
    periodos = [Periodo.T1, Periodo.T2, Periodo.T3, Periodo.T4]
    pages = []
    for n in range(start, start + count):
        document = make_document(f"Anexo {n}") if with_documents else None
        page = PublicacionPageFactory(
            parent=organos[n % len(organos)],
            ejes=[ejes[n % len(ejes)]],
            tipo_informacion=tipos[n % len(tipos)],
            periodo=periodos[n % 4],
            ejercicio=2025 + n % 2,
            fecha_actualizacion=datetime.date(2026, 9, 1) - datetime.timedelta(days=n),
            body=body_with(document) if document else [],
        )
        if document:
            PublicacionDocumento.objects.create(page=page, document=document)
        pages.append(page)
    return pages
