"""What the observatory holds today: the home page's content counts (publicaciones, órganos,
ejes y temas, proyectos) and the list behind each, at /inventario/<clase>/.

A count and its list read the same queryset (``Clase.pages``), so the number on the home page
is the number of rows on the list, always: live, public pages only (``PublicPageManager``'s
rule; a page below a restricted one is not public). A row never names an órgano or an eje the
public may not see.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ejes.models import EjePage
from estructura.models import OrganoPage, ProyectoPage, PublicacionPage

# Rows on one page of a list.
PAGE_SIZE = 50


def by_update(pages):
    """Publications and projects, latest update first, their órgano and ejes in bulk."""
    return pages.for_listing().order_by("-fecha_actualizacion", "-pk")


def in_tree_order(pages):
    return pages.order_by("path")


def proyecto_row(page, _parents):
    return {
        "titulo": page.title,
        "titulo_url": page.url,
        "organo": page.organo_publico.title if page.organo_publico else None,
        "ejes": ", ".join(eje.title for eje in page.ejes_publicos) or None,
        "actualizado": page.fecha_actualizacion,
    }


def publicacion_row(page, parents):
    return {**proyecto_row(page, parents), "tipo": page.get_tipo_informacion_display()}


def organo_row(page, parents):
    parent = parents.get(page.path[: -Page.steplen])
    return {
        "titulo": page.title,
        "titulo_url": page.url,
        "siglas": page.siglas or None,
        "tipo": page.get_tipo_display(),
        "depende_de": parent.title if parent else None,
    }


def eje_row(page, parents):
    parent = parents.get(page.path[: -Page.steplen])
    return {
        "titulo": page.title,
        "titulo_url": page.url,
        "depende_de": parent.title if parent else None,
    }


@dataclass(frozen=True)
class Clase:
    """One kind of content the home page counts: its URL slug, how the card and the list say
    it, its model (counted and listed live and public), its order and its columns."""

    slug: str
    label: str  # the card's, after its number: "publicaciones de transparencia"
    title: str  # the list's heading
    model: type
    order: object  # queryset -> the list's queryset
    columns: tuple  # (key, heading) of each column; the first is the page's title
    build_row: object  # (page, {path: public parent of the same kind}) -> {key: value}

    def pages(self):
        return self.model.objects.live().public()

    def count(self):
        return self.pages().count()

    def listing(self):
        return self.order(self.pages())

    def rows(self, pages):
        """The rows of `pages` (a slice of ``listing``): a parent of the same kind (an órgano's,
        a tema's eje) is named only when it is public, read in one query for the slice."""
        paths = {page.path[: -Page.steplen] for page in pages}
        parents = {parent.path: parent for parent in self.pages().filter(path__in=paths)}
        return [self.build_row(page, parents) for page in pages]


TITULO = ("titulo", _("Nombre"))
PROYECTO_COLUMNS = (
    ("titulo", _("Título")),
    ("organo", _("Órgano")),
    ("ejes", _("Ejes")),
    ("actualizado", _("Actualizado")),
)
PUBLICACION_COLUMNS = (
    *PROYECTO_COLUMNS[:1],
    ("tipo", _("Tipo de información")),
    *PROYECTO_COLUMNS[1:],
)
CLASES = [
    Clase(
        "publicaciones",
        _("publicaciones de transparencia"),
        _("Publicaciones de transparencia"),
        PublicacionPage,
        by_update,
        PUBLICACION_COLUMNS,
        publicacion_row,
    ),
    Clase(
        "organos",
        _("órganos que informan"),
        _("Órganos que informan"),
        OrganoPage,
        in_tree_order,
        (TITULO, ("siglas", _("Siglas")), ("tipo", _("Tipo")), ("depende_de", _("Forma parte de"))),
        organo_row,
    ),
    Clase(
        "ejes",
        _("ejes y temas"),
        _("Ejes y temas"),
        EjePage,
        in_tree_order,
        (TITULO, ("depende_de", _("Tema del eje"))),
        eje_row,
    ),
    Clase(
        "proyectos",
        _("proyectos con resultados"),
        _("Proyectos con resultados"),
        ProyectoPage,
        by_update,
        PROYECTO_COLUMNS,
        proyecto_row,
    ),
]
CLASES_BY_SLUG = {clase.slug: clase for clase in CLASES}
