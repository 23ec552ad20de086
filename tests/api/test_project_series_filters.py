"""/api/obligaciones/series/ takes the same filters as API v2's /aplicabilidad/ (obligación,
aplica) and answers the same rows, with the same status."""

import pytest

from tests.api.test_v2_obligaciones import catalogo, get  # noqa: F401 - the shared fixture

SERIES = "/api/obligaciones/series/"


def keys(rows):
    found = []
    for row in rows:
        # The project API names the obligation by its clave; API v2 by a reference with it.
        obligacion = row["obligacion"]
        clave = obligacion["clave"] if isinstance(obligacion, dict) else obligacion
        found.append((row["organo"]["id"], clave, row["estado"]))
    return found


@pytest.mark.parametrize(
    "query",
    [
        "obligacion=prueba-xxx",
        "aplica=false",
        "aplica=true",
        "estado=vencida&aplica=true",
        "organo={a}&obligacion=prueba-vii",
        "organo={a}&estado=vencida&obligacion=prueba-vii&aplica=true",
    ],
)
def test_same_rows_and_status_as_api_v2(client, catalogo, organo_a, query):  # noqa: F811
    query = query.format(a=organo_a.pk)
    project = client.get(f"{SERIES}?{query}").json()
    v2 = get(client, f"/api/v2/aplicabilidad/?{query}&limit=100").json()["items"]
    assert keys(project["items"]) == keys(v2)
    assert project["items"], query  # each case selects something
    assert project["cumplimiento"]["aplicables"] + project["cumplimiento"]["no_aplica"] == len(v2)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("aplica=TRUE", 400),
        ("aplica=1", 400),
        ("aplica=%00", 400),
        ("obligacion=no-existe", 404),
        ("obligacion=" + "a" * 5000, 400),  # too long for any parameter (api.guard)
        ("obligacion=%3Cscript%3E", 404),
    ],
)
def test_bad_filters_are_refused_in_spanish(client, catalogo, query, status):  # noqa: F811
    response = client.get(f"{SERIES}?{query}")
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert detail and "<script>" not in detail
