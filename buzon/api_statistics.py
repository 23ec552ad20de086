"""/api/buzon/estadisticas/: the Buzón's figures for apps (mounted by buzon.api)."""

from ninja import Router

router = Router(tags=["Buzón"])
