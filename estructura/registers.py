"""The OPTI's registers: accredited enlaces, meetings and uploads to the national platform.

What the quarterly report counts besides the content itself; kept per órgano, so each row has
an owner, and never typed again as a figure.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .choices import Periodo, TipoReunion

FIRST_YEAR = 1990


def not_in_future(value):
    if value > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser posterior a hoy."), code="future")


class PeriodQuerySet(models.QuerySet):
    """Rows dated by `fecha`, asked for a period of local days (both ends included)."""

    date_field = "fecha"

    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end})


class EnlaceAcreditadoQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(fecha_acreditacion__lte=day).filter(
            Q(fecha_baja__isnull=True) | Q(fecha_baja__gt=day)
        )

    def overlapping(self, usuario, organo, start: datetime.date, end: datetime.date | None):
        """The accreditations of this person to this órgano that share a day with [start, end).

        The same rule as PostgreSQL's ``daterange(fecha_acreditacion, fecha_baja, '[)') &&``
        in the OVERLAP_CONSTRAINT (migration 0005): a baja is the first day without
        accreditation (see active_on), so periods that merely touch do not overlap, no baja
        is an open end, and a period that ends the day it starts holds no day at all.
        """
        if end is not None and end <= start:
            return self.none()
        found = self.filter(usuario=usuario, organo=organo).filter(
            Q(fecha_baja__isnull=True) | Q(fecha_baja__gt=start)
        )
        found = found.exclude(fecha_baja__lte=models.F("fecha_acreditacion"))
        if end is not None:
            found = found.filter(fecha_acreditacion__lt=end)
        return found


class EnlaceAcreditado(models.Model):
    """A person accredited by an órgano as its enlace with the OPTI, from one date to another."""

    # An exclusion constraint on PostgreSQL only (migration 0005, not in Meta: SQLite has no
    # such thing), so two overlapping accreditations saved at once cannot both be kept.
    OVERLAP_CONSTRAINT = "enlace_acreditacion_sin_traslape"
    OVERLAP_MESSAGE = _(
        "Esta persona ya está acreditada ante este órgano en fechas que se traslapan; "
        "registra la baja de la acreditación anterior primero."
    )

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.PROTECT,
        related_name="acreditaciones",
    )
    organo = models.ForeignKey(
        "estructura.OrganoPage",
        verbose_name=_("órgano"),
        on_delete=models.PROTECT,
        related_name="enlaces_acreditados",
    )
    fecha_acreditacion = models.DateField(_("fecha de acreditación"), validators=[not_in_future])
    fecha_baja = models.DateField(
        _("fecha de baja"), null=True, blank=True, validators=[not_in_future]
    )
    oficio = models.CharField(_("oficio de acreditación"), max_length=100, blank=True)

    panels = [
        FieldPanel("usuario"),
        FieldPanel("organo"),
        FieldRowPanel([FieldPanel("fecha_acreditacion"), FieldPanel("fecha_baja")]),
        FieldPanel("oficio"),
    ]

    objects = EnlaceAcreditadoQuerySet.as_manager()

    class Meta:
        verbose_name = _("enlace acreditado")
        verbose_name_plural = _("enlaces acreditados")
        ordering = ["organo__path", "-fecha_acreditacion"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fecha_baja__isnull=True)
                | Q(fecha_baja__gte=models.F("fecha_acreditacion")),
                name="enlace_baja_after_acreditacion",
            )
        ]

    def __str__(self):
        return f"{self.usuario.get_full_name() or self.usuario.get_username()} · {self.organo}"

    @property
    def activo(self):
        today = timezone.localdate()
        return self.fecha_acreditacion <= today and (
            self.fecha_baja is None or self.fecha_baja > today
        )

    def clean(self):
        if (
            self.fecha_baja
            and self.fecha_acreditacion
            and self.fecha_baja < self.fecha_acreditacion
        ):
            raise ValidationError(
                {"fecha_baja": _("La baja no puede ser anterior a la acreditación.")}
            )


class Reunion(ClusterableModel):
    """A working meeting of the OPTI: with an Órgano Nacional de Gobierno or with enlaces."""

    fecha = models.DateField(_("fecha"), validators=[not_in_future], db_index=True)
    tipo = models.CharField(_("tipo de reunión"), max_length=20, choices=TipoReunion.choices)
    organos = ParentalManyToManyField(
        "estructura.OrganoPage", verbose_name=_("órganos"), related_name="reuniones", blank=True
    )
    asistentes = models.TextField(_("asistentes"), help_text=_("Una persona por línea."))
    acuerdos = models.TextField(_("acuerdos"), blank=True)
    minuta = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("minuta"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("fecha"), FieldPanel("tipo")]),
        FieldPanel("organos"),
        FieldPanel("asistentes"),
        FieldPanel("acuerdos"),
        FieldPanel("minuta"),
    ]

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reunión")
        verbose_name_plural = _("reuniones")
        ordering = ["-fecha", "-pk"]

    def __str__(self):
        return f"{self.fecha:%Y-%m-%d} · {self.get_tipo_display()}"

    @property
    def numero_asistentes(self):
        return sum(1 for line in self.asistentes.splitlines() if line.strip())


class ActualizacionPlataforma(models.Model):
    """One upload of a format (an obligation) to the national transparency platform."""

    formato = models.CharField(
        _("formato u obligación"),
        max_length=200,
        help_text=_("Ej.: «Art. 70 fracción XXIV — Informes de resultados de auditorías»."),
    )
    ejercicio = models.PositiveSmallIntegerField(
        _("ejercicio"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    periodo = models.CharField(_("periodo"), max_length=2, choices=Periodo.choices)
    organo = models.ForeignKey(
        "estructura.OrganoPage",
        verbose_name=_("órgano"),
        on_delete=models.PROTECT,
        related_name="actualizaciones_plataforma",
    )
    fecha = models.DateField(_("fecha de carga"), validators=[not_in_future], db_index=True)
    acuse = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("acuse de carga"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("formato"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("ejercicio"), FieldPanel("periodo")])],
            heading=_("Periodo que se informa"),
        ),
        FieldPanel("organo"),
        FieldPanel("fecha"),
        FieldPanel("acuse"),
    ]

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("actualización de la plataforma nacional")
        verbose_name_plural = _("actualizaciones de la plataforma nacional")
        ordering = ["-fecha", "-pk"]

    def __str__(self):
        return f"{self.formato} · {self.ejercicio} {self.periodo}"


class RecordatorioActualizacion(models.Model):
    """An update reminder sent for one page and one due date: each is sent once per cycle.

    For a series of the catalogue the page is the órgano and `obligacion` names the series."""

    ANTES, VENCIDO = "antes", "vencido"
    MOMENTOS = [(ANTES, _("antes de la fecha límite")), (VENCIDO, _("fecha límite vencida"))]

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    obligacion = models.ForeignKey(
        "estructura.Obligacion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("obligación"),
    )
    fecha_limite = models.DateField(_("fecha límite"))
    momento = models.CharField(_("momento"), max_length=10, choices=MOMENTOS)
    enviado = models.DateTimeField(_("enviado el"), default=timezone.now)

    class Meta:
        verbose_name = _("recordatorio de actualización")
        verbose_name_plural = _("recordatorios de actualización")
        # NULLs are distinct in a unique index, so a page's own cycle and a series each
        # have a partial one.
        constraints = [
            models.UniqueConstraint(
                fields=["page", "fecha_limite", "momento"],
                condition=models.Q(obligacion__isnull=True),
                name="un_recordatorio_por_ciclo",
            ),
            models.UniqueConstraint(
                fields=["page", "obligacion", "fecha_limite", "momento"],
                condition=models.Q(obligacion__isnull=False),
                name="un_recordatorio_por_serie",
            ),
        ]

    def __str__(self):
        return (
            f"{self.page_id} · {self.obligacion_id or '-'} · {self.fecha_limite} · {self.momento}"
        )
