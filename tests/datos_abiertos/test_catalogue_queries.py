"""The catalogue's endpoints run in a fixed number of queries: more órganos, obligations and
publications add none.

Each download is rendered once to measure its byteSize, so a catalogue costs what its
downloads cost (measured here, each on its own) plus a fixed overhead of its own; the budget
is that overhead, so that a change in how a download counts (the results' figures) moves the
download's figure, not this test's.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datos_abiertos.catalogo import datasets, find
from estructura.factories import AplicabilidadFactory, OrganoPageFactory, PublicacionPageFactory
from estructura.models import Obligacion

from .conftest import body

pytestmark = pytest.mark.django_db

# Measured on PostgreSQL with the fixture's site (and the same with eight more órganos): what
# the catalogue asks beyond its downloads. A download asked on its own repeats what one request
# asks once (the private sections, the site), hence data.json's negative figure; a dataset's
# page adds the registry (about a dozen) and its filters' choices. At the time of measuring,
# data.json asked 164 queries in all, the index 16, the publications' page 36.
OVERHEAD = {
    "/datos-abiertos/data.json": -14,
    "/datos-abiertos/catalogo.jsonld": -14,
    # The Buzón's statistics added two (their last change, their first year).
    "/datos-abiertos/": 18,
    "/datos-abiertos/publicaciones/": 12,
    "/datos-abiertos/obligaciones-cumplimiento/": 15,
    "/datos-abiertos/rendicion-de-resultados/": 7,
    "/datos-abiertos/buzon-estadisticas/": 16,
}


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        body(response)
    assert response.status_code == 200, path
    return len(captured)


def measured_downloads(path):
    """The paths of the downloads `path` renders to measure them."""
    if path.endswith(("data.json", "catalogo.jsonld")):
        found = datasets()
    elif path == "/datos-abiertos/":
        found = []
    else:
        found = [find(path.strip("/").rsplit("/", 1)[-1])]
    return [d.path for dataset in found for d in dataset.distributions]


def grow(estructura, eje, count):
    obligacion = Obligacion.objects.first()
    for n in range(count):
        organo = OrganoPageFactory(parent=estructura, title=f"Sección {n}")
        AplicabilidadFactory(organo=organo, obligacion=obligacion)
        PublicacionPageFactory(parent=organo, ejes=[eje], obligacion=obligacion)
        PublicacionPageFactory(parent=organo, ejes=[eje])


@pytest.mark.parametrize("path", list(OVERHEAD))
def test_catalogue_endpoint_runs_in_fixed_queries(
    client, catalogo_site, estructura, eje, path, django_assert_max_num_queries
):
    client.get(path)  # fills what every request shares (site root paths, content types)
    small = queries(client, path)
    grow(estructura, eje, 8)
    large = queries(client, path)
    assert large == small, (path, small, large)
    downloads = sum(queries(client, download) for download in measured_downloads(path))
    with django_assert_max_num_queries(downloads + OVERHEAD[path]):
        body(client.get(path))
