"""API v2 representations of estructura's own records (pages are in cms.serializers)."""

from rest_framework import serializers


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
