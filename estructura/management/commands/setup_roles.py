"""Create or repair every órgano's groups, collections, permissions and workflows."""

from django.core.management.base import BaseCommand

from estructura.models import OrganoRoles
from estructura.roles import setup_all
from estructura.workflows import ensure_workflows


class Command(BaseCommand):
    help = (
        "Crea o repara los grupos «Enlaces · <órgano>» y «Supervisores · <órgano>», sus "
        "permisos y colecciones, el grupo «Administración OPTI» y los flujos de publicación. "
        "Idempotente: puede correr en cada despliegue."
    )

    def handle(self, *args, **options):
        admin, created = setup_all()
        publicacion, con_validacion = ensure_workflows()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Roles: {created} órganos nuevos, {OrganoRoles.objects.count()} en total; "
                    f"grupo «{admin.name}»; flujos «{publicacion.name}» y «{con_validacion.name}»."
                )
            )
