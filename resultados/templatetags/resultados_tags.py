"""Template tags of the results: the link from a figure to the records behind it."""

from django import template

from resultados.registros import drilldown_url

register = template.Library()


@register.simple_tag
def registros_url(key, periodo, organo=None, page=None):
    """The drill-down URL of figure `key` for `periodo` (and `organo`), "" without a live
    results page: ``{% registros_url row.figure.key periodo page=page as url %}`` (`page`, the
    results page where the template has it, saves looking it up)."""
    return drilldown_url(key, periodo, organo, page=page) or ""
