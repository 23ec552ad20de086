"""The import of a format's XLSX as a task: never in the request that uploads it (in
production the django-tasks-db worker runs it; in development and tests, at once)."""

from django_tasks import task


@task()
def importar_formato(importacion_id: int):
    """Process import `importacion_id` (estructura.sipot.importer.run); returns its state."""
    from .importer import run

    return run(importacion_id)
