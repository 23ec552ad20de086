"""The Buzón's fixed vocabularies: kinds of ticket, their states and the kinds of thread entry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoTicket(models.TextChoices):
    PREGUNTA = "pregunta", _("Pregunta")
    SOLICITUD = "solicitud", _("Solicitud de información")
    QUEJA = "queja", _("Queja")
    SUGERENCIA = "sugerencia", _("Sugerencia")
    RECONOCIMIENTO = "reconocimiento", _("Reconocimiento")


class EstadoTicket(models.TextChoices):
    RECIBIDO = "recibido", _("Recibido")
    EN_ATENCION = "en_atencion", _("En atención")
    RESPONDIDO = "respondido", _("Respondido")
    CERRADO = "cerrado", _("Cerrado")
    IMPROCEDENTE = "improcedente", _("Improcedente")
    DUPLICADO = "duplicado", _("Duplicado")


# A ticket counts as resolved once it reaches one of these (the quarterly figures rest on it).
RESOLVED_STATES = frozenset(
    {
        EstadoTicket.RESPONDIDO,
        EstadoTicket.CERRADO,
        EstadoTicket.IMPROCEDENTE,
        EstadoTicket.DUPLICADO,
    }
)
# The citizen may still write while a ticket is in one of these.
OPEN_STATES = frozenset({EstadoTicket.RECIBIDO, EstadoTicket.EN_ATENCION, EstadoTicket.RESPONDIDO})

# Which state may follow which; "respondido" is reached only by answering.
TRANSITIONS = {
    EstadoTicket.RECIBIDO: {
        EstadoTicket.EN_ATENCION,
        EstadoTicket.RESPONDIDO,
        EstadoTicket.IMPROCEDENTE,
        EstadoTicket.DUPLICADO,
    },
    EstadoTicket.EN_ATENCION: {
        EstadoTicket.RESPONDIDO,
        EstadoTicket.IMPROCEDENTE,
        EstadoTicket.DUPLICADO,
    },
    EstadoTicket.RESPONDIDO: {EstadoTicket.CERRADO, EstadoTicket.EN_ATENCION},
    EstadoTicket.CERRADO: {EstadoTicket.EN_ATENCION},
    EstadoTicket.IMPROCEDENTE: {EstadoTicket.EN_ATENCION},
    EstadoTicket.DUPLICADO: {EstadoTicket.EN_ATENCION},
}


class TipoEntrada(models.TextChoices):
    MENSAJE = "mensaje", _("Mensaje de quien escribe")
    RESPUESTA = "respuesta", _("Respuesta")
    NOTA = "nota", _("Nota interna")
    ESTADO = "estado", _("Cambio de estado")
    ASIGNACION = "asignacion", _("Asignación")
    TURNO = "turno", _("Turno a un órgano")


# What the citizen sees of the thread: never internal notes, assignments or routing.
PUBLIC_ENTRY_KINDS = frozenset({TipoEntrada.MENSAJE, TipoEntrada.RESPUESTA, TipoEntrada.ESTADO})
