"""ProyectoPage: a project sheet, with its responsables, indicadores, acciones, resultados."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.preview import HeadlessPreviewMixin
from cms.query import is_public
from cms.serializers import ImageFactsField, PageRefField, PageRefListField

from ..live_figures import LiveFigureSelect
from ..live_figures import choices as live_figure_choices
from ..live_figures import links as live_figure_links
from ..live_figures import resolve as resolve_live_figures
from .base import RICH_TEXT, ContenidoOrganoMixin, EstructuraPermissionsMixin
from .querysets import PROYECTO_TIPO, ProyectoQuerySet

# What a sheet's computed results are counted over (resultados.live_figures reads the keys).
ALCANCES = [
    ("trimestre", _("El trimestre en curso")),
    ("anio", _("El año en curso")),
    ("acumulado", _("Acumulado, desde el primer registro")),
]
CAPTURADO_HELP = _(
    "Solo para lo que el sistema no cuenta (p. ej. el crecimiento en redes sociales): se publica "
    "como «dato capturado» con su fuente y su fecha."
)

__all__ = [
    "ProyectoPage",
    "ProyectoResponsable",
    "ProyectoIndicador",
    "ProyectoAccion",
    "ProyectoResultado",
]


class ProyectoPage(EstructuraPermissionsMixin, HeadlessPreviewMixin, ContenidoOrganoMixin, Page):
    """A programme or project of an órgano, laid out like the OPTI project sheet."""

    LISTING_TIPO = PROYECTO_TIPO

    resumen = models.TextField(_("resumen"), max_length=600)
    estrategia = models.ForeignKey(
        "ejes.EjePage",
        verbose_name=_("estrategia"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proyectos_estrategia",
        help_text=_("El eje estratégico al que responde el proyecto."),
    )
    ejes = ParentalManyToManyField(
        "ejes.EjePage", related_name="proyectos", verbose_name=_("ejes"), blank=True
    )
    contacto = models.TextField(_("contacto"), blank=True)
    imagen = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("imagen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    descripcion = RichTextField(_("descripción"), features=RICH_TEXT)
    logros = RichTextField(_("logros"), blank=True, features=RICH_TEXT)
    antecedentes = RichTextField(_("antecedentes"), blank=True, features=RICH_TEXT)
    objetivo_especifico = RichTextField(_("objetivo específico"), blank=True, features=RICH_TEXT)
    body = StreamField(BodyBlock(), verbose_name=_("contenido adicional"), blank=True)
    # The period of the sheet's "Rendición de resultados" rows bound to a computed figure.
    periodo_resultados = models.CharField(
        _("periodo de la rendición de resultados"),
        max_length=12,
        choices=ALCANCES,
        default="anio",
        help_text=_("Las cifras calculadas de la tabla se cuentan para este periodo."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("resumen"),
        InlinePanel("responsables", label=_("responsable"), heading=_("Responsables")),
        FieldPanel("estrategia"),
        FieldPanel("ejes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("contacto"),
        FieldPanel("imagen"),
        FieldPanel("descripcion"),
        InlinePanel("indicadores", label=_("indicador"), heading=_("Indicadores")),
        FieldPanel("logros"),
        FieldPanel("antecedentes"),
        FieldPanel("objetivo_especifico"),
        InlinePanel("acciones", label=_("acción"), heading=_("Acciones del proyecto")),
        MultiFieldPanel(
            [
                FieldPanel("periodo_resultados"),
                InlinePanel("resultados", label=_("concepto")),
            ],
            heading=_("Rendición de resultados"),
        ),
        FieldPanel("body"),
        FieldRowPanel(
            [FieldPanel("fecha_actualizacion"), FieldPanel("periodicidad")],
            heading=_("Actualización"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("resumen"),
        index.SearchField("descripcion"),
        index.SearchField("logros"),
        index.SearchField("antecedentes"),
        index.SearchField("objetivo_especifico"),
        index.SearchField("body"),
        index.FilterField("fecha_actualizacion"),
        index.FilterField("ejes"),
        index.RelatedFields("responsables", [index.SearchField("nombre")]),
        index.RelatedFields("acciones", [index.SearchField("descripcion")]),
        index.RelatedFields("ejes", [index.SearchField("title")]),
    ]
    api_fields = [
        APIField("resumen"),
        APIField("responsables"),
        APIField("estrategia", serializer=PageRefField()),
        APIField("ejes", serializer=PageRefListField()),
        APIField("organo", serializer=PageRefField()),
        APIField("contacto"),
        APIField("imagen", serializer=ImageFactsField()),
        APIField("descripcion"),
        APIField("indicadores"),
        APIField("logros"),
        APIField("antecedentes"),
        APIField("objetivo_especifico"),
        APIField("acciones"),
        APIField("periodo_resultados"),
        APIField("resultados"),
        APIField("body"),
        APIField("fecha_actualizacion"),
        APIField("periodicidad"),
        APIField("proxima_actualizacion"),
    ]

    parent_page_types = ["estructura.OrganoPage"]
    subpage_types = []

    objects = PageManager.from_queryset(ProyectoQuerySet)()

    class Meta:
        verbose_name = _("proyecto")
        verbose_name_plural = _("proyectos")

    @classmethod
    def listing_tipo_choices(cls):
        return [(cls.LISTING_TIPO, _("Proyecto"))]

    @property
    def estrategia_publica(self):
        return self.estrategia if is_public(self.estrategia) else None


class ProyectoResponsable(Orderable):
    page = ParentalKey(ProyectoPage, related_name="responsables", on_delete=models.CASCADE)
    nombre = models.CharField(_("nombre"), max_length=200)
    cargo = models.CharField(_("cargo"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("nombre"), FieldPanel("cargo")])]
    api_fields = [APIField("nombre"), APIField("cargo")]

    class Meta(Orderable.Meta):
        verbose_name = _("responsable")
        verbose_name_plural = _("responsables")


class CifraCalculadaMixin:
    """A row of a sheet that may be bound to a computed figure (``figura``, a key of the
    "register_live_figures" hook): its value, period and drill-down for ``alcance``."""

    alcance = None  # the period the source picks (the live indicators': the quarter)

    def clean_figura(self, typed):
        """The bound figure exists; a `typed` value with no figure says where it comes from."""
        if self.figura and self.figura not in dict(live_figure_choices()):
            raise ValidationError({"figura": _("Esa cifra calculada no existe.")})
        if not self.figura and typed and not self.fuente.strip():
            raise ValidationError(
                {
                    "fuente": _(
                        "Un dato capturado dice de dónde viene: escribe su fuente, o elige la "
                        "cifra calculada si el sistema la cuenta."
                    )
                }
            )

    @cached_property
    def calculada(self):
        """(value, period, URL of the records behind it or None) of the bound figure, or
        None: unbound, or not computable."""
        if not self.figura:
            return None
        found = resolve_live_figures([self.figura], alcance=self.alcance).get(self.figura)
        if found is None:
            return None
        url = live_figure_links([self.figura], alcance=self.alcance).get(self.figura)
        return (*found, url)

    @property
    def periodo_calculado(self):
        return self.calculada[1] if self.calculada else None

    @property
    def enlace_calculado(self):
        return self.calculada[2] if self.calculada else None


class ProyectoIndicador(CifraCalculadaMixin, Orderable):
    """A headline figure of the sheet, e.g. "42" "reuniones de trabajo"."""

    page = ParentalKey(ProyectoPage, related_name="indicadores", on_delete=models.CASCADE)
    cifra = models.CharField(_("cifra"), max_length=40)
    etiqueta = models.CharField(_("etiqueta"), max_length=200)
    periodo = models.CharField(
        _("periodo al que se refiere"), max_length=100, blank=True, help_text=_("Ej.: 2026, T3.")
    )
    # A computed figure (a key of the "register_live_figures" hook): when set, the figure and
    # its period are counted, not typed, and cifra/periodo are only a fallback.
    figura = models.CharField(_("cifra calculada"), max_length=60, blank=True)
    fuente = models.CharField(_("fuente del dato capturado"), max_length=200, blank=True)
    fecha_dato = models.DateField(_("fecha del dato capturado"), null=True, blank=True)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("cifra"),
                FieldPanel("etiqueta"),
                FieldPanel("periodo"),
                FieldPanel(
                    "figura",
                    widget=LiveFigureSelect,
                    help_text=_(
                        "Si elige una, el sitio muestra la cifra calculada y su periodo; la "
                        "cifra escrita queda como respaldo."
                    ),
                ),
            ]
        ),
        FieldRowPanel([FieldPanel("fuente"), FieldPanel("fecha_dato")], help_text=CAPTURADO_HELP),
    ]
    # `cifra` stays the typed figure (what an editor wrote, and what API writes round-trip);
    # the computed one is beside it, null when the indicator is not bound or cannot be counted.
    api_fields = [
        APIField("cifra"),
        APIField("etiqueta"),
        APIField("periodo"),
        APIField("figura"),
        APIField("cifra_calculada"),
        APIField("periodo_calculado"),
        APIField("fuente"),
        APIField("fecha_dato"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")

    def clean(self):
        super().clean()
        self.clean_figura(typed=True)  # the typed figure is required: it is the fallback

    @property
    def cifra_calculada(self):
        return self.calculada[0] if self.calculada else None

    @property
    def cifra_mostrada(self):
        return self.cifra_calculada or self.cifra

    @property
    def periodo_mostrado(self):
        return self.periodo_calculado or self.periodo


class ProyectoAccion(Orderable):
    page = ParentalKey(ProyectoPage, related_name="acciones", on_delete=models.CASCADE)
    descripcion = models.CharField(_("acción"), max_length=400)

    panels = [FieldPanel("descripcion")]
    api_fields = [APIField("descripcion")]

    class Meta(Orderable.Meta):
        verbose_name = _("acción")
        verbose_name_plural = _("acciones")


class ProyectoResultado(CifraCalculadaMixin, Orderable):
    """A concept the project reports on (the sheet's "rendición de resultados"): a figure the
    system counts (``figura``: its value for the sheet's ``periodo_resultados``, never typed),
    or a typed value of what it cannot count, published as "dato capturado" with its source
    and date."""

    page = ParentalKey(ProyectoPage, related_name="resultados", on_delete=models.CASCADE)
    concepto = models.CharField(_("concepto"), max_length=250)
    figura = models.CharField(_("cifra calculada"), max_length=60, blank=True)
    valor = models.CharField(_("valor capturado"), max_length=100, blank=True)
    fuente = models.CharField(_("fuente del dato capturado"), max_length=200, blank=True)
    fecha_dato = models.DateField(_("fecha del dato capturado"), null=True, blank=True)
    nota = models.CharField(_("nota"), max_length=300, blank=True)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("concepto"),
                FieldPanel(
                    "figura",
                    widget=LiveFigureSelect,
                    help_text=_("Si elige una, el valor se cuenta de los registros."),
                ),
                FieldPanel("nota"),
            ]
        ),
        FieldRowPanel(
            [FieldPanel("valor"), FieldPanel("fuente"), FieldPanel("fecha_dato")],
            help_text=CAPTURADO_HELP,
        ),
    ]
    api_fields = [
        APIField("concepto"),
        APIField("figura"),
        APIField("valor"),
        APIField("valor_calculado"),
        APIField("periodo_calculado"),
        APIField("fuente"),
        APIField("fecha_dato"),
        APIField("nota"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("concepto de rendición de resultados")
        verbose_name_plural = _("rendición de resultados")

    def clean(self):
        super().clean()
        self.clean_figura(typed=bool(self.valor))

    @property
    def alcance(self):
        """The sheet's period for its results (ProyectoPage.periodo_resultados)."""
        return getattr(self.page, "periodo_resultados", None) or "anio"

    @property
    def valor_calculado(self):
        return self.calculada[0] if self.calculada else None
