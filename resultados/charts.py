"""Server-drawn bar charts of the quarterly figures: geometry here, SVG markup in the template.

No JavaScript and nothing fetched: the SVG scales with its ``viewBox`` to any screen, and
every chart is followed by the table of the same numbers, so no one needs to read the bars.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from cms.charts import SERIES_STYLES, TICKS, nice_ceiling
from cms.formats import cifra

from .figures import DIAS, FIGURES_BY_KEY, PORCENTAJE

# The charts of the page: figures that are read together share one chart.
CHART_GROUPS = [
    (
        "tickets",
        _("Tickets del Buzón"),
        ["tickets_recibidos", "tickets_resueltos", "tickets_pendientes"],
    ),
    ("porcentaje-resueltos", _("% de tickets resueltos"), ["porcentaje_tickets_resueltos"]),
    ("mediana-respuesta", _("Mediana de días para responder"), ["mediana_dias_respuesta"]),
    ("actualizaciones-opti", _("Actualizaciones OPTI"), ["actualizaciones_opti"]),
    (
        "actualizaciones-plataforma",
        _("Actualizaciones a la Plataforma Nacional de Transparencia"),
        ["actualizaciones_plataforma"],
    ),
    (
        "reuniones",
        _("Reuniones de trabajo"),
        ["reuniones_organos_gobierno", "reuniones_enlaces"],
    ),
    ("visitas", _("Visitas al portal"), ["visitas_portal"]),
]

# Drawing units of the viewBox (not pixels: the SVG is as wide as its column).
WIDTH, HEIGHT = 320, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 18, 26


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    style: str
    label: str
    text: str
    label_x: float
    label_y: float


@dataclass
class Tick:
    y: float
    text: str


@dataclass
class Serie:
    key: str
    label: str
    style: str
    index: int
    description: str


@dataclass
class QuarterColumn:
    label: str
    center: float


@dataclass
class BarChart:
    slug: str
    title: str
    unit: str
    series: list[Serie]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    columns: list[QuarterColumn] = field(default_factory=list)
    rows: list = field(default_factory=list)
    # The rows again with each cell's figure key and whether its quarter has started, so the
    # table can link a value to the records behind it: [(Periodo, [(key, text, started)])].
    cells: list = field(default_factory=list)
    description: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def bar_chart(slug, title, keys, quarters):
    """A grouped bar chart of `keys` over `quarters`: a list of (Periodo, Resultados or None),
    None for a quarter that has not started (no bar, "—" in the label and in the table)."""
    figures = [FIGURES_BY_KEY[key] for key in keys]
    unit = figures[0].unit
    series = [
        Serie(f.key, f.label, SERIES_STYLES[i % len(SERIES_STYLES)], i, f.description)
        for i, f in enumerate(figures)
    ]
    values = [
        [None if res is None else res.valores.get(key) for key in keys]
        for _periodo, res in quarters
    ]
    present = [v for row in values for v in row if v is not None]
    top = 100 if unit == PORCENTAJE else nice_ceiling(max(present, default=0), unit != DIAS)
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM

    chart = BarChart(slug=slug, title=str(title), unit=unit, series=series)
    for step in range(TICKS + 1):
        value = top * step / TICKS
        shown = int(value) if float(value).is_integer() else round(value, 1)
        chart.ticks.append(
            Tick(y=round(baseline - plot_height * step / TICKS, 1), text=cifra(shown))
        )

    slot = (WIDTH - RIGHT - LEFT) / len(quarters)
    group_width = slot * 0.72
    bar_width = group_width / len(keys)
    for column, ((periodo, res), row) in enumerate(zip(quarters, values, strict=True)):
        center = LEFT + slot * column + slot / 2
        chart.columns.append(QuarterColumn(label=f"T{periodo.trimestre}", center=round(center, 1)))
        start = center - group_width / 2
        for i, value in enumerate(row):
            x = start + i * bar_width
            height = 0 if value is None else plot_height * min(value, top) / top
            text = "—" if value is None else cifra(value, unit, short=True)
            chart.bars.append(
                Bar(
                    x=round(x + 1, 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(height, 1),
                    series=i,
                    style=series[i].style,
                    label=f"{series[i].label}, {periodo.label}",
                    text=text,
                    label_x=round(x + bar_width / 2, 1),
                    label_y=round(baseline - height - 4, 1),
                )
            )
        texts = [cifra(value, unit) if res is not None else "—" for value in row]
        chart.rows.append((periodo, texts))
        chart.cells.append(
            (periodo, [(key, text, res is not None) for key, text in zip(keys, texts, strict=True)])
        )
    chart.description = describe(chart, quarters, values)
    return chart


def describe(chart, quarters, values):
    """The chart in one sentence for screen readers; the table below has every number."""
    parts = []
    for serie in chart.series:
        shown = [
            f"{periodo.label}: {cifra(row[serie.index], chart.unit)}"
            for (periodo, res), row in zip(quarters, values, strict=True)
            if res is not None
        ]
        if shown:
            parts.append(f"{serie.label} — " + "; ".join(shown))
    if not parts:
        return str(_("Ningún trimestre de este ejercicio ha comenzado."))
    return ". ".join(parts) + "."


def charts_for(quarters):
    return [bar_chart(slug, title, keys, quarters) for slug, title, keys in CHART_GROUPS]
