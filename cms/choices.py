"""Choices shared by every app: months and the periodicity of updates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONTHS = [
    (1, _("enero")),
    (2, _("febrero")),
    (3, _("marzo")),
    (4, _("abril")),
    (5, _("mayo")),
    (6, _("junio")),
    (7, _("julio")),
    (8, _("agosto")),
    (9, _("septiembre")),
    (10, _("octubre")),
    (11, _("noviembre")),
    (12, _("diciembre")),
]


class Periodicidad(models.TextChoices):
    TRIMESTRAL = "trimestral", _("Trimestral")
    SEMESTRAL = "semestral", _("Semestral")
    ANUAL = "anual", _("Anual")
    EVENTUAL = "eventual", _("Eventual (sin fecha fija)")

    @classmethod
    def windows(cls, value):
        """How many quarterly update windows pass between two updates (None: no due date)."""
        return {cls.TRIMESTRAL: 1, cls.SEMESTRAL: 2, cls.ANUAL: 4}.get(value)
