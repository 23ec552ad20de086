"""Server-drawn horizontal bar charts of the Buzón's public statistics, one group per row.

The approach of resultados/charts.py (geometry here, SVG in the template, no JavaScript, the
table of the same numbers right after the chart, series told apart by pattern as well as
colour); bars run across because órganos have long names that a phone cannot fit under a
column.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cms.charts import SERIES_STYLES, TICKS, nice_ceiling
from cms.formats import cifra

# The series drawn for each group: what was asked, what was answered, what is overdue today.
SERIES = [
    ("recibidos", _lazy("Recibidos")),
    ("respondidos", _lazy("Respondidos")),
    ("vencidos_ahora", _lazy("Vencidos ahora")),
]

# Drawing units of the viewBox (the SVG is as wide as its column).
WIDTH = 320
LEFT, RIGHT, TOP, BOTTOM = 8, 36, 6, 18
LABEL_HEIGHT, BAR_HEIGHT, GROUP_GAP = 13, 9, 8
# Longer names are cut in the drawing; the table below has them whole.
MAX_LABEL = 52


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
    text_x: float
    text_y: float


@dataclass
class GroupLabel:
    text: str
    y: float


@dataclass
class Tick:
    x: float
    text: str


@dataclass
class Serie:
    key: str
    label: str
    style: str


@dataclass
class HorizontalBarChart:
    slug: str
    title: str
    series: list[Serie]
    bars: list[Bar] = field(default_factory=list)
    labels: list[GroupLabel] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    rows: list = field(default_factory=list)
    description: str = ""
    width: int = WIDTH
    height: int = 0
    left: int = LEFT
    plot_top: int = TOP
    plot_bottom: int = 0
    axis_text_y: int = 0


def short(text):
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(slug, title, groups):
    """A chart of `groups` (GrupoPublico rows): per group its name, then one bar per SERIES."""
    series = [
        Serie(key, str(label), SERIES_STYLES[index]) for index, (key, label) in enumerate(SERIES)
    ]
    values = [[getattr(group.cifras, key) for key, _label in SERIES] for group in groups]
    top = nice_ceiling(max((v for row in values for v in row), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    group_height = LABEL_HEIGHT + BAR_HEIGHT * len(series) + GROUP_GAP
    chart = HorizontalBarChart(slug=slug, title=str(title), series=series)
    chart.plot_bottom = TOP + group_height * len(groups)
    chart.height = chart.plot_bottom + BOTTOM
    chart.axis_text_y = chart.plot_bottom + 12
    for step in range(TICKS + 1):
        chart.ticks.append(
            Tick(x=round(LEFT + plot_width * step / TICKS, 1), text=cifra(top * step // TICKS))
        )
    for index, (group, row) in enumerate(zip(groups, values, strict=True)):
        y = TOP + index * group_height
        chart.labels.append(GroupLabel(short(group.nombre), round(y + LABEL_HEIGHT - 3, 1)))
        for position, value in enumerate(row):
            bar_y = y + LABEL_HEIGHT + position * BAR_HEIGHT
            length = plot_width * min(value, top) / top
            chart.bars.append(
                Bar(
                    x=LEFT,
                    y=round(bar_y + 0.5, 1),
                    width=round(length, 1),
                    height=BAR_HEIGHT - 1,
                    series=position,
                    style=series[position].style,
                    label=f"{series[position].label}, {group.nombre}",
                    text=cifra(value),
                    text_x=round(LEFT + length + 3, 1),
                    text_y=round(bar_y + BAR_HEIGHT - 2, 1),
                )
            )
        chart.rows.append((group.nombre, [cifra(value) for value in row]))
    chart.description = describe(series, groups, values)
    return chart


def describe(series, groups, values):
    """The chart in words for screen readers; the table after it has every number."""
    if not groups:
        return _("Sin tickets en este periodo.")
    parts = [
        f"{group.nombre}: "
        + ", ".join(
            f"{serie.label.lower()} {cifra(value)}"
            for serie, value in zip(series, row, strict=True)
        )
        for group, row in zip(groups, values, strict=True)
    ]
    return "; ".join(parts) + "."
