"""Test factories for the results page (factory_boy is a test dependency)."""

import wagtail_factories

from .models import ResultadosPage


class ResultadosPageFactory(wagtail_factories.PageFactory):
    title = "Rendición de resultados"
    slug = "rendicion-de-resultados"
    intro = "<p>Lo que el OPTISNTE hizo cada trimestre, contado a partir de sus registros.</p>"
    nota_metodologica = "<p>Las cifras se calculan a partir de los registros del sistema.</p>"

    class Meta:
        model = ResultadosPage
