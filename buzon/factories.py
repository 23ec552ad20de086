"""Test factories for the Buzón (factory_boy is a test dependency)."""

import factory
import wagtail_factories

from .models import BuzonPage


class BuzonPageFactory(wagtail_factories.PageFactory):
    title = "Buzón OPTISNTE"
    slug = "buzon"
    intro = "<p>Escríbenos: preguntas, solicitudes, quejas, sugerencias y reconocimientos.</p>"
    aviso_privacidad = factory.LazyFunction(
        lambda: "<p>Tus datos personales se usan solo para atender tu ticket.</p>"
    )

    class Meta:
        model = BuzonPage
