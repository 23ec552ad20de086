"""PublicacionPage: the transparency record, and its documents."""

import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.preview import HeadlessPreviewMixin
from cms.query import private_collection_ids
from cms.serializers import DocumentFactsField, PageRefField, PageRefListField

from ..choices import Periodo, TipoInformacion
from ..serializers import EstadoRegistroField, ObligacionRefField
from ..sipot.widgets import FilaValoresWidget
from .base import ContenidoOrganoMixin, EstructuraPermissionsMixin
from .querysets import PublicacionQuerySet

__all__ = ["PublicacionPage", "PublicacionDocumento", "PublicacionFila"]


class PublicacionPage(EstructuraPermissionsMixin, HeadlessPreviewMixin, ContenidoOrganoMixin, Page):
    """A transparency record: the unit of information an órgano publishes."""

    resumen = models.TextField(_("resumen"), max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("contenido"), blank=True)
    ejes = ParentalManyToManyField(
        "ejes.EjePage", related_name="publicaciones", verbose_name=_("ejes")
    )
    tipo_informacion = models.CharField(
        _("tipo de información"), max_length=30, choices=TipoInformacion.choices
    )
    obligacion = models.ForeignKey(
        "estructura.Obligacion",
        verbose_name=_("obligación"),
        on_delete=models.PROTECT,
        related_name="publicaciones",
        null=True,
        blank=True,
        help_text=_(
            "La obligación de transparencia que cumple: con el ejercicio y el periodo, dice qué "
            "periodo de qué serie llena esta publicación."
        ),
    )
    ejercicio = models.PositiveSmallIntegerField(_("ejercicio"))
    periodo = models.CharField(_("periodo"), max_length=2, choices=Periodo.choices)
    fecha_validacion = models.DateField(_("fecha de validación"), null=True, blank=True)
    area_responsable = models.CharField(
        _("área responsable"),
        max_length=200,
        blank=True,
        help_text=_("Si se deja en blanco, es el órgano al que pertenece la publicación."),
    )
    ley = models.CharField(_("ley o normativa"), max_length=250, blank=True)
    articulo = models.CharField(_("artículo"), max_length=50, blank=True)
    fraccion = models.CharField(_("fracción"), max_length=50, blank=True)
    nota = models.TextField(_("nota"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("resumen"),
        FieldPanel("ejes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("obligacion"),
        FieldRowPanel(
            [FieldPanel("tipo_informacion"), FieldPanel("ejercicio"), FieldPanel("periodo")]
        ),
        FieldPanel("body"),
        InlinePanel("documentos", label=_("documento"), heading=_("Documentos")),
        InlinePanel(
            "filas",
            label=_("fila"),
            heading=_("Filas del formato"),
            help_text=_("Solo para obligaciones con columnas: una fila por registro de la tabla."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fecha_actualizacion"), FieldPanel("fecha_validacion")]),
                FieldPanel("periodicidad"),
                FieldPanel("area_responsable"),
                FieldPanel("nota"),
            ],
            heading=_("Actualización"),
        ),
        MultiFieldPanel(
            [FieldPanel("ley"), FieldRowPanel([FieldPanel("articulo"), FieldPanel("fraccion")])],
            heading=_("Fundamento legal"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("resumen"),
        index.SearchField("body"),
        index.SearchField("area_responsable"),
        index.SearchField("ley"),
        index.SearchField("nota"),
        index.FilterField("tipo_informacion"),
        index.FilterField("ejercicio"),
        index.FilterField("periodo"),
        index.FilterField("obligacion"),
        index.FilterField("fecha_actualizacion"),
        index.FilterField("ejes"),
        index.RelatedFields("ejes", [index.SearchField("title")]),
        index.RelatedFields("documentos", [index.SearchField("titulo")]),
    ]
    api_fields = [
        APIField("resumen", writable=True),
        APIField("body", writable=True),
        APIField("ejes", serializer=PageRefListField(), writable=True),
        APIField("organo", serializer=PageRefField()),
        APIField("obligacion", serializer=ObligacionRefField(), writable=True),
        APIField("serie", serializer=EstadoRegistroField()),
        APIField("tipo_informacion", writable=True),
        APIField("ejercicio", writable=True),
        APIField("periodo", writable=True),
        APIField("fecha_actualizacion", writable=True),
        APIField("fecha_validacion", writable=True),
        APIField("proxima_actualizacion"),
        APIField("area_responsable", writable=True),
        APIField("responsable"),
        APIField("periodicidad", writable=True),
        APIField("ley", writable=True),
        APIField("articulo", writable=True),
        APIField("fraccion", writable=True),
        APIField("nota", writable=True),
        APIField("documentos"),
        APIField("filas"),
    ]

    parent_page_types = ["estructura.OrganoPage"]
    subpage_types = []

    objects = PageManager.from_queryset(PublicacionQuerySet)()

    class Meta:
        verbose_name = _("publicación")
        verbose_name_plural = _("publicaciones")

    @classmethod
    def listing_tipo_choices(cls):
        return list(TipoInformacion.choices)

    @property
    def responsable(self):
        """The área responsable as shown: the field, or the owning órgano by default."""
        if self.area_responsable:
            return self.area_responsable
        return self.organo_publico.title if self.organo_publico else ""

    @property
    def serie(self):
        """Its status in its series as its badge shows it (``serie_de``: the series' status, or
        histórico), None when it fills none. API v2 listings set it for all their rows at once."""
        if "_serie" not in self.__dict__:
            estado = None
            if self.pk is not None and self.ejercicio and self.periodo:
                from ..obligaciones import serie_de  # the status module reads these models

                estado = serie_de(self, calendar=getattr(self, "_calendar", None))
            self.__dict__["_serie"] = estado
        return self.__dict__["_serie"]

    def periodo_dates(self):
        """First and last day of the period the information covers."""
        first, last = Periodo.months(self.periodo)
        return (
            datetime.date(self.ejercicio, first, 1),
            datetime.date(self.ejercicio, last, calendar.monthrange(self.ejercicio, last)[1]),
        )

    def clean(self):
        super().clean()
        from ..sipot.validation import validate_publicacion  # it reads the catalogue's models

        validate_publicacion(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A file in a private collection is not offered on the public page.
        context["documentos"] = self.documentos.select_related("document").exclude(
            document__collection_id__in=private_collection_ids()
        )
        from ..obligaciones import serie_de  # the status module reads these models

        context["estado"] = serie_de(self, calendar=context["calendar"])
        from ..sipot.display import tabla_de  # the format module reads the catalogue's models

        context["tabla"] = tabla_de(self)
        return context


class PublicacionDocumento(Orderable):
    page = ParentalKey(PublicacionPage, related_name="documentos", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("documento"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    titulo = models.CharField(
        _("título"), max_length=250, blank=True, help_text=_("Si se omite, el del documento.")
    )

    panels = [FieldPanel("document"), FieldPanel("titulo")]
    api_fields = [APIField("titulo"), APIField("document", serializer=DocumentFactsField())]

    class Meta(Orderable.Meta):
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")

    @property
    def display_title(self):
        return self.titulo or self.document.title


class PublicacionFila(Orderable):
    """One row of the obligation's table (directory, contracts, resources): a value per
    column of the format, keyed by the column's name as the platform's headings are."""

    page = ParentalKey(PublicacionPage, related_name="filas", on_delete=models.CASCADE)
    valores = models.JSONField(
        _("valores"),
        default=dict,
        help_text=_(
            'Un valor por columna del formato, p. ej. {"Nombre": "Ana Pérez", '
            '"Monto": "1234.50", "Fecha de firma": "2026-05-04"}.'
        ),
    )

    panels = [FieldPanel("valores", widget=FilaValoresWidget)]
    api_fields = [APIField("valores")]

    class Meta(Orderable.Meta):
        verbose_name = _("fila del formato")
        verbose_name_plural = _("filas del formato")

    def clean(self):
        from ..sipot.values import clean_row  # the format module reads the catalogue's models

        page = getattr(self, "page", None)
        obligacion = getattr(page, "obligacion", None) if page is not None else None
        if obligacion is None:
            raise ValidationError(
                {"valores": _("Elige una obligación con columnas antes de capturar filas.")}
            )
        columnas = list(obligacion.columnas.all())
        if not columnas:
            raise ValidationError({"valores": _("La obligación elegida no tiene columnas.")})
        try:
            self.valores = clean_row(columnas, self.valores)
        except ValidationError as error:
            raise ValidationError({"valores": error.messages}) from None
