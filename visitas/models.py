"""Page views per page and day: no cookies, no address, no person; just a count."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

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


class VisitaDiariaQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(dia__gte=start, dia__lte=end)

    def total(self) -> int:
        return self.aggregate(total=Sum("visitas"))["total"] or 0

    def by_page(self, page_ids) -> dict[int, int]:
        """{page id: visits} for these pages (those never visited left out)."""
        rows = self.filter(page_id__in=page_ids).values("page_id").annotate(total=Sum("visitas"))
        return {row["page_id"]: row["total"] for row in rows}

    def most_visited_by_eje(self, ejes=None, limit=MOST_VISITED_LIMIT) -> list[MasVisitadasDeEje]:
        """Per eje, its `limit` most visited live public pages in these rows' period: the eje
        page itself and the publications and projects classified under it (a page under two
        ejes counts in both). Ejes in the order given (by default the live public ones in
        tree order); ties by title. A fixed number of queries, whatever the data.
        """
        from wagtail.models import Page

        from cms.query import private_q
        from ejes.models import EjePage
        from estructura.models import ProyectoPage, PublicacionPage

        private = private_q()
        if ejes is None:
            ejes = EjePage.objects.live().exclude(private).order_by("path")
        ejes = list(ejes)
        eje_ids = [eje.pk for eje in ejes]
        pages_of = {eje_id: {eje_id} for eje_id in eje_ids}
        links = PublicacionPage.ejes.through.objects.filter(ejepage_id__in=eje_ids).values_list(
            "publicacionpage_id", "ejepage_id"
        )
        links = links.union(
            ProyectoPage.ejes.through.objects.filter(ejepage_id__in=eje_ids).values_list(
                "proyectopage_id", "ejepage_id"
            ),
            all=True,
        )
        for page_id, eje_id in links:
            pages_of[eje_id].add(page_id)
        visits = self.by_page({page_id for ids in pages_of.values() for page_id in ids})
        pages = {
            page.pk: page
            for page in Page.objects.live()
            .exclude(private)
            .filter(pk__in=list(visits))
            .only("pk", "title", "url_path", "path", "depth")
        }
        result = []
        for eje in ejes:
            ranked = sorted(
                (page_id for page_id in pages_of[eje.pk] if page_id in pages),
                key=lambda page_id: (-visits[page_id], pages[page_id].title),
            )
            result.append(
                MasVisitadasDeEje(
                    eje,
                    [PaginaVisitada(pages[page_id], visits[page_id]) for page_id in ranked[:limit]],
                )
            )
        return result


class VisitaDiaria(models.Model):
    """How many times one page was seen on one local day."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("página"), on_delete=models.CASCADE, related_name="+"
    )
    dia = models.DateField(_("día"), db_index=True)
    visitas = models.PositiveIntegerField(_("visitas"), default=0)

    objects = VisitaDiariaQuerySet.as_manager()

    class Meta:
        verbose_name = _("visitas de un día")
        verbose_name_plural = _("visitas por día")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "dia"], name="visitas_una_fila_por_pagina_y_dia"
            )
        ]

    def __str__(self):
        return f"{self.page_id} · {self.dia}: {self.visitas}"
