"""The Estructura Sindical tree: órganos and the publications and projects each one owns."""

import calendar
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    AbstractGroupApprovalTask,
    Orderable,
    Page,
    PageManager,
    Task,
    TaskState,
)
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import PeriodicUpdateMixin, UpdateCalendar
from cms.pagination import paginate
from cms.preview import HeadlessPreviewMixin
from cms.publishing import RegisteredPublishMixin
from cms.query import (
    PublicPageManager,
    PublicPageQuerySet,
    is_public,
    private_collection_ids,
    public_only,
    subtree_q,
)
from cms.serializers import DocumentFactsField, ImageFactsField, PageRefField, PageRefListField
from cms.workflow_tasks import GuardedTaskMixin

from .choices import Periodo, TipoInformacion, TipoOrgano
from .live_figures import LiveFigureSelect
from .live_figures import choices as live_figure_choices
from .live_figures import resolve as resolve_live_figures

PUBLICACIONES_PER_PAGE = 20
RICH_TEXT = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class EstructuraPermissionsMixin(RegisteredPublishMixin):
    """Pages of the Estructura tree: Wagtail's permissions plus estructura/permissions.py's
    rules (national validation, structure), and one publish per revision."""

    def permissions_for_user(self, user):
        from .permissions import OptiPagePermissionTester

        return OptiPagePermissionTester(user, self)


class EstructuraIndexPage(EstructuraPermissionsMixin, HeadlessPreviewMixin, Page):
    """/estructura-sindical/: the structure of the union as a navigable tree."""

    intro = RichTextField(_("introducción"), blank=True, features=RICH_TEXT)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["estructura.OrganoPage"]
    max_count = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = _("índice de la estructura sindical")
        verbose_name_plural = _("índices de la estructura sindical")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = organo_tree(self)
        return context


def organo_tree(root):
    """The live órganos below `root` as nested (organo, children) pairs, in one query."""
    organos = list(
        OrganoPage.objects.descendant_of(root)
        .live()
        .public()
        .order_by("path")
        .only("pk", "title", "path", "depth", "url_path", "tipo", "siglas")
    )
    nodes = {organo.path: (organo, []) for organo in organos}
    top = []
    for organo in organos:
        parent = nodes.get(organo.path[: -organo.steplen])
        (parent[1] if parent else top).append(nodes[organo.path])
    return top


class OrganoPage(EstructuraPermissionsMixin, HeadlessPreviewMixin, Page):
    """A governing or auxiliary body of the union; owns the content below it."""

    tipo = models.CharField(_("tipo de órgano"), max_length=30, choices=TipoOrgano.choices)
    siglas = models.CharField(_("siglas"), max_length=30, blank=True)
    resumen = models.TextField(_("resumen"), max_length=600, blank=True)
    funciones = RichTextField(_("funciones y atribuciones"), blank=True, features=RICH_TEXT)
    fundamento = models.CharField(
        _("fundamento estatutario"),
        max_length=300,
        blank=True,
        help_text=_("Por ejemplo: Estatuto del SNTE, artículos 80 a 85."),
    )
    email = models.EmailField(_("correo de contacto"), blank=True)
    telefono = models.CharField(_("teléfono"), max_length=60, blank=True)
    domicilio = models.TextField(_("domicilio"), blank=True)
    horario = models.CharField(_("horario de atención"), max_length=200, blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("tipo"), FieldPanel("siglas")]),
        FieldPanel("resumen"),
        FieldPanel("funciones"),
        FieldPanel("fundamento"),
        InlinePanel("titulares", label=_("titulares"), heading=_("Titulares")),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("telefono"),
                FieldPanel("domicilio"),
                FieldPanel("horario"),
            ],
            heading=_("Contacto"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("siglas"),
        index.SearchField("resumen"),
        index.SearchField("funciones"),
        index.FilterField("tipo"),
        index.RelatedFields("titulares", [index.SearchField("nombre"), index.SearchField("cargo")]),
    ]
    api_fields = [
        APIField("tipo"),
        APIField("siglas"),
        APIField("resumen"),
        APIField("funciones"),
        APIField("fundamento"),
        APIField("titulares"),
        APIField("email"),
        APIField("telefono"),
        APIField("domicilio"),
        APIField("horario"),
    ]

    parent_page_types = ["estructura.EstructuraIndexPage", "estructura.OrganoPage"]
    subpage_types = [
        "estructura.OrganoPage",
        "estructura.PublicacionPage",
        "estructura.ProyectoPage",
    ]

    class Meta:
        verbose_name = _("órgano")
        verbose_name_plural = _("órganos")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sub_organos"] = OrganoPage.objects.child_of(self).live().public()
        context["publicaciones"] = paginate(
            request,
            PublicacionPage.objects.child_of(self)
            .live()
            .public()
            .for_listing()
            .order_by("-fecha_actualizacion", "-pk"),
            PUBLICACIONES_PER_PAGE,
        )
        context["proyectos"] = (
            ProyectoPage.objects.child_of(self)
            .live()
            .public()
            .for_listing()
            .order_by("-fecha_actualizacion", "-pk")
        )
        context["calendar"] = UpdateCalendar.for_request(request)
        return context


class OrganoTitular(Orderable):
    page = ParentalKey(OrganoPage, related_name="titulares", on_delete=models.CASCADE)
    nombre = models.CharField(_("nombre"), max_length=200)
    cargo = models.CharField(_("cargo"), max_length=200)

    panels = [FieldRowPanel([FieldPanel("nombre"), FieldPanel("cargo")])]
    api_fields = [APIField("nombre"), APIField("cargo")]

    class Meta(Orderable.Meta):
        verbose_name = _("titular")
        verbose_name_plural = _("titulares")

    def __str__(self):
        return f"{self.nombre} ({self.cargo})"


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
        if tipo == ProyectoPage.LISTING_TIPO:
            return self.none()
        return self.filter(tipo_informacion=tipo)


class ProyectoQuerySet(ContenidoQuerySet):
    # A project runs across years; it belongs to the ejercicio of its last update.
    EJERCICIO = "fecha_actualizacion__year"

    def of_tipo(self, tipo):
        return self if tipo == ProyectoPage.LISTING_TIPO else self.none()


class ContenidoOrganoMixin(PeriodicUpdateMixin):
    """What publications and projects share: owned by an órgano, classified by ejes."""

    class Meta:
        abstract = True

    @cached_property
    def organo(self):
        """The órgano that owns this page (listings attach it in bulk instead)."""
        return OrganoPage.objects.filter(path=self.path[: -self.steplen]).first()

    @property
    def organo_publico(self):
        """The owning órgano, or None where the public may not see it (cms.query.is_public)."""
        return self.organo if is_public(self.organo) else None

    @property
    def ejes_publicos(self):
        """The ejes it is classified under that the public may see (listings prefetch them)."""
        return public_only(self.ejes)

    @property
    def proxima_actualizacion(self):
        return self.next_due_date()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calendar"] = UpdateCalendar.for_request(request)
        return context


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
        FieldRowPanel(
            [FieldPanel("tipo_informacion"), FieldPanel("ejercicio"), FieldPanel("periodo")]
        ),
        FieldPanel("body"),
        InlinePanel("documentos", label=_("documento"), heading=_("Documentos")),
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

    def periodo_dates(self):
        """First and last day of the period the information covers."""
        first, last = Periodo.months(self.periodo)
        return (
            datetime.date(self.ejercicio, first, 1),
            datetime.date(self.ejercicio, last, calendar.monthrange(self.ejercicio, last)[1]),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A file in a private collection is not offered on the public page.
        context["documentos"] = self.documentos.select_related("document").exclude(
            document__collection_id__in=private_collection_ids()
        )
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


class ProyectoPage(EstructuraPermissionsMixin, HeadlessPreviewMixin, ContenidoOrganoMixin, Page):
    """A programme or project of an órgano, laid out like the OPTI project sheet."""

    LISTING_TIPO = "proyecto"

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
        InlinePanel("resultados", label=_("concepto"), heading=_("Rendición de resultados")),
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


class ProyectoIndicador(Orderable):
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
        )
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
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")

    def clean(self):
        super().clean()
        if self.figura and self.figura not in dict(live_figure_choices()):
            raise ValidationError({"figura": _("Esa cifra calculada no existe.")})

    @cached_property
    def calculada(self):
        """(value, period) of the bound figure, or None: unbound, or not computable."""
        if not self.figura:
            return None
        return resolve_live_figures([self.figura]).get(self.figura)

    @property
    def cifra_calculada(self):
        return self.calculada[0] if self.calculada else None

    @property
    def periodo_calculado(self):
        return self.calculada[1] if self.calculada else None

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


class ProyectoResultado(Orderable):
    """A concept the project reports on each period (the sheet's "rendición de resultados")."""

    page = ParentalKey(ProyectoPage, related_name="resultados", on_delete=models.CASCADE)
    concepto = models.CharField(_("concepto"), max_length=250)
    valor = models.CharField(_("valor"), max_length=100, blank=True)
    nota = models.CharField(_("nota"), max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("concepto"), FieldPanel("valor"), FieldPanel("nota")])]
    api_fields = [APIField("concepto"), APIField("valor"), APIField("nota")]

    class Meta(Orderable.Meta):
        verbose_name = _("concepto de rendición de resultados")
        verbose_name_plural = _("rendición de resultados")


class OrganoRolesManager(models.Manager):
    def get_queryset(self):
        # Every use shows or checks the groups and collection: fetch them with the row.
        return (
            super().get_queryset().select_related("organo", "enlaces", "supervisores", "coleccion")
        )


class OrganoRoles(models.Model):
    """The groups and the collection an órgano owns: who may edit, who may approve, its files.

    Kept apart from the page so that revisions of the page never carry (or restore) them.
    """

    organo = models.OneToOneField(
        OrganoPage, verbose_name=_("órgano"), on_delete=models.CASCADE, related_name="roles"
    )
    enlaces = models.OneToOneField(
        "auth.Group",
        verbose_name=_("grupo de enlaces"),
        on_delete=models.PROTECT,
        related_name="organo_enlaces",
    )
    supervisores = models.OneToOneField(
        "auth.Group",
        verbose_name=_("grupo de supervisores"),
        on_delete=models.PROTECT,
        related_name="organo_supervisores",
    )
    coleccion = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("colección de documentos e imágenes"),
        on_delete=models.PROTECT,
        related_name="organo_roles",
    )
    validacion_nacional = models.BooleanField(
        _("requiere Validación OPTI"),
        default=False,
        help_text=_(
            "Si se marca, lo que aprueban los supervisores del órgano pasa además por la "
            "validación del equipo nacional OPTI antes de publicarse."
        ),
    )

    panels = [FieldPanel("validacion_nacional")]

    objects = OrganoRolesManager()

    class Meta:
        verbose_name = _("roles del órgano")
        verbose_name_plural = _("roles de los órganos")

    def __str__(self):
        return self.organo.title


class OrganoApprovalTask(GuardedTaskMixin, Task):
    """Approval by the supervisors of the órgano that owns the page, resolved when asked.

    One task serves every órgano: the page's place in the tree says whose supervisors
    approve it (its own órgano's, or an órgano above it), so a new órgano needs no new task
    and a supervisor of one órgano can never act on another's pages (estructura/scope.py).
    """

    class Meta:
        verbose_name = _("aprobación del órgano")
        verbose_name_plural = _("aprobaciones del órgano")

    @classmethod
    def get_description(cls):
        return _("Aprueban los supervisores del órgano al que pertenece la página.")

    def approvers(self, obj):
        """The active users who may approve `obj` at this step (who `supervises` it)."""
        from .scope import supervisors_of_q

        User = get_user_model()
        if not isinstance(obj, Page):
            return User.objects.none()
        supervisors = User.objects.filter(supervisors_of_q(obj)).values("pk")
        return User.objects.filter(is_active=True, pk__in=supervisors)

    def is_approver(self, obj, user):
        from .scope import scope_for

        if not user.is_authenticated or not user.is_active:
            return False
        return user.is_superuser or scope_for(user).supervises(obj)

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        # A lock held by someone who cannot approve would block the review: release it.
        if getattr(obj, "locked_by", None) and not self.is_approver(obj, obj.locked_by):
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.is_approver(obj, user)

    def locked_for_user(self, obj, user):
        return not self.is_approver(obj, user)

    def user_can_lock(self, obj, user):
        return self.is_approver(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.is_approver(obj, user):
            return []
        return [
            ("reject", _("Solicitar cambios"), True),
            ("approve", _("Aprobar"), False),
            ("approve", _("Aprobar con comentario"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .scope import scope_for

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        page_ids = Page.objects.filter(subtree_q(scope_for(user).supervised)).values_list(
            "pk", flat=True
        )
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=[str(pk) for pk in page_ids],
        )


class ValidacionOPTITask(GuardedTaskMixin, AbstractGroupApprovalTask):
    """Validación OPTI: the national team's step after the órgano's approval, for the órganos
    whose roles ask for it. Wagtail's group approval, with actions that check their own
    object and happen once (cms/workflow_tasks.py)."""

    class Meta:
        verbose_name = _("validación OPTI")
        verbose_name_plural = _("validaciones OPTI")

    @classmethod
    def get_description(cls):
        return _("Valida el equipo nacional OPTI antes de publicar.")

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", _("Solicitar cambios"), True),
            ("approve", _("Validar y publicar"), False),
            ("approve", _("Validar con comentario y publicar"), True),
        ]


# The registers live in their own module; imported here so Django finds their models.
from .registers import (  # noqa: E402, F401
    ActualizacionPlataforma,
    EnlaceAcreditado,
    RecordatorioActualizacion,
    Reunion,
)
