"""The results panel on the admin home: the running quarter at a glance, for the OPTI team."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from cms.formats import cifra
from estructura.scope import is_administracion

from .figures import FIGURES, Periodo, comparable, resultados
from .models import ResultadosPage
from .registros import drilldown_url
from .views import compare


def can_see_results_panel(user):
    """Superusers and "Administración OPTI": the figures are the national team's report."""
    return is_administracion(user)


class ResultadosPanel(Component):
    name = "resultados"
    template_name = "resultados/admin/dashboard_panel.html"
    order = 220

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        periodo = Periodo.current(today)
        # The running quarter against the same days of the one before (figures.comparable).
        previous = comparable(periodo, "previous", today)
        actual = resultados(periodo)
        anterior = resultados(previous) if previous else None
        page = ResultadosPage.objects.live().first()
        rows = []
        for figure in FIGURES:
            value = actual.valores.get(figure.key)
            rows.append(
                {
                    "figure": figure,
                    "value": cifra(value, figure.unit),
                    "trend": compare(figure, value, anterior, previous),
                    "registros_url": drilldown_url(figure.key, periodo, page=page)
                    if page
                    else None,
                }
            )
        return {
            "periodo": periodo,
            "rows": rows,
            "page_url": page.url if page else None,
        }
