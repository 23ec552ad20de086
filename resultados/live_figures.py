"""The results' figures offered to project sheets: their indicators and their "Rendición de
resultados" table.

Period (``alcance``): the current quarter (the latest that has started, ``Periodo.current()``)
by default, the current year, or everything since the first record ("acumulado"); so the
sheet moves with the data as it is recorded. Where the current quarter (or year) has no value
yet (a percentage or a median of no tickets), the one before is shown instead, always with
the period it refers to.
"""

import datetime

from django.utils import timezone

from cms.formats import cifra
from cms.query import memoized
from estructura.live_figures import LiveFigureSource

from .figures import FIGURES, FIGURES_BY_KEY, Periodo, resultados
from .registros import drilldown_url


def _resultados(periodo):
    # Every indicator of a page (and of the API answer) reads the same period: once per request.
    return memoized(("resultados.live_figures", periodo), lambda: resultados(periodo))


def choices():
    return [(figure.key, str(figure.label)) for figure in FIGURES]


TRIMESTRE, ANIO, ACUMULADO = "trimestre", "anio", "acumulado"


def periods_for(alcance, today=None):
    """The period a sheet shows for `alcance`, then the one to fall back on (or None)."""
    today = today or timezone.localdate()
    if alcance == ACUMULADO:
        from .views import first_data_year  # the page's rule of the first year with data

        return (Periodo.rango(datetime.date(first_data_year(today), 1, 1), today), None)
    actual = Periodo.current(today, quarter=alcance != ANIO)
    return (actual, actual.previous())


def _shown(keys, today=None, alcance=TRIMESTRE):
    """{key: (figure, period, value)}: the value of `alcance`'s period, else the one before."""
    candidates = [periodo for periodo in periods_for(alcance, today) if periodo is not None]
    found = {}
    for key in keys:
        figure = FIGURES_BY_KEY.get(key)
        if figure is None:
            continue
        for periodo in candidates:
            value = _resultados(periodo).valores.get(key)
            if value is not None:
                found[key] = (figure, periodo, value)
                break
    return found


def resolve(keys, today=None, alcance=TRIMESTRE):
    return {
        key: (cifra(value, figure.unit), periodo.label)
        for key, (figure, periodo, value) in _shown(keys, today, alcance).items()
    }


def links(keys, today=None, alcance=TRIMESTRE):
    """{key: the drill-down of the period the indicator shows} (the whole portal's figure,
    so not narrowed to the project's órgano)."""
    found = {}
    for key, (_figure, periodo, _value) in _shown(keys, today, alcance).items():
        url = drilldown_url(key, periodo)
        if url:
            found[key] = url
    return found


source = LiveFigureSource(choices=choices, resolve=resolve, links=links)
