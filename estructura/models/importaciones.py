"""An import of a format's XLSX: the file, who sent it, and how far it got, row by row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["EstadoImportacion", "ImportacionFormato"]


class EstadoImportacion(models.TextChoices):
    PENDIENTE = "pendiente", _("En espera")
    VALIDANDO = "validando", _("Validando filas")
    GUARDANDO = "guardando", _("Guardando borradores")
    TERMINADA = "terminada", _("Terminada")
    CON_ERRORES = "con_errores", _("Con errores: no se guardó nada")


class ImportacionFormato(models.Model):
    """One upload of a series' XLSX, processed off the request by a task."""

    organo = models.ForeignKey(
        "estructura.OrganoPage",
        verbose_name=_("órgano"),
        on_delete=models.CASCADE,
        related_name="importaciones",
    )
    obligacion = models.ForeignKey(
        "estructura.Obligacion",
        verbose_name=_("obligación"),
        on_delete=models.CASCADE,
        related_name="importaciones",
    )
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    nombre_archivo = models.CharField(_("archivo"), max_length=255)
    # Kept in the database, not in media: the worker may run on another machine, and the
    # file is bounded (MAX_BYTES) and emptied once processed.
    contenido = models.BinaryField(_("contenido"), editable=False)
    estado = models.CharField(
        _("estado"),
        max_length=20,
        choices=EstadoImportacion.choices,
        default=EstadoImportacion.PENDIENTE,
    )
    total_filas = models.PositiveIntegerField(_("filas"), default=0)
    filas_procesadas = models.PositiveIntegerField(_("filas procesadas"), default=0)
    errores = models.JSONField(_("errores"), default=list, blank=True)
    creados = models.PositiveIntegerField(_("registros nuevos"), default=0)
    actualizados = models.PositiveIntegerField(_("registros actualizados"), default=0)
    sin_cambios = models.PositiveIntegerField(_("registros sin cambios"), default=0)
    creada = models.DateTimeField(_("creada"), auto_now_add=True)
    terminada = models.DateTimeField(_("terminada"), null=True, blank=True)

    class Meta:
        ordering = ["-creada", "-pk"]
        verbose_name = _("importación de formato")
        verbose_name_plural = _("importaciones de formatos")

    def __str__(self):
        return f"{self.nombre_archivo} ({self.get_estado_display()})"

    @property
    def en_curso(self):
        return self.estado in (
            EstadoImportacion.PENDIENTE,
            EstadoImportacion.VALIDANDO,
            EstadoImportacion.GUARDANDO,
        )

    @property
    def porcentaje(self):
        if not self.total_filas:
            return 0
        return min(100, round(100 * self.filas_procesadas / self.total_filas))
