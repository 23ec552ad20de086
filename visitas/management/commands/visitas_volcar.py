"""`manage.py visitas_volcar`: add the page views buffered in the cache to `VisitaDiaria`.

Run it from cron every few minutes (see the README's "Visitas" section). Idempotent: a second
run right after the first finds nothing left to add; two runs at once never add a count twice
(the second one says the other is running and does nothing).
"""

from django.core.management.base import BaseCommand, CommandError

from visitas import counter


class Command(BaseCommand):
    help = (
        "Suma a las visitas por día las páginas vistas que esperan en la caché. Puede correr "
        "cada pocos minutos desde cron; correrlo de nuevo no cuenta nada dos veces."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dias",
            type=int,
            default=counter.BUFFER_DAYS,
            help=f"Cuántos días hacia atrás revisar (por omisión {counter.BUFFER_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Solo muestra lo pendiente, sin volcarlo."
        )

    def handle(self, *args, dias, dry_run=False, **options):
        if not 1 <= dias <= counter.BUFFER_DAYS:
            raise CommandError(f"--dias debe estar entre 1 y {counter.BUFFER_DAYS}, no {dias}.")
        if dry_run:
            pendientes = counter.pending(days=dias)
            for (page_id, dia), visitas in sorted(pendientes.items(), key=lambda item: item[0]):
                self.stdout.write(f"página {page_id} · {dia}: {visitas}")
            self.stdout.write(
                f"Pendientes {sum(pendientes.values())} visitas en {len(pendientes)} "
                "filas (página y día)."
            )
            return
        volcado = counter.flush(days=dias)
        if volcado.busy:
            self.stdout.write("Otro volcado está en curso; no se hizo nada.")
            return
        self.stdout.write(
            f"Volcadas {volcado.visitas} visitas en {volcado.filas} filas (página y día)."
        )
