"""Test factories for the home app (factory_boy is a test dependency)."""

import wagtail_factories

from .models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "OPTISNTE"
    lema = "Observatorio Público de Transparencia e Información"

    class Meta:
        model = HomePage
