"""What every server-drawn chart shares (the results' columns, the Buzón's bars): the axis
and the series' fills. Each app draws its own geometry and SVG."""

import math

TICKS = 4
# Fills tell the series apart in colour and in pattern (solid, hatched, dotted), so a chart
# reads without colour too; the legend shows the same swatches.
SERIES_STYLES = ["solid", "hatch", "dots"]


def nice_ceiling(value, integer=True):
    """The end of the axis: TICKS steps of 1, 2 or 5 × 10ⁿ, the smallest that holds `value`
    (whole steps for counts, so no tick reads "2.5 reuniones")."""
    if value <= 0:
        return TICKS
    raw_step = value / TICKS
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude * TICKS >= value)
    if integer:
        step = max(1, round(step))
    return step * TICKS
