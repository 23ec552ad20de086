"""The results' figures offered to project sheets as live indicators.

Period: the current quarter (the latest that has started, ``Periodo.current()``), so the sheet
moves with the data as it is recorded; where the current quarter has no value yet (a
percentage or a median of no tickets), the last complete quarter's value is shown instead,
always with the period it refers to.
"""

from cms.query import memoized
from estructura.live_figures import LiveFigureSource

from .figures import DIAS, FIGURES, FIGURES_BY_KEY, PORCENTAJE, Periodo, resultados
from .registros import drilldown_url

NBSP = "\u00a0"  # keeps "426 000" and "72 %" on one line


def format_value(value, unit):
    """72 %, 426 000, 5.2 días: how a figure reads on a sheet."""
    if unit == PORCENTAJE:
        return f"{_number(value)}{NBSP}%"
    if unit == DIAS:
        return f"{_number(value)}{NBSP}{'día' if value == 1 else 'días'}"
    return _number(value)


def _number(value):
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{round(value):,}"
    return text.replace(",", NBSP)


def _resultados(periodo):
    # Every indicator of a page (and of the API answer) reads the same period: once per request.
    return memoized(("resultados.live_figures", periodo), lambda: resultados(periodo))


def choices():
    return [(figure.key, str(figure.label)) for figure in FIGURES]


def _shown(keys, today=None):
    """{key: (figure, period, value)}: the current quarter's value, else the last one's."""
    actual = Periodo.current(today)
    found = {}
    for key in keys:
        figure = FIGURES_BY_KEY.get(key)
        if figure is None:
            continue
        for periodo in (actual, actual.previous()):
            value = _resultados(periodo).valores.get(key)
            if value is not None:
                found[key] = (figure, periodo, value)
                break
    return found


def resolve(keys, today=None):
    return {
        key: (format_value(value, figure.unit), periodo.label)
        for key, (figure, periodo, value) in _shown(keys, today).items()
    }


def links(keys, today=None):
    """{key: the drill-down of the period the indicator shows} (the whole portal's figure,
    so not narrowed to the project's órgano)."""
    found = {}
    for key, (_figure, periodo, _value) in _shown(keys, today).items():
        url = drilldown_url(key, periodo)
        if url:
            found[key] = url
    return found


source = LiveFigureSource(choices=choices, resolve=resolve, links=links)
