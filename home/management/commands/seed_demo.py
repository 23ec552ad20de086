"""`manage.py seed_demo`: fill a local portal with demo content and demo accounts."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import data
from home.demo.builder import DemoBuilder, DemoConflict

DEFAULT_PASSWORD = "optisnte-demo"  # noqa: S105 - the documented demo password, local use only

FEMININE = {"Páginas", "Colecciones"}


class Command(BaseCommand):
    help = (
        "Crea el contenido de demostración de OPTISNTE bajo la portada existente: ejes y temas, "
        "la Estructura Sindical (órganos nacionales, secretarías del CEN, comités, organismos "
        "auxiliares y secciones), más de 40 publicaciones de los últimos cuatro trimestres con "
        "su PDF, fichas de proyecto (Transparencia Proactiva OPTISNTE), los ajustes del sitio y "
        "cuentas de demostración: 'admin' (superusuario) y, para cada órgano que no es sección, "
        "'enlace-<slug del órgano>' y 'supervisor-<slug del órgano>' (sin permisos todavía). "
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
            with transaction.atomic():
                builder = DemoBuilder(password=password, report=self.report).build()
        except DemoConflict as error:
            raise CommandError(f"No se pudo sembrar la demostración: {error}") from error
        elapsed = time.monotonic() - started
        if verbosity >= 1:
            self.summary(builder, elapsed, password)

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
        write(f"Listo en {elapsed:.1f} s.")

        example = builder.account_organos()[0].slug if builder.account_organos() else "<órgano>"
        shown = password if password == DEFAULT_PASSWORD else "(la de DEMO_PASSWORD)"
        write("")
        write("Cuentas de demostración (la contraseña se fija solo al crear la cuenta):")
        write(f"  {data.ADMIN_USERNAME} / {shown}  (superusuario)")
        write(
            f"  enlace-<slug del órgano> y supervisor-<slug del órgano> / {shown}, "
            f"p. ej. enlace-{example}"
        )
        write("Sitio: http://127.0.0.1:8000/  ·  Administración: http://127.0.0.1:8000/admin/")
