"""List who sent, approved, rejected, published or withdrew publications and projects, and when."""

import csv
import datetime
import io

from django.core.management.base import BaseCommand, CommandError

from cms.spreadsheets import spreadsheet_text
from estructura.audit import (
    PublicationLogRow,
    describe,
    find_organo,
    publication_log_entries,
)
from estructura.models import OrganoPage

FORMATS = ("texto", "csv")


def parse_date(value, option):
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(
            f"{option}: «{value}» no es una fecha válida; use el formato AAAA-MM-DD "
            "(por ejemplo 2026-07-01)."
        ) from None


class Command(BaseCommand):
    help = (
        "Bitácora de publicación: envíos a revisión, aprobaciones, solicitudes de cambios, "
        "publicaciones y retiros de publicaciones y proyectos entre dos fechas (incluidas, "
        "hora de la Ciudad de México)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--desde", required=True, help="Primer día, AAAA-MM-DD.")
        parser.add_argument("--hasta", required=True, help="Último día (incluido), AAAA-MM-DD.")
        # Checked by hand, not with `choices`, so a wrong value gets a Spanish message.
        parser.add_argument("--formato", default="texto", help="texto (por omisión) o csv.")
        parser.add_argument(
            "--organo", help="Id o slug de un órgano: solo lo suyo y lo de sus sub-órganos."
        )

    def handle(self, *args, desde, hasta, formato="texto", organo=None, **options):
        start = parse_date(desde, "--desde")
        end = parse_date(hasta, "--hasta")
        if end < start:
            raise CommandError(
                f"--hasta ({end:%Y-%m-%d}) es anterior a --desde ({start:%Y-%m-%d})."
            )
        formato = (formato or "").strip().lower()
        if formato not in FORMATS:
            raise CommandError(f"--formato: «{formato}» no es válido; use «texto» o «csv».")
        organo_page = None
        if organo is not None:
            try:
                organo_page = find_organo(organo)
            except OrganoPage.MultipleObjectsReturned:
                raise CommandError(
                    f"--organo: hay varios órganos con el slug «{organo}»; indique su id."
                ) from None
            if organo_page is None:
                raise CommandError(f"--organo: no existe un órgano con id o slug «{organo}».")

        rows = describe(publication_log_entries(start, end, organo=organo_page))
        if formato == "csv":
            self.stdout.write(self.as_csv(rows), ending="")
        else:
            self.write_text(rows, start, end, organo_page)

    def as_csv(self, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(PublicationLogRow.COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.fecha.strftime("%Y-%m-%d %H:%M:%S"),
                    spreadsheet_text(row.accion),
                    spreadsheet_text(row.pagina),
                    spreadsheet_text(row.organo),
                    spreadsheet_text(row.usuario),
                    spreadsheet_text(row.comentario),
                ]
            )
        return buffer.getvalue()

    def write_text(self, rows, start, end, organo):
        for row in rows:
            fields = [
                row.fecha_texto,
                row.accion,
                row.pagina,
                row.organo or "—",
                row.usuario,
            ]
            if row.comentario:
                fields.append(f"«{' '.join(row.comentario.split())}»")
            self.stdout.write(" | ".join(fields))
        count = f"{len(rows)} movimiento{'' if len(rows) == 1 else 's'}"
        scope = f" de {organo.title}" if organo else ""
        self.stdout.write(
            f"{count}{scope} del {start:%d/%m/%Y} al {end:%d/%m/%Y}.",
            style_func=self.style.SUCCESS,
        )
