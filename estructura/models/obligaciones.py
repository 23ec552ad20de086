"""Obligations: what the union's órganos must publish, how often and for how long.

In the law the update cycle belongs to an obligation (a fracción of an artículo), not to each
record: a publication fills one period of one obligation for one órgano (a *series*), and the
series is up to date or not (``estructura.obligaciones``, the one place its status is worked
out). Article and fracción are data, never code: the 2025 law renumbered them, and the
catalogue is edited by the Administración OPTI in the admin.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable

from cms.choices import Periodicidad
from cms.serializers import PageRefField

from ..serializers import ColumnasField, ObligacionRefField

__all__ = ["Aplicabilidad", "Obligacion", "ObligacionColumna", "TipoColumna"]


class TipoColumna(models.TextChoices):
    TEXTO = "texto", _("Texto")
    FECHA = "fecha", _("Fecha (AAAA-MM-DD)")
    MONEDA = "moneda", _("Monto en pesos (MXN)")
    NUMERO = "numero", _("Número")
    URL = "url", _("Hipervínculo (URL)")


class Obligacion(ClusterableModel):
    """One obligation of the catalogue: a fracción the union's órganos may have to publish."""

    clave = models.SlugField(
        _("clave"),
        max_length=40,
        unique=True,
        help_text=_("Identificador corto y estable, p. ej. lgtaip-79-i."),
    )
    ley = models.CharField(_("ley o normativa"), max_length=250)
    articulo = models.CharField(_("artículo"), max_length=50, blank=True)
    fraccion = models.CharField(_("fracción"), max_length=50, blank=True)
    titulo = models.CharField(_("título"), max_length=250)
    descripcion = models.TextField(_("descripción"), blank=True)
    periodicidad = models.CharField(
        _("periodicidad"),
        max_length=20,
        choices=Periodicidad.choices,
        default=Periodicidad.TRIMESTRAL,
        help_text=_("Cada cuánto se actualiza, salvo que la aplicabilidad de un órgano diga otra."),
    )
    conservacion = models.CharField(
        _("conservación"),
        max_length=250,
        default=_("Ejercicio en curso y el inmediato anterior"),
        help_text=_("Cuánto tiempo se conserva publicada la información."),
    )
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("clave"), FieldPanel("orden")]),
        MultiFieldPanel(
            [FieldPanel("ley"), FieldRowPanel([FieldPanel("articulo"), FieldPanel("fraccion")])],
            heading=_("Fundamento"),
        ),
        FieldPanel("titulo"),
        FieldPanel("descripcion"),
        FieldRowPanel([FieldPanel("periodicidad"), FieldPanel("conservacion")]),
        InlinePanel("columnas", label=_("columna"), heading=_("Columnas del formato")),
    ]
    # API v2's /api/v2/obligaciones/ (api.obligaciones).
    api_fields = [
        APIField("clave"),
        APIField("ley"),
        APIField("articulo"),
        APIField("fraccion"),
        APIField("fundamento"),
        APIField("titulo"),
        APIField("descripcion"),
        APIField("periodicidad"),
        APIField("conservacion"),
        APIField("orden"),
        APIField("columnas", serializer=ColumnasField()),
    ]

    class Meta:
        ordering = ["orden", "clave"]
        verbose_name = _("obligación de transparencia")
        verbose_name_plural = _("obligaciones de transparencia")

    def __str__(self):
        # Short, as a choice in a select: the law's long name would widen the editor's form.
        where = ", ".join(part for part in (self.articulo, self.fraccion) if part)
        text = f"{self.titulo} ({where})" if where else self.titulo
        return text if len(text) <= 80 else f"{text[:79]}…"

    @property
    def fundamento(self):
        """ "LGTAIP, artículo 79, fracción I", from whatever parts the catalogue has."""
        return ", ".join(part for part in (self.ley, self.articulo, self.fraccion) if part)


class ObligacionColumna(Orderable):
    """A column of the obligation's format, beyond the SIPOT columns every format has."""

    obligacion = ParentalKey(Obligacion, related_name="columnas", on_delete=models.CASCADE)
    nombre = models.CharField(_("nombre"), max_length=200)
    tipo = models.CharField(
        _("tipo"), max_length=10, choices=TipoColumna.choices, default=TipoColumna.TEXTO
    )

    panels = [FieldRowPanel([FieldPanel("nombre"), FieldPanel("tipo")])]
    api_fields = [APIField("nombre"), APIField("tipo")]

    class Meta(Orderable.Meta):
        verbose_name = _("columna")
        verbose_name_plural = _("columnas")

    def __str__(self):
        return self.nombre


class Aplicabilidad(models.Model):
    """Whether an obligation applies to an órgano (the tabla de aplicabilidad), and if it
    does not, why: "de forma fundada y motivada". How often the órgano updates it and how long
    it keeps it (the tabla de actualización y conservación) default to the obligation's."""

    organo = models.ForeignKey(
        "estructura.OrganoPage",
        verbose_name=_("órgano"),
        on_delete=models.CASCADE,
        related_name="aplicabilidades",
    )
    obligacion = models.ForeignKey(
        Obligacion,
        verbose_name=_("obligación"),
        on_delete=models.CASCADE,
        related_name="aplicabilidades",
    )
    aplica = models.BooleanField(_("aplica"), default=True)
    fundamento_motivacion = models.TextField(
        _("fundamento y motivación"),
        blank=True,
        help_text=_("Obligatorio cuando la obligación no aplica: por qué no, con su fundamento."),
    )
    periodicidad = models.CharField(
        _("periodicidad"),
        max_length=20,
        choices=Periodicidad.choices,
        blank=True,
        help_text=_("Si se deja en blanco, la de la obligación."),
    )
    conservacion = models.CharField(
        _("conservación"),
        max_length=250,
        blank=True,
        help_text=_("Si se deja en blanco, la de la obligación."),
    )

    # API v2's /api/v2/aplicabilidad/ (api.obligaciones adds the series' status). What an app
    # reads is what the órgano updates and keeps: the effective periodicity and conservation.
    api_fields = [
        APIField("organo", serializer=PageRefField()),
        APIField("obligacion", serializer=ObligacionRefField()),
        APIField("aplica"),
        APIField("fundamento_motivacion"),
        APIField(
            "periodicidad",
            serializer=serializers.CharField(source="periodicidad_efectiva", read_only=True),
        ),
        APIField(
            "conservacion",
            serializer=serializers.CharField(source="conservacion_efectiva", read_only=True),
        ),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organo", "obligacion"], name="aplicabilidad_una_por_organo"
            )
        ]
        ordering = ["organo__path", "obligacion__orden", "obligacion__clave"]
        verbose_name = _("aplicabilidad")
        verbose_name_plural = _("tabla de aplicabilidad")

    def __str__(self):
        return f"{self.organo} · {self.obligacion.titulo}"

    def clean(self):
        if not self.aplica and not self.fundamento_motivacion.strip():
            raise ValidationError(
                {
                    "fundamento_motivacion": _(
                        "Si la obligación no aplica, escribe por qué, con su fundamento."
                    )
                }
            )

    @property
    def periodicidad_efectiva(self):
        return self.periodicidad or self.obligacion.periodicidad

    @property
    def conservacion_efectiva(self):
        return self.conservacion or self.obligacion.conservacion

    def get_periodicidad_efectiva_display(self):
        return Periodicidad(self.periodicidad_efectiva).label
