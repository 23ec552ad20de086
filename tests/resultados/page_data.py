"""Hand-made records for the results page tests: a year of meetings, uploads, visits, tickets."""

import datetime

from estructura.choices import Periodo as PeriodoInformado
from estructura.choices import TipoReunion
from estructura.registers import ActualizacionPlataforma, Reunion
from tests.buzon.tickets import MX, ticket_at
from visitas.models import VisitaDiaria

# Per quarter (T1..T4): meetings with governing bodies, with enlaces, uploads, visits per day.
PLAN = {1: (1, 2, 3, 10), 2: (2, 1, 4, 20), 3: (0, 3, 5, 30), 4: (2, 2, 6, 45)}


def record_year(year, organo, page, scale=1):
    """`scale` times the PLAN's rows in every quarter of `year` (the figures grow with it,
    the page's queries must not)."""
    for trimestre, (gobierno, enlaces, cargas, visitas) in PLAN.items():
        month = 3 * (trimestre - 1) + 1
        for n in range(gobierno * scale):
            Reunion.objects.create(
                fecha=datetime.date(year, month, 1 + n % 28),
                tipo=TipoReunion.ORGANO_GOBIERNO,
                asistentes="Ana\nBeto",
            )
        for n in range(enlaces * scale):
            Reunion.objects.create(
                fecha=datetime.date(year, month + 1, 1 + n % 28),
                tipo=TipoReunion.ENLACES,
                asistentes="Carla",
            )
        ActualizacionPlataforma.objects.bulk_create(
            [
                ActualizacionPlataforma(
                    formato=f"Art. 70 fracción {n}",
                    ejercicio=year,
                    periodo=PeriodoInformado.T1,
                    organo=organo,
                    fecha=datetime.date(year, month + 2, 1 + n % 28),
                )
                for n in range(cargas * scale)
            ]
        )
        VisitaDiaria.objects.bulk_create(
            [
                VisitaDiaria(page=page, dia=datetime.date(year, month, day), visitas=visitas)
                for day in range(1, 1 + min(28, scale))
            ]
        )
        # One ticket answered within the quarter, one still pending.
        filed = datetime.datetime(year, month, 10, 10, tzinfo=MX)
        ticket_at(
            filed,
            resuelto=filed + datetime.timedelta(days=3),
            respondido=filed + datetime.timedelta(days=3),
        )
        ticket_at(filed + datetime.timedelta(days=1))
