"""Listing pages render in a fixed number of queries, however many publications there are."""

import datetime

import pytest

from ejes.factories import EjePageFactory
from estructura.choices import Periodo, TipoInformacion
from estructura.factories import (
    AplicabilidadFactory,
    ObligacionFactory,
    OrganoPageFactory,
    ProyectoPageFactory,
    PublicacionPageFactory,
)

# Measured budgets (see the issue note); a change that adds queries per row breaks them.
# The órgano page judges its publications' series, the home page every public series (the
# union's compliance figure and the latest records' badges): a fixed handful of queries each.
BUDGETS = {"home": 27, "eje": 25, "organo": 26}


def add_publicaciones(organos, ejes, count, start=0, obligaciones=()):
    """`count` publications; every other one fills a series of `obligaciones` (round robin)."""
    tipos = list(TipoInformacion.values)
    periodos = [Periodo.T1, Periodo.T2, Periodo.T3, Periodo.T4]
    for n in range(start, start + count):
        obligacion = obligaciones[n % len(obligaciones)] if obligaciones and n % 2 else None
        PublicacionPageFactory(
            obligacion=obligacion,
            parent=organos[n % len(organos)],
            ejes=[ejes[n % len(ejes)], ejes[(n + 1) % len(ejes)]],
            tipo_informacion=tipos[n % len(tipos)],
            periodo=periodos[n % 4],
            ejercicio=2025 + n % 2,
            fecha_actualizacion=datetime.date(2026, 9, 1) - datetime.timedelta(days=n),
        )


@pytest.fixture
def site_with_content(home, ejes_index, estructura, eje, organo):
    otro_eje = EjePageFactory(parent=ejes_index, title="Derechos laborales")
    tema = EjePageFactory(parent=eje, title="Rendición de cuentas")
    secretaria = OrganoPageFactory(parent=organo, title="Secretaría de Finanzas")
    ProyectoPageFactory(parent=organo, ejes=[eje])
    organos, ejes = [organo, secretaria], [eje, otro_eje, tema]
    obligaciones = [ObligacionFactory(), ObligacionFactory()]
    for each in organos:
        for obligacion in obligaciones:
            AplicabilidadFactory(organo=each, obligacion=obligacion)
    return {
        "organos": organos,
        "ejes": ejes,
        "obligaciones": obligaciones,
        "eje": eje,
        "organo": organo,
        "home": home,
    }


def measure(client, url, budget, django_assert_max_num_queries):
    client.get(url)  # warm the per-site caches (site root paths, settings rows)
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("which", ["home", "eje", "organo"])
def test_page_queries_do_not_grow_with_publications(
    client, site_with_content, django_assert_max_num_queries, which
):
    page = site_with_content[which]
    url = page.url
    content = site_with_content["organos"], site_with_content["ejes"]
    obligaciones = site_with_content["obligaciones"]
    add_publicaciones(*content, 10, obligaciones=obligaciones)
    with_10, response_10 = measure(client, url, BUDGETS[which], django_assert_max_num_queries)
    add_publicaciones(*content, 90, start=10, obligaciones=obligaciones)
    with_100, response_100 = measure(client, url, BUDGETS[which], django_assert_max_num_queries)
    assert with_10 == with_100, f"{which}: {with_10} queries with 10, {with_100} with 100"
    # The pages really did list more rows the second time (or a full page of them).
    assert response_100.content.count(b"Publicaci") >= response_10.content.count(b"Publicaci")
    print(f"{which}: {with_10} queries with 10 publications, {with_100} with 100")
