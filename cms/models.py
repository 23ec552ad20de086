"""Site settings (update calendar, contact, social links) and the periodic-update mixin."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .choices import MONTHS, Periodicidad
from .formats import fecha_larga


@register_setting(icon="date")
class UpdateCalendar(BaseSiteSetting):
    """The four quarterly update windows: data, so a change of dates needs no deploy."""

    mes_1 = models.PositiveSmallIntegerField(
        _("primer mes de actualización"), choices=MONTHS, default=3
    )
    mes_2 = models.PositiveSmallIntegerField(
        _("segundo mes de actualización"), choices=MONTHS, default=6
    )
    mes_3 = models.PositiveSmallIntegerField(
        _("tercer mes de actualización"), choices=MONTHS, default=9
    )
    mes_4 = models.PositiveSmallIntegerField(
        _("cuarto mes de actualización"), choices=MONTHS, default=12
    )
    dia_inicio = models.PositiveSmallIntegerField(
        _("día de inicio"), default=1, help_text=_("Primer día de la ventana de actualización.")
    )
    dia_limite = models.PositiveSmallIntegerField(
        _("día límite"),
        default=7,
        help_text=_("Último día de la ventana: la información vence al terminar este día."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("mes_1"), FieldPanel("mes_2"), FieldPanel("mes_3"), FieldPanel("mes_4")],
            heading=_("Meses de actualización"),
        ),
        FieldRowPanel([FieldPanel("dia_inicio"), FieldPanel("dia_limite")], heading=_("Ventana")),
    ]

    class Meta:
        verbose_name = _("calendario de actualización")

    def clean(self):
        months = [self.mes_1, self.mes_2, self.mes_3, self.mes_4]
        if len(set(months)) != len(months):
            raise ValidationError(_("Los cuatro meses de actualización deben ser distintos."))
        # Day 28 exists in every month, so a window never points at a missing date.
        if not 1 <= self.dia_inicio <= self.dia_limite <= 28:
            raise ValidationError(
                {"dia_limite": _("La ventana debe cumplir 1 ≤ día de inicio ≤ día límite ≤ 28.")}
            )

    @property
    def months(self):
        return sorted({self.mes_1, self.mes_2, self.mes_3, self.mes_4})

    def windows_from(self, year):
        """Yield (start, deadline) of each update window from January of `year` on."""
        while True:
            for month in self.months:
                yield (
                    datetime.date(year, month, self.dia_inicio),
                    datetime.date(year, month, self.dia_limite),
                )
            year += 1

    def reporting_window(self, period_end):
        """(start, deadline) of the window that reports a period ending on `period_end`: the
        first that opens after it (the quarter July–September in December's, by default)."""
        for start, deadline in self.windows_from(period_end.year):
            if start > period_end:
                return start, deadline
        return None  # pragma: no cover - windows_from never ends

    def next_due_date(self, updated_on, periodicidad=Periodicidad.TRIMESTRAL):
        """The deadline by which information updated on `updated_on` must be updated again.

        An update counts for the next window that opens after it: updating inside a window
        satisfies that window, so the next one is due. Semestral and annual information skip
        two and four windows. Information without periodicity has no due date.
        """
        windows = Periodicidad.windows(periodicidad)
        if not windows or updated_on is None:
            return None
        count = 0
        for start, deadline in self.windows_from(updated_on.year):
            if start > updated_on:
                count += 1
                if count == windows:
                    return deadline
        return None  # pragma: no cover - windows_from never ends

    def due_by(self, horizon, periodicidad=Periodicidad.TRIMESTRAL):
        """The inverse of `next_due_date`: information of this periodicity is due on or before
        `horizon` exactly when it was updated before the day returned (None: never due).

        Due dates grow with the update date, so "due by `horizon`" is "updated before a day":
        the start of the window that, counted back `windows` windows, is the last one closing by
        the horizon. The report of pending updates asks this to filter in the database.
        """
        windows = Periodicidad.windows(periodicidad)
        if not windows:
            return None
        starts = []
        # Two years back holds at least eight windows, enough for annual information (four).
        for start, deadline in self.windows_from(horizon.year - 2):
            if deadline > horizon:
                break
            starts.append(start)
        return starts[-windows]


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Contact data and social links shown in the footer and on the contact sections."""

    nombre_contacto = models.CharField(
        _("área de contacto"),
        max_length=200,
        blank=True,
        default="Comité Nacional de Transparencia",
    )
    email = models.EmailField(_("correo de contacto"), blank=True)
    telefono = models.CharField(_("teléfono"), max_length=60, blank=True)
    domicilio = models.TextField(_("domicilio"), blank=True)
    horario = models.CharField(_("horario de atención"), max_length=200, blank=True)
    aviso_privacidad_url = models.URLField(_("aviso de privacidad (URL)"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    x_twitter = models.URLField(_("X (Twitter)"), blank=True)
    youtube = models.URLField(_("YouTube"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    tiktok = models.URLField(_("TikTok"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("nombre_contacto"),
                FieldPanel("email"),
                FieldPanel("telefono"),
                FieldPanel("domicilio"),
                FieldPanel("horario"),
                FieldPanel("aviso_privacidad_url"),
            ],
            heading=_("Contacto"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook"),
                FieldPanel("x_twitter"),
                FieldPanel("youtube"),
                FieldPanel("instagram"),
                FieldPanel("tiktok"),
            ],
            heading=_("Redes sociales"),
        ),
    ]

    class Meta:
        verbose_name = _("datos del portal")

    @property
    def social_links(self):
        """(name, url) of each configured network, in display order."""
        names = ["facebook", "x_twitter", "youtube", "instagram", "tiktok"]
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in names
            if getattr(self, name)
        ]


class PeriodicUpdateMixin(models.Model):
    """Content that is updated on the quarterly cycle: when it was, and when it is due."""

    fecha_actualizacion = models.DateField(_("fecha de actualización"), default=datetime.date.today)
    periodicidad = models.CharField(
        _("periodicidad"),
        max_length=20,
        choices=Periodicidad.choices,
        default=Periodicidad.TRIMESTRAL,
    )

    class Meta:
        abstract = True

    def next_due_date(self, calendar=None):
        # The calendar is site data; callers rendering many rows pass it in once, or set
        # it on each page as `_calendar` (the API does, for its `proxima_actualizacion`).
        if calendar is None:
            calendar = getattr(self, "_calendar", None) or UpdateCalendar.for_site(self.get_site())
        return calendar.next_due_date(self.fecha_actualizacion, self.periodicidad)

    def is_overdue(self, calendar=None, today=None):
        due = self.next_due_date(calendar)
        return due is not None and due < (today or datetime.date.today())

    def update_summary(self, calendar=None):
        """The public line "Actualizado el …; próxima actualización …"."""
        updated = fecha_larga(self.fecha_actualizacion)
        due = self.next_due_date(calendar)
        if due is None:
            return _("Actualizado el %(fecha)s") % {"fecha": updated}
        return _("Actualizado el %(fecha)s · Próxima actualización: %(proxima)s") % {
            "fecha": updated,
            "proxima": fecha_larga(due),
        }


class ColeccionPublica(models.Model):
    """A collection whose documents and images are public although no live page uses them.

    Otherwise a file is public only when a live, public page uses it (cms.files.public_files):
    an upload that only a draft uses has not been published. The national team marks the
    collections meant for direct download (formats, templates, the aviso de privacidad); a
    collection under a view restriction stays private whatever is marked here.
    """

    coleccion = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("colección"),
        on_delete=models.CASCADE,
        related_name="publica",
        help_text=_("Sus documentos e imágenes, y los de sus subcolecciones, se pueden descargar."),
    )
    motivo = models.CharField(_("motivo"), max_length=250, blank=True)

    panels = [FieldPanel("coleccion"), FieldPanel("motivo")]

    class Meta:
        verbose_name = _("colección pública")
        verbose_name_plural = _("colecciones públicas")

    def __str__(self):
        return self.coleccion.name
