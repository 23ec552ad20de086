"""A record's rows as the public page shows them: typed, with money in es-MX pesos."""

import datetime
from dataclasses import dataclass

from ..models.obligaciones import TipoColumna
from .values import as_pesos


@dataclass(frozen=True)
class Celda:
    tipo: str
    texto: str  # as stored: ISO date, "1234.50", text, URL
    mostrado: str  # as read: "$1,234.50", the date's long form is left to the template

    @property
    def fecha(self):
        return datetime.date.fromisoformat(self.texto) if self.tipo == TipoColumna.FECHA else None


@dataclass(frozen=True)
class Tabla:
    columnas: list
    filas: list  # [[Celda, …], …]


def celda(tipo, texto):
    if tipo == TipoColumna.MONEDA and texto:
        return Celda(tipo, texto, as_pesos(texto))
    return Celda(tipo, texto, texto)


def tabla_de(page):
    """The record's table, or None when its obligation has no columns (two queries)."""
    if page.obligacion_id is None:
        return None
    columnas = list(page.obligacion.columnas.all())
    if not columnas:
        return None
    filas = [
        [celda(c.tipo, fila.valores.get(c.nombre, "")) for c in columnas]
        for fila in page.filas.all()
    ]
    return Tabla(columnas, filas)
