"""The results of the demo: its page and a year of registers and visits for it to count.

Enlaces acreditados (the demo's ``enlace-<slug>`` accounts), meetings of both kinds, uploads to
the national platform in each update window, and a daily visit count per page for the last
~400 days: what the figures of ``resultados.figures`` read, so ``/rendicion-de-resultados/``
has charts on ``make run``. Each row is planned deterministically from the day and found by its
natural key (enlace: user and órgano; meeting: date and kind; upload: format, period and
órgano; visits: page and day), so a second run adds nothing. Everything is written in bulk.
"""

import datetime
import math
import random

from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone
from wagtail.models import Page

from estructura.choices import Periodo as PeriodoInformado
from estructura.choices import TipoOrgano, TipoReunion
from estructura.registers import ActualizacionPlataforma, EnlaceAcreditado, Reunion
from resultados.figures import Periodo
from resultados.models import ResultadosPage
from visitas.models import VisitaDiaria

from . import data

SEED = "optisnte-demo-resultados"
ENLACES_ACREDITADOS = 12
VISIT_DAYS = 400
UPLOADS_PER_WINDOW = 10

RESULTADOS_PAGE = {
    "slug": "rendicion-de-resultados",
    "show_in_menus": True,
    "title": "Rendición de resultados",
    "intro": (
        "<p>Lo que el OPTISNTE hizo cada trimestre: tickets del Buzón atendidos, "
        "actualizaciones del portal y de la Plataforma Nacional de Transparencia, reuniones de "
        "trabajo y visitas al portal. Las cifras se cuentan a partir de los registros del "
        "sistema; nadie las captura a mano.</p>"
    ),
    "nota_metodologica": (
        "<p>Los trimestres son naturales (enero–marzo, abril–junio, julio–septiembre y "
        "octubre–diciembre) y las fechas se toman en la hora del centro de México. Las cifras "
        "del trimestre en curso cambian día con día; las de un trimestre cerrado ya no "
        "cambian.</p>"
    ),
}

FORMATOS = [
    "Art. 70 fracción I — Marco normativo aplicable",
    "Art. 70 fracción II — Estructura orgánica",
    "Art. 70 fracción III — Facultades de cada área",
    "Art. 70 fracción VII — Directorio",
    "Art. 70 fracción IX — Gastos de representación y viáticos",
    "Art. 70 fracción XXI — Información financiera sobre el presupuesto asignado",
    "Art. 70 fracción XXIV — Informes de resultados de auditorías",
    "Art. 70 fracción XXVII — Concesiones, contratos, convenios, permisos y licencias",
    "Art. 70 fracción XXXIX — Actas y resoluciones del Comité de Transparencia",
    "Art. 79 fracción I — Contratos y convenios entre sindicatos y autoridades",
    "Art. 79 fracción II — Directorio del Comité Ejecutivo",
    "Art. 79 fracción IV — Padrón de socios",
    "Art. 79 fracción V — Recursos públicos recibidos y su destino",
]

ACUERDOS_GOBIERNO = [
    "Se presentó el avance de publicaciones del trimestre y se acordó completar la "
    "información financiera pendiente antes del cierre de la ventana de actualización.",
    "Se revisaron las solicitudes recibidas en el Buzón OPTISNTE y se acordó responder las "
    "pendientes dentro del plazo de diez días hábiles.",
    "Se acordó publicar los acuerdos de la sesión en el portal dentro de los cinco días "
    "hábiles siguientes.",
]
ACUERDOS_ENLACES = [
    "Capacitación en la carga de formatos a la Plataforma Nacional de Transparencia; cada "
    "enlace enviará su acuse a la Coordinación Nacional OPTI.",
    "Revisión del calendario de actualización trimestral y de las publicaciones vencidas de "
    "cada órgano.",
    "Se acordó usar las plantillas de fichas de proyecto para la Transparencia Proactiva.",
    "Seguimiento a los tickets del Buzón turnados a cada órgano y a sus tiempos de respuesta.",
]

# Visits on an ordinary weekday, by kind of page; weekends are quieter.
BASE_VISITS = {
    "homepage": 140,
    "resultadospage": 18,
    "buzonpage": 30,
    "ejesindexpage": 35,
    "estructuraindexpage": 35,
    "ejepage": 12,
    "organopage": 9,
    "proyectopage": 4,
    "publicacionpage": 1.2,
}
WEEKDAY_FACTOR = [1.0, 1.05, 1.0, 0.95, 0.85, 0.4, 0.3]
# Quiet pages have days with no visit at all (and so no row), as real ones do.
SPARSE_BELOW = 5


def ensure_resultados(builder, home):
    """The results page and its registers; returns the number of rows created now."""
    from .builder import Tally

    for name in (
        "Enlaces acreditados",
        "Registros de reuniones",
        "Registros de cargas a la plataforma",
        "Registros de visitas diarias",
    ):
        builder.tallies.setdefault(name, Tally())
    ensure_resultados_page(builder, home)
    demo = DemoResultados(builder)
    return demo.enlaces() + demo.reuniones() + demo.cargas() + demo.visitas()


def ensure_resultados_page(builder, home):
    """The results page under the home page (an existing one, whatever its slug, is kept)."""
    existing = ResultadosPage.objects.first()
    if existing is not None:
        builder.tallies["Páginas"].found += 1
        builder.pages_by_type[ResultadosPage._meta.verbose_name_plural] += 1
        return existing
    return builder.ensure_page(home, ResultadosPage, **RESULTADOS_PAGE)


def quarter_start(day, quarters_back):
    index = day.year * 4 + (day.month - 1) // 3 - quarters_back
    return datetime.date(index // 4, (index % 4) * 3 + 1, 1)


def poisson(generator, mean):
    """A small count with the given mean (Knuth's method: fine for means below ~10)."""
    limit, count, product = math.exp(-mean), 0, generator.random()
    while product > limit:
        count += 1
        product *= generator.random()
    return count


def daily_visits(generator, day, base, first):
    """Believable visits of one page on one day."""
    # A slow climb over the year, and a bump in the first week of each month (when updates
    # are published).
    trend = 0.75 + 0.5 * (day - first).days / VISIT_DAYS
    bump = 1.4 if day.day <= 7 else 1.0
    mean = base * WEEKDAY_FACTOR[day.weekday()] * trend * bump
    if mean < SPARSE_BELOW:
        return poisson(generator, mean)
    return max(0, round(generator.gauss(mean, mean * 0.25)))


def insert_visits(rows, chunk=300):
    """(page_id, dia, visitas) rows, a few hundred to an INSERT: a year of a whole portal is
    some 20,000 rows, and model instances for bulk_create (or one statement per row) would
    take seconds, not a blink. 300 rows keep under SQLite's 999 parameters."""
    quote = connection.ops.quote_name
    table = quote(VisitaDiaria._meta.db_table)
    columns = ", ".join(quote(name) for name in ("page_id", "dia", "visitas"))
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), chunk):
            batch = rows[offset : offset + chunk]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",  # noqa: S608 - no input
                [value for row in batch for value in row],
            )


def person(index):
    nombre = data.NOMBRES[index % len(data.NOMBRES)]
    apellidos = " ".join(
        data.APELLIDOS[(index * 5 + shift) % len(data.APELLIDOS)] for shift in (0, 2)
    )
    return f"{nombre} {apellidos}"


class DemoResultados:
    def __init__(self, builder):
        self.builder = builder
        self.today = builder.today
        self.since = quarter_start(self.today, 3)
        self.organos = [
            organo
            for organo in builder.account_organos()
            if ("enlace", organo.slug) in builder.accounts
        ]

    def tally(self, name, created, found):
        tally = self.builder.tallies[name]
        tally.created += created
        tally.found += found
        return created

    def enlaces(self):
        wanted = {}
        for index, organo in enumerate(self.organos[:ENLACES_ACREDITADOS]):
            usuario = self.builder.accounts["enlace", organo.slug]
            # Accredited before the year the figures cover, on different days.
            fecha = self.since - datetime.timedelta(days=30 + 7 * index)
            wanted[usuario.pk, organo.pk] = EnlaceAcreditado(
                usuario=usuario,
                organo=organo,
                fecha_acreditacion=fecha,
                oficio=f"OPTI/{fecha.year}/{index + 1:03d}",
            )
        existing = set(
            EnlaceAcreditado.objects.filter(usuario_id__in=[key[0] for key in wanted]).values_list(
                "usuario_id", "organo_id"
            )
        )
        missing = [row for key, row in wanted.items() if key not in existing]
        EnlaceAcreditado.objects.bulk_create(missing)
        return self.tally("Enlaces acreditados", len(missing), len(wanted) - len(missing))

    def meeting_plan(self):
        gobierno = [o for o in self.builder.organos if o.tipo == TipoOrgano.ORGANO_GOBIERNO]
        plan = []
        for back in range(3, -1, -1):
            start = quarter_start(self.today, back)
            generator = random.Random(f"{SEED}:reuniones:{start}")  # noqa: S311 - demo data
            kinds = [TipoReunion.ORGANO_GOBIERNO] * 2 + [TipoReunion.ENLACES] * 3
            for number, tipo in enumerate(kinds):
                # Spread over the quarter's weekdays, about one meeting a fortnight.
                day = start + datetime.timedelta(days=number * 17 + generator.randint(0, 9))
                while day.weekday() >= 5:
                    day += datetime.timedelta(days=1)
                if day > self.today:
                    continue
                if tipo == TipoReunion.ORGANO_GOBIERNO and gobierno:
                    organos = [gobierno[(back + number) % len(gobierno)]]
                    asistentes = [
                        f"{person(back * 7 + number + i)} — integrante del {organos[0].title}"
                        for i in range(generator.randint(3, 6))
                    ]
                    acuerdos = generator.choice(ACUERDOS_GOBIERNO)
                else:
                    organos = generator.sample(
                        self.organos, k=min(len(self.organos), generator.randint(3, 6))
                    )
                    asistentes = [
                        f"{self.builder.accounts['enlace', o.slug].get_full_name()} — enlace de "
                        f"{o.title}"
                        for o in organos
                    ]
                    acuerdos = generator.choice(ACUERDOS_ENLACES)
                asistentes.append("Coordinación Nacional OPTI")
                plan.append((day, tipo, organos, "\n".join(asistentes), acuerdos))
        return plan

    def reuniones(self):
        plan = self.meeting_plan()
        existing = set(Reunion.objects.filter(fecha__gte=self.since).values_list("fecha", "tipo"))
        missing = [row for row in plan if (row[0], row[1]) not in existing]
        created = Reunion.objects.bulk_create(
            [
                Reunion(fecha=day, tipo=tipo, asistentes=asistentes, acuerdos=acuerdos)
                for day, tipo, _organos, asistentes, acuerdos in missing
            ]
        )
        through = Reunion.organos.through
        through.objects.bulk_create(
            [
                through(reunion_id=reunion.pk, organopage_id=organo.pk)
                for reunion, (_day, _tipo, organos, *_texts) in zip(created, missing, strict=True)
                for organo in organos
            ]
        )
        return self.tally("Registros de reuniones", len(missing), len(plan) - len(missing))

    def upload_plan(self):
        plan = []
        for start, deadline in self.builder.calendar.windows_from(self.since.year):
            if start > self.today:
                break
            if start < self.since:
                continue
            # A window reports the last quarter that ended before it opened.
            informado = Periodo.current(start - datetime.timedelta(days=1))
            if informado.fin >= start:
                informado = informado.previous()
            generator = random.Random(f"{SEED}:cargas:{start}")  # noqa: S311 - demo data
            span = max(0, (deadline - start).days)
            for number in range(UPLOADS_PER_WINDOW):
                organo = self.organos[(number * 3 + start.month) % len(self.organos)]
                formato = FORMATOS[(number * 5 + start.month + start.year) % len(FORMATOS)]
                fecha = min(start + datetime.timedelta(days=generator.randint(0, span)), self.today)
                plan.append(
                    ActualizacionPlataforma(
                        formato=formato,
                        ejercicio=informado.ejercicio,
                        periodo=PeriodoInformado(f"T{informado.trimestre}"),
                        organo=organo,
                        fecha=fecha,
                    )
                )
        return plan

    def cargas(self):
        if not self.organos:
            return 0
        plan = self.upload_plan()
        existing = set(
            ActualizacionPlataforma.objects.filter(
                ejercicio__in={row.ejercicio for row in plan}
            ).values_list("formato", "ejercicio", "periodo", "organo_id")
        )
        missing = [
            row
            for row in plan
            if (row.formato, row.ejercicio, row.periodo, row.organo_id) not in existing
        ]
        ActualizacionPlataforma.objects.bulk_create(missing)
        return self.tally(
            "Registros de cargas a la plataforma", len(missing), len(plan) - len(missing)
        )

    def visitas(self):
        """A row per page and day with visits, from the page's publication (at most VISIT_DAYS
        back) to yesterday; a page goes on from its last counted day, so reruns add nothing."""
        first = self.today - datetime.timedelta(days=VISIT_DAYS)
        yesterday = self.today - datetime.timedelta(days=1)
        last_counted = {
            page_id: (last, count)
            for page_id, last, count in VisitaDiaria.objects.values("page_id")
            .annotate(last=Max("dia"), count=Count("pk"))
            .values_list("page_id", "last", "count")
            .order_by()
        }
        pages = (
            Page.objects.live()
            .filter(depth__gt=1)
            .select_related("content_type")
            .only("pk", "depth", "url_path", "first_published_at", "content_type__model")
        )
        rows, found = [], 0
        for page in pages:
            base = BASE_VISITS.get(page.content_type.model, 2)
            # The home page was there all along, even if the seed published its texts today.
            published = (
                timezone.localtime(page.first_published_at).date()
                if page.first_published_at and page.depth > 2
                else first
            )
            start = max(first, published)
            last, count = last_counted.get(page.pk, (None, 0))
            found += count
            # Drawn from the page's first day every run, so a rerun that goes on after a
            # quiet day (no row) draws the same zero again instead of a new number.
            generator = random.Random(f"{SEED}:visitas:{page.url_path}:{first}")  # noqa: S311
            day = start
            while day <= yesterday:
                visitas = daily_visits(generator, day, base, first)
                if visitas and (last is None or day > last):
                    rows.append((page.pk, day, visitas))
                day += datetime.timedelta(days=1)
        insert_visits(rows)
        return self.tally("Registros de visitas diarias", len(rows), found)
