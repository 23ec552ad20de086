"""Tickets written straight to the database with the timestamps a test needs, as the Buzón's
services would have set them (the figures' tests place them either side of a boundary)."""

import datetime
import itertools
from zoneinfo import ZoneInfo

from buzon.choices import EstadoTicket, TipoTicket
from buzon.models import Ticket

_numbers = itertools.count(1)


def ticket_at(creado, *, resuelto=None, respondido=None, limite=None, **fields):
    """Filed at `creado`; resolved at `resuelto` (answered if `respondido`, else improcedente).

    It carries personal data, so tests of the figures can check that none of it leaks.
    """
    number = next(_numbers)
    estado = EstadoTicket.RECIBIDO
    if resuelto is not None:
        estado = EstadoTicket.RESPONDIDO if respondido else EstadoTicket.IMPROCEDENTE
    return Ticket.objects.create(
        folio=Ticket.format_folio(1999, number),
        anio=1999,
        numero=number,
        tipo=fields.pop("tipo", TipoTicket.PREGUNTA),
        asunto="Asunto",
        mensaje="Mensaje",
        nombre="Nombre Secreto",
        correo="secreto@example.org",
        direccion_ip="203.0.113.9",
        clave_hash=f"hash-{number}",
        estado=fields.pop("estado", estado),
        creado=creado,
        respondido_en=respondido,
        resuelto_en=resuelto,
        fecha_limite=limite or (creado.date() + datetime.timedelta(days=14)),
        **fields,
    )


MX = ZoneInfo("America/Mexico_City")


def local(year, month, day, hour=10, minute=0):
    """An aware datetime in Mexico City, where the figures' days are counted."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=MX)
