"""Test factories for the Buzón (factory_boy is a test dependency)."""

import factory
import wagtail_factories

from .choices import TipoTicket
from .models import BuzonPage, Ticket


class BuzonPageFactory(wagtail_factories.PageFactory):
    title = "Buzón OPTISNTE"
    slug = "buzon"
    intro = "<p>Escríbenos: preguntas, solicitudes, quejas, sugerencias y reconocimientos.</p>"
    aviso_privacidad = factory.LazyFunction(
        lambda: "<p>Tus datos personales se usan solo para atender tu ticket.</p>"
    )

    class Meta:
        model = BuzonPage


class TicketFactory(factory.Factory):
    """A ticket filed through the one service every channel uses (buzon.services.create_ticket):
    a real folio, key hash, due date and first thread entry. The key is `ticket.clave`."""

    tipo = TipoTicket.PREGUNTA
    asunto = factory.Sequence(lambda n: f"Pregunta número {n}")
    mensaje = "Quisiera saber cuándo se publica el informe trimestral del comité."
    nombre = "Ana Pérez"
    correo = "ana@example.org"

    class Meta:
        model = Ticket

    @classmethod
    def _create(cls, model_class, *, files=(), ip="203.0.113.7", **fields):
        from .services import create_ticket

        ticket, clave = create_ticket(fields, files=files, ip=ip)
        ticket.clave = clave
        return ticket
