"""The Buzón's API at /api/buzon/ (django-ninja, mounted by cms.project_api)."""

from ninja import Router

router = Router(tags=["Buzón"])
