"""Listings of publications and projects: by eje, by órgano, with their órganos attached."""

from wagtail.models import Page

from cms.query import PublicPageQuerySet

from .organos import OrganoPage

__all__ = [
    "PROYECTO_TIPO",
    "ContenidoQuerySet",
    "attach_organos",
    "PublicacionQuerySet",
    "ProyectoQuerySet",
]


# How the listings' "tipo" filter names projects (ProyectoPage.LISTING_TIPO).
PROYECTO_TIPO = "proyecto"


class ContenidoQuerySet(PublicPageQuerySet):
    """Queries on what an órgano owns, named for the question they answer."""

    def _clone(self):
        clone = super()._clone()
        clone._attach_organos = getattr(self, "_attach_organos", False)
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and getattr(self, "_attach_organos", False):
            attach_organos(self._result_cache)

    def classified_under(self, eje_ids):
        # A page under an eje and one of its temas joins twice; it is still one row.
        return self.filter(ejes__in=eje_ids).distinct()

    def in_organo(self, organo_id):
        """Content of an órgano and of every órgano below it."""
        path = Page.objects.filter(pk=organo_id).values_list("path", flat=True).first()
        if path is None:
            return self.none()
        return self.filter(path__startswith=path)

    def with_organo(self):
        """Each page's owning órgano, fetched with one query for all the rows."""
        clone = self._chain()
        clone._attach_organos = True
        return clone

    def for_listing(self):
        """What a listing row shows (ejes, órgano) in a fixed number of queries."""
        return self.defer_streamfields().prefetch_related("ejes").with_organo()

    def filtered(self, organo=None, ejercicio=None, tipo=None):
        """The listing filters of an eje page; each model knows its own kinds (`of_tipo`)."""
        queryset = self
        if organo is not None:
            queryset = queryset.in_organo(organo)
        if ejercicio is not None:
            queryset = queryset.filter(**{self.EJERCICIO: ejercicio})
        if tipo is not None:
            queryset = queryset.of_tipo(tipo)
        return queryset

    def facets(self):
        """(owning órgano paths, ejercicios) of these pages, in one query."""
        rows = list(self.order_by().values_list("path", self.EJERCICIO).distinct())
        return {path[: -Page.steplen] for path, _ in rows}, {year for _, year in rows}


def attach_organos(pages):
    """Give each page its owning órgano with one query for the whole list."""
    pages = [page for page in pages if isinstance(page, Page)]
    if not pages:
        return
    steplen = Page.steplen
    parents = OrganoPage.objects.filter(path__in={page.path[:-steplen] for page in pages}).only(
        "pk", "title", "slug", "url_path", "path", "depth", "siglas", "live"
    )
    by_path = {organo.path: organo for organo in parents}
    for page in pages:
        page.__dict__["organo"] = by_path.get(page.path[:-steplen])


class PublicacionQuerySet(ContenidoQuerySet):
    EJERCICIO = "ejercicio"

    def of_tipo(self, tipo):
        if tipo == PROYECTO_TIPO:
            return self.none()
        return self.filter(tipo_informacion=tipo)


class ProyectoQuerySet(ContenidoQuerySet):
    # A project runs across years; it belongs to the ejercicio of its last update.
    EJERCICIO = "fecha_actualizacion__year"

    def of_tipo(self, tipo):
        return self if tipo == PROYECTO_TIPO else self.none()
