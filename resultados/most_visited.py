"""The "visitas al portal" figure broken down: per eje, its most visited pages.

An eje's pages are the eje itself and what is classified under it or one of its temas (the
eje rule, ``ejes.models.classified_page_ids``); the counts are ``visitas``' own.
"""

from dataclasses import dataclass

from wagtail.models import Page

from cms.query import private_q
from ejes.models import EjePage, classified_page_ids

MOST_VISITED_LIMIT = 5


@dataclass(frozen=True)
class PaginaVisitada:
    page: object
    visitas: int


@dataclass(frozen=True)
class MasVisitadasDeEje:
    """An eje and its most visited pages (itself and what is classified under it)."""

    eje: object
    paginas: list


def most_visited_by_eje(visits, ejes=None, limit=MOST_VISITED_LIMIT) -> list[MasVisitadasDeEje]:
    """Per eje, its `limit` most visited live public pages among `visits` (a VisitaDiaria
    queryset, already cut to a period): a page under two ejes counts in both. Ejes in the order
    given (by default the live public ones, temas included, in tree order); ties by title. A
    fixed number of queries, whatever the data.
    """
    private = private_q()
    if ejes is None:
        ejes = EjePage.objects.live().exclude(private).order_by("path")
    ejes = list(ejes)
    pages_of = classified_page_ids(ejes)
    for eje in ejes:
        pages_of[eje.pk].add(eje.pk)
    counts = visits.by_page({page_id for ids in pages_of.values() for page_id in ids})
    pages = {
        page.pk: page
        for page in Page.objects.live()
        .exclude(private)
        .filter(pk__in=list(counts))
        .only("pk", "title", "url_path", "path", "depth")
    }
    result = []
    for eje in ejes:
        ranked = sorted(
            (page_id for page_id in pages_of[eje.pk] if page_id in pages),
            key=lambda page_id: (-counts[page_id], pages[page_id].title),
        )
        paginas = [PaginaVisitada(pages[page_id], counts[page_id]) for page_id in ranked[:limit]]
        result.append(MasVisitadasDeEje(eje, paginas))
    return result
