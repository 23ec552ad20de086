"""One es-MX way to write a figure (cms.formats), and sweeps of the code for any other way."""

import datetime
import decimal
import re
from pathlib import Path

import pytest
from django.conf import settings

from cms.formats import (
    DIAS,
    DIAS_HABILES,
    NBSP,
    NUMERO,
    PESOS,
    PORCENTAJE,
    cifra,
    dia_y_mes,
    fecha_larga,
)


@pytest.mark.parametrize(
    ("value", "unit", "options", "expected"),
    [
        (34565, NUMERO, {}, "34,565"),
        (1234567, NUMERO, {}, "1,234,567"),
        (0, NUMERO, {}, "0"),
        (2.25, NUMERO, {}, "2.2"),  # a measured figure: one decimal
        (72, PORCENTAJE, {}, f"72.0{NBSP}%"),
        (33.33, PORCENTAJE, {}, f"33.3{NBSP}%"),
        (100, PORCENTAJE, {"short": True}, f"100.0{NBSP}%"),  # a percentage always says so
        (1, DIAS, {}, f"1{NBSP}día"),
        (6, DIAS, {}, f"6{NBSP}días"),
        (4.5, DIAS, {}, f"4.5{NBSP}días"),
        (4.5, DIAS, {"short": True}, "4.5"),
        (1, DIAS_HABILES, {}, f"1{NBSP}día hábil"),
        (10, DIAS_HABILES, {}, f"10{NBSP}días hábiles"),
        (3.5, DIAS_HABILES, {"short": True}, "3.5"),
        (1234.5, PESOS, {}, "$1,234.50"),
        (decimal.Decimal("-1234567.5"), PESOS, {}, "-$1,234,567.50"),
        (15, NUMERO, {"signed": True}, "+15"),
        (-2.5, PORCENTAJE, {"signed": True}, f"\u22122.5{NBSP}%"),
        (None, PORCENTAJE, {}, "—"),
        (None, NUMERO, {}, "—"),
    ],
)
def test_cifra_writes_each_unit_one_way(value, unit, options, expected):
    assert cifra(value, unit, **options) == expected


def test_dates_write_months_in_lower_case():
    day = datetime.date(2026, 9, 3)
    assert fecha_larga(day) == "3 de septiembre de 2026"
    assert dia_y_mes(day) == "3 de septiembre"
    assert fecha_larga(None) == ""


ROOT = Path(settings.BASE_DIR)


def sources(*patterns):
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if not {".venv", "tests", "bench", "migrations", "node_modules"} & set(path.parts):
                yield path


# In a template: a variable followed by a unit written by hand ("{{ x }} %", "{{ n }} días")
# or Django's own number filters, whose output follows the active locale, not the site's form.
TEMPLATE_FORMS = re.compile(
    r"}}\s*(%|d[ií]as?\b)|\|\s*(intcomma|floatformat|intword)\b|\{%\s*load[^%]*\bhumanize\b"
)
# In Python: a format spec that groups thousands or fixes decimals, or a "%" after a field.
PYTHON_FORMS = re.compile(r"""\{[^{}"']*:[^{}"']*[,f]\}|\}\s?%\s?["')]""")
# Where a figure may be formatted by other means: the helpers themselves, and console output
# for operators (management commands' timings), which the public never reads.
PYTHON_ALLOWED = {"cms/formats.py"}


def test_no_template_writes_a_figure_by_hand():
    """Every number, percentage and day count in a template goes through `cifra`."""
    offenders = [
        f"{path.relative_to(ROOT)}: {found[0]}"
        for path in sources("*/templates/**/*.html", "*/templates/**/*.txt", "templates/**/*")
        if path.is_file() and (found := TEMPLATE_FORMS.search(path.read_text()))
    ]
    assert offenders == []


def test_no_module_formats_a_figure_by_hand():
    """Pages, exports' text, charts and emails write figures with cms.formats only."""
    offenders = []
    for path in sources("*/**/*.py"):
        relative = str(path.relative_to(ROOT))
        if relative in PYTHON_ALLOWED or "/management/commands/" in relative:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if PYTHON_FORMS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_the_sweeps_catch_the_forms_they_name():
    """The sweeps above would fail on a figure written by hand."""
    for text in ("{{ x }} %", "{{ n }} días", "{{ n|intcomma }}", "{% load i18n humanize %}"):
        assert TEMPLATE_FORMS.search(text), text
    for text in ('f"{count:,}"', 'f"{valor:,.1f} %"', 'f"{valor} %"', 'f"({p:+,.1f} %)"'):
        assert PYTHON_FORMS.search(text), text
    for text in ('f"{fecha_larga(value)}"', 'f"{base}/{sub}?{query}"', "{{ x|cifra }}"):
        assert not PYTHON_FORMS.search(text) and not TEMPLATE_FORMS.search(text), text
