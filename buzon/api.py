"""The Buzón's API at /api/buzon/ (django-ninja, mounted by cms.project_api)."""

from ninja import Router

from .api_statistics import router as statistics_router

router = Router(tags=["Buzón"])
router.add_router("/estadisticas/", statistics_router)
