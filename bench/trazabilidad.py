"""Report: every results figure on the demo, its source, its drill-down, and the project sheet
against the results page for two periods (issue 13's note).

Usage (from the repository root, after `make test` has installed the test tools):

    .venv/bin/python bench/trazabilidad.py [--database URL]

It builds a throwaway database (SQLite in a temporary folder unless --database names an empty
PostgreSQL database) and loads the demo. Then, through Django's test client, for the running
quarter and the running year, it sets the showcase sheet ("Transparencia Proactiva OPTISNTE")
to that scope, and prints one line per figure: the sheet's number, the results page's number
for the same period (its summary block for that period), the count the drill-down list states
(`data-count` of its heading: for a percentage, the records it divides by), and whether the
sheet and the page link to the same list. A line that disagrees is marked "≠" and the
script exits with status 1.
"""

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import migrate_and_seed, start_django  # noqa: E402

SHOWCASE = "Transparencia Proactiva OPTISNTE"
# Where each figure is computed: resultados.figures.resultados reads these.
SOURCES = {
    "tickets_recibidos": "buzon.statistics.ticket_figures (tickets_recibidos_qs)",
    "tickets_resueltos": "buzon.statistics.ticket_figures (tickets_resueltos_qs)",
    "tickets_pendientes": "buzon.statistics.ticket_figures (tickets_pendientes_qs)",
    "porcentaje_tickets_resueltos": "buzon.statistics.ticket_figures",
    "mediana_dias_respuesta": "buzon.statistics.ticket_figures (_median_days)",
    "actualizaciones_opti": "estructura.audit.count_publications_published",
    "actualizaciones_plataforma": "resultados.figures.cargas_qs",
    "reuniones_organos_gobierno": "resultados.figures.reuniones_qs",
    "reuniones_enlaces": "resultados.figures.reuniones_qs",
    "cumplimiento_obligaciones": "resultados.figures.compliance_at_close",
    "visitas_portal": "resultados.figures.visitas_qs",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="")
    return parser.parse_args()


def soup_of(client, url):
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def report(client, sheet, results_page, alcance):
    from resultados.figures import FIGURES
    from resultados.live_figures import periods_for

    sheet.periodo_resultados = alcance
    sheet.save()
    periodo, _fallback = periods_for(alcance)
    table = (
        soup_of(client, sheet.url)
        .select_one("#resultados-title")
        .find_parent("section")
        .select_one("table")
    )
    rows = {row["data-cifra"]: row for row in table.select("tr[data-cifra]")}
    page = soup_of(client, results_page.url + "?" + urlencode(periodo.query()))
    (block,) = [
        section
        for section in page.select("section.resultados-resumen")
        if section["data-periodo"] == periodo.label
    ]
    cards = {card["data-cifra"]: card for card in block.select("li.resultados-cifra")}
    print(f"\n{sheet.title} «{alcance}» against {results_page.url} for {periodo.label}:")
    print(f"{'figure':30} {'sheet':>10} {'page':>10} {'list':>6}  drill-down")
    agree = True
    for figure in FIGURES:
        row, card = rows.get(figure.key), cards[figure.key]
        page_number = card.select_one(".resultados-cifra__number").get_text(strip=True)
        page_link = card.select_one("a")["href"]
        sheet_number = row.select("td")[0].get_text(strip=True) if row else "(no row)"
        sheet_link = row.select_one("td a") if row else None
        same_link = sheet_link is not None and sheet_link["href"] == page_link
        listed = soup_of(client, page_link).h1.get("data-count", "?")
        # A figure the sheet has no row for is not compared ("(no row)").
        ok = row is None or (sheet_number == page_number and (same_link or sheet_number == "—"))
        agree &= ok
        print(
            f"{figure.key:30} {sheet_number:>10} {page_number:>10} {listed:>6}  "
            f"{page_link}{'' if ok else '  ≠'}"
        )
    return agree


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        start_django(workdir, args.database)
        migrate_and_seed()
        from django.test import Client

        from estructura.models import ProyectoPage
        from resultados.models import ResultadosPage

        print("Sources (resultados.figures.resultados):")
        for key, source in SOURCES.items():
            print(f"  {key:30} {source}")
        client = Client(HTTP_HOST="127.0.0.1")
        sheet = ProyectoPage.objects.get(title=SHOWCASE)
        results_page = ResultadosPage.objects.live().get()
        agree = all(
            [report(client, sheet, results_page, alcance) for alcance in ("trimestre", "anio")]
        )
        print("\nall agree" if agree else "\nsome figures disagree (≠)")
        sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
