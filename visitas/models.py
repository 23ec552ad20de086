"""Page views per page and day: no cookies, no address, no person; just a count."""

import datetime

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _


class VisitaDiariaQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(dia__gte=start, dia__lte=end)

    def total(self) -> int:
        return self.aggregate(total=Sum("visitas"))["total"] or 0

    def by_page(self, page_ids) -> dict[int, int]:
        """{page id: visits} for these pages (those never visited left out)."""
        rows = self.filter(page_id__in=page_ids).values("page_id").annotate(total=Sum("visitas"))
        return {row["page_id"]: row["total"] for row in rows}


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
