"""API v2 representations of estructura's own records (pages are in cms.serializers)."""

from rest_framework import serializers

from cms.files import absolute_url


class ObligacionRefField(serializers.Field):
    """A publication's obligation as an app needs it: its key, fundamento and title."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obligacion):
        return {
            "id": obligacion.pk,
            "clave": obligacion.clave,
            "fundamento": obligacion.fundamento,
            "titulo": obligacion.titulo,
        }


class ColumnasField(ObligacionRefField):
    """The typed columns of an obligation's format (prefetched by the API's listing)."""

    def to_representation(self, columnas):
        return [{"nombre": columna.nombre, "tipo": columna.tipo} for columna in columnas.all()]


def periodo_representation(periodo):
    """A PeriodoDebido (the period owed, or the next one) with the deadline of its window."""
    if periodo is None:
        return None
    return {
        "ejercicio": periodo.ejercicio,
        "periodo": periodo.periodo,
        "nombre": periodo.nombre,
        "fecha_limite": periodo.fecha_limite.isoformat(),
    }


def registro_representation(registro):
    """A series' record (a publication, or the row ``load_series`` reads of one)."""
    if registro is None:
        return None
    return {
        "id": registro.pk,
        "title": registro.title,
        "ejercicio": registro.ejercicio,
        "periodo": registro.periodo,
        "url": absolute_url(registro.url),
    }


def serie_representation(serie, estado=None):
    """What the badge says of a series: its status (or `estado`, e.g. histórico for a past
    record), the period owed or next, and the series' current record."""
    from .obligaciones import EstadoSerie  # the status module reads the models

    estado = estado or serie.estado
    return {
        "estado": str(estado),
        "estado_nombre": str(EstadoSerie(estado).label),
        "estado_serie": str(serie.estado),
        "pendiente": periodo_representation(serie.pendiente),
        "proxima": periodo_representation(serie.proxima),
        "actual": registro_representation(serie.actual),
    }


class EstadoRegistroField(ObligacionRefField):
    """A publication's status among its series (estructura.obligaciones.record_status)."""

    def to_representation(self, estado) -> dict:
        return serie_representation(estado.serie, estado.estado)


class SerieField(ObligacionRefField):
    """One part of the series attached to a row as ``serie`` (API v2's /aplicabilidad/);
    None when the row has none."""

    def __init__(self, part, represent=None, **kwargs):
        self.part, self.represent = part, represent
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        serie = getattr(instance, "serie", None)
        return None if serie is None else getattr(serie, self.part)

    def to_representation(self, value):
        return self.represent(value) if self.represent else str(value)


class CumplimientoField(ObligacionRefField):
    """The counts of a set of series (estructura.obligaciones.Cumplimiento)."""

    def to_representation(self, counts) -> dict:
        return {
            "aplicables": counts.aplicables,
            "cumplen": counts.cumplen,
            "al_dia": counts.al_dia,
            "en_plazo": counts.en_plazo,
            "vencidas": counts.vencidas,
            "no_aplica": counts.no_aplica,
            "porcentaje": counts.porcentaje,
        }
