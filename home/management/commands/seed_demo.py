"""`manage.py seed_demo`: fill a local portal with demo content and demo accounts."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import data
from home.demo.builder import DemoBuilder, DemoConflict
from home.demo.tickets import demo_sample, emails_kept

DEFAULT_PASSWORD = "optisnte-demo"  # noqa: S105 - the documented demo password, local use only

FEMININE = {"Páginas", "Colecciones", "Membresías en grupos", "Aplicabilidad de obligaciones"}


class Command(BaseCommand):
    help = (
        "Crea el contenido de demostración de OPTISNTE bajo la portada existente: ejes y temas, "
        "la Estructura Sindical (órganos nacionales, secretarías del CEN, comités, organismos "
        "auxiliares y secciones), más de 40 publicaciones de los últimos cuatro trimestres con "
        "su PDF en la colección de su órgano, fichas de proyecto (Transparencia Proactiva "
        "OPTISNTE), publicaciones en cada paso del flujo de publicación (borrador, en revisión, "
        "cambios solicitados, aprobada), los ajustes del sitio, los grupos, permisos y flujos de "
        "`setup_roles`, y cuentas de demostración: 'admin' (superusuario), 'opti-nacional' "
        "(Administración OPTI) y, para cada órgano que no es sección, 'enlace-<slug del órgano>' "
        "y 'supervisor-<slug del órgano>' en los grupos de su órgano; y el Buzón OPTISNTE "
        "(/buzon/) con unos 100 tickets de los últimos cuatro trimestres en todos sus estados. "
        "La contraseña de las cuentas nuevas es DEMO_PASSWORD (por omisión 'optisnte-demo'). "
        "Es idempotente: solo crea lo que falta y nunca cambia lo que existe. "
        "Se niega a correr con DEBUG=False salvo con --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Correr aunque DEBUG sea False (crea cuentas con una contraseña conocida).",
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo crea cuentas de demostración con una contraseña conocida y no corre "
                "con DEBUG=False; usa --force si de verdad lo quieres. "
                "(seed_demo creates demo accounts with a known password and refuses to run "
                "with DEBUG=False; pass --force if you really mean it.)"
            )
        self.verbosity = verbosity
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        started = time.monotonic()
        try:
            with emails_kept() as outbox, transaction.atomic():
                builder = DemoBuilder(password=password, report=self.report).build()
        except DemoConflict as error:
            raise CommandError(f"No se pudo sembrar la demostración: {error}") from error
        elapsed = time.monotonic() - started
        if verbosity >= 1:
            self.summary(builder, elapsed, password)
            if outbox:
                self.stdout.write(
                    f"Correos del Buzón que los servicios generaron: {len(outbox)} "
                    "(guardados, no enviados a las direcciones inventadas)."
                )

    def report(self, message, level):
        if self.verbosity >= level:
            self.stdout.write(message)

    def summary(self, builder, elapsed, password):
        write = self.stdout.write
        for name, tally in builder.tallies.items():
            ending = "as" if name in FEMININE else "os"
            write(
                self.style.SUCCESS(
                    f"{name}: {tally.created} cread{ending}, {tally.found} existentes"
                )
            )
            if name == "Páginas":
                for label, total in builder.pages_by_type.items():
                    created = builder.pages_created_by_type[label]
                    write(f"  {label}: {created} creadas, {total - created} existentes")
        if builder.home_updated:
            write("  La portada recibió sus textos de demostración.")
        if builder.flujo:
            write("Flujo de publicación, una página en cada paso (su estado actual):")
            for estado, title, edit_url in builder.flujo_summary():
                write(f"  {estado}: {title}  ·  http://127.0.0.1:8000{edit_url}")
        write(f"Listo en {elapsed:.1f} s.")

        organos = builder.account_organos()
        # The órgano of the workflow examples: its supervisor has something to review.
        example = data.FLUJO_DE_PUBLICACION[0]["organo"] if builder.flujo else None
        example = example or (organos[0].slug if organos else "<órgano>")
        shown = password if password == DEFAULT_PASSWORD else "(la de DEMO_PASSWORD)"
        write("")
        write(f"Cuentas de demostración, contraseña {shown} (se fija solo al crear la cuenta):")
        write(f"  {data.ADMIN_USERNAME}: superusuario, puede todo.")
        write(
            f"  {data.OPTI_NACIONAL_USERNAME}: Administración OPTI; gestiona la estructura, los "
            "ejes, usuarios, grupos, flujos y ajustes, y hace la Validación OPTI."
        )
        write(
            f"  enlace-<slug del órgano> (p. ej. enlace-{example}): redacta y edita las páginas "
            "de su órgano y las envía a revisión; no publica."
        )
        write(
            f"  supervisor-<slug del órgano> (p. ej. supervisor-{example}): revisa lo de su "
            "órgano, pide cambios, aprueba y publica."
        )
        sample = demo_sample()
        if sample:
            write(
                "Buzón: prueba el seguimiento en http://127.0.0.1:8000/buzon/seguimiento/ con el "
                f"folio {sample[0]} y la clave {sample[1]}; los enlaces ven sus tickets en "
                "Administración → Buzón."
            )
        write("Sitio: http://127.0.0.1:8000/  ·  Administración: http://127.0.0.1:8000/admin/")
