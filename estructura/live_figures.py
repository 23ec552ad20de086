"""Live figures for project indicators: other apps offer computed figures through a hook, so a
project sheet can show a counted number without estructura importing the app that counts it.

An app registers a function with ``@hooks.register("register_live_figures")`` that returns a
``LiveFigureSource``: its ``choices`` (``[(key, label)]``) and ``resolve(keys)``, which answers
``{key: (formatted value, period label)}`` for the keys it knows and can compute (a key it
cannot compute is simply absent: the indicator then shows its typed figure), and optionally
``links(keys)``: ``{key: URL}`` of the records behind each value, for the same period. Both
take ``alcance`` ("trimestre", "anio" or "acumulado"): the period the sheet asks for.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

HOOK_NAME = "register_live_figures"


@dataclass(frozen=True)
class LiveFigureSource:
    choices: Callable[[], list[tuple[str, str]]]
    resolve: Callable[[Iterable[str]], dict[str, tuple[str, str]]]
    links: Callable[[Iterable[str]], dict[str, str]] | None = None


def sources() -> list[LiveFigureSource]:
    return [hook() for hook in hooks.get_hooks(HOOK_NAME)]


def choices() -> list[tuple[str, str]]:
    return [choice for source in sources() for choice in source.choices()]


def _scope(alcance):
    return {} if alcance is None else {"alcance": alcance}


def resolve(keys: Iterable[str], alcance=None) -> dict[str, tuple[str, str]]:
    """{key: (value, period)} for the keys some source can compute; unknown keys are absent."""
    wanted = {key for key in keys if key}
    found = {}
    for source in sources():
        known = wanted & {key for key, _label in source.choices()}
        if known:
            found.update(source.resolve(known, **_scope(alcance)))
    return found


def links(keys: Iterable[str], alcance=None) -> dict[str, str]:
    """{key: URL of the records behind its value} for the keys some source can link."""
    wanted = {key for key in keys if key}
    found = {}
    for source in sources():
        known = wanted & {key for key, _label in source.choices()}
        if known and source.links is not None:
            found.update(source.links(known, **_scope(alcance)))
    return found


class LiveFigureSelect(forms.Select):
    """The figures the registered sources offer, read when the form is drawn (hooks are
    loaded after the models, so the choices cannot be fixed at import time)."""

    @property
    def choices(self):
        return [("", _("— Ninguna: se muestra la cifra escrita —")), *choices()]

    @choices.setter
    def choices(self, value):
        pass
