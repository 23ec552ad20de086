"""API v2's /obligaciones/ and /aplicabilidad/, and the series status on publications and
órganos: what each shows, that it agrees with the badges' function, that private and
unpublished órganos never appear, hostile parameters, and a fixed number of queries."""

import itertools
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from api.obligaciones import AplicabilidadAPIViewSet, ObligacionesAPIViewSet
from estructura.choices import Periodo
from estructura.factories import (
    AplicabilidadFactory,
    ObligacionFactory,
    OrganoPageFactory,
    PublicacionPageFactory,
)
from estructura.models import ObligacionColumna
from estructura.obligaciones import (
    EstadoSerie,
    cumplimiento_por_organo,
    keyed,
    serie_de,
    series,
)

OBLIGACIONES = "/api/v2/obligaciones/"
APLICABILIDAD = "/api/v2/aplicabilidad/"
ENGLISH = re.compile(
    r"\b(must|cannot|not|the|is|doesn't|supported|field|invalid|unknown|matches|found)\b"
)
# A year no window has reached yet: a series with a record of its last quarter is al día on
# any day the suite runs (the validator accepts up to next year).
NEXT_YEAR = timezone.localdate().year + 1
_fresh = itertools.count()


def get(client, url):
    # The API's HTTP cache answers a repeated URL without the database: each call asks anew.
    return client.get(f"{url}{'&' if '?' in url else '?'}_={next(_fresh)}")


def items(client, url):
    response = get(client, url)
    assert response.status_code == 200, response.content[:500]
    return response.json()["items"]


def record(organo, obligacion, ejercicio, periodo, **fields):
    return PublicacionPageFactory(
        parent=organo, obligacion=obligacion, ejercicio=ejercicio, periodo=periodo, **fields
    )


@pytest.fixture
def catalogo(home, organo_a, sub_organo_a, organo_b):
    """Two obligations (the first with two typed columns) and each órgano's table:

    - comité A: directorio al día (a record of next year's last quarter, and an older one,
      histórico), informes vencida (never published; a draft does not count);
    - comisión de A (below A): directorio vencida, informes no aplica;
    - comité B: directorio vencida.
    """
    directorio = ObligacionFactory(clave="prueba-vii", titulo="Directorio", orden=1001)
    ObligacionColumna.objects.create(
        obligacion=directorio, nombre="Nombre", tipo="texto", sort_order=0
    )
    ObligacionColumna.objects.create(
        obligacion=directorio, nombre="Alta", tipo="fecha", sort_order=1
    )
    informes = ObligacionFactory(clave="prueba-xxx", titulo="Informes", orden=1002)
    AplicabilidadFactory(organo=organo_a, obligacion=directorio)
    AplicabilidadFactory(organo=organo_a, obligacion=informes)
    AplicabilidadFactory(organo=sub_organo_a, obligacion=directorio)
    AplicabilidadFactory(
        organo=sub_organo_a,
        obligacion=informes,
        aplica=False,
        fundamento_motivacion="La comisión no ejerce recursos.",
    )
    AplicabilidadFactory(organo=organo_b, obligacion=directorio)
    vigente = record(organo_a, directorio, NEXT_YEAR, Periodo.T4, title="Directorio vigente")
    anterior = record(organo_a, directorio, NEXT_YEAR - 2, Periodo.T1, title="Directorio viejo")
    record(organo_a, informes, NEXT_YEAR, Periodo.T4, title="Informe en borrador", live=False)
    return {
        "directorio": directorio,
        "informes": informes,
        "vigente": vigente,
        "anterior": anterior,
    }


def by_key(rows):
    return {(row["organo"]["id"], row["obligacion"]["clave"]): row for row in rows}


# --- /api/v2/obligaciones/ ---------------------------------------------------------------------


def test_catalogue_lists_every_obligation_with_its_columns(client, catalogo):
    rows = items(client, OBLIGACIONES + "?fields=*&limit=100")
    # After the catalogue the migrations load, in the catalogue's order.
    assert [row["clave"] for row in rows[-2:]] == ["prueba-vii", "prueba-xxx"]
    directorio = rows[-2]
    assert directorio["titulo"] == "Directorio"
    assert directorio["periodicidad"] == "trimestral"
    assert directorio["fundamento"] == catalogo["directorio"].fundamento
    assert directorio["conservacion"]
    assert directorio["columnas"] == [
        {"nombre": "Nombre", "tipo": "texto"},
        {"nombre": "Alta", "tipo": "fecha"},
    ]
    assert directorio["meta"]["type"] == "estructura.Obligacion"
    detail = get(client, directorio["meta"]["detail_url"].removeprefix("http://testserver"))
    assert detail.json()["columnas"] == directorio["columnas"]


def test_catalogue_find_by_clave_redirects_to_the_detail(client, catalogo):
    response = client.get(OBLIGACIONES + "find/?clave=prueba-xxx")
    assert response.status_code == 302
    detail = f"http://testserver{OBLIGACIONES}{catalogo['informes'].pk}/"
    assert response["Location"].startswith(detail)
    assert client.get(OBLIGACIONES + "find/?clave=no-existe").status_code == 404


# --- /api/v2/aplicabilidad/ --------------------------------------------------------------------


def test_each_row_says_whether_it_applies_and_its_series_status(
    client, catalogo, organo_a, sub_organo_a, organo_b
):
    rows = by_key(items(client, APLICABILIDAD + "?fields=*"))
    assert len(rows) == 5
    al_dia = rows[(organo_a.pk, "prueba-vii")]
    assert al_dia["organo"]["title"] == "Comité A"
    assert al_dia["aplica"] is True
    assert al_dia["periodicidad"] == "trimestral"
    assert al_dia["estado"] == EstadoSerie.AL_DIA
    assert al_dia["estado_nombre"] == "Al día"
    assert al_dia["pendiente"] is None
    assert al_dia["actual"]["id"] == catalogo["vigente"].pk
    assert al_dia["actual"]["url"] == f"http://testserver{catalogo['vigente'].url}"
    # The draft does not fill the period: still vencida, with the period owed and its deadline.
    vencida = rows[(organo_a.pk, "prueba-xxx")]
    assert vencida["estado"] == EstadoSerie.VENCIDA
    assert vencida["actual"] is None
    assert vencida["pendiente"]["fecha_limite"] < timezone.localdate().isoformat()
    no_aplica = rows[(sub_organo_a.pk, "prueba-xxx")]
    assert no_aplica["aplica"] is False
    assert no_aplica["estado"] == EstadoSerie.NO_APLICA
    assert no_aplica["fundamento_motivacion"] == "La comisión no ejerce recursos."
    assert rows[(organo_b.pk, "prueba-vii")]["estado"] == EstadoSerie.VENCIDA


def test_effective_periodicity_and_conservation_are_the_organos(client, catalogo, organo_b):
    row = organo_b.aplicabilidades.get()
    row.periodicidad, row.conservacion = "anual", "Seis años"
    row.save()
    (item,) = items(client, APLICABILIDAD + f"?organo={organo_b.pk}&fields=*")
    assert (item["periodicidad"], item["conservacion"]) == ("anual", "Seis años")


def test_every_status_agrees_with_series_and_the_obligaciones_table(
    client, catalogo, organo_a, sub_organo_a, organo_b
):
    """The rows' status is series()'s, and /obligaciones/'s cumplimiento table says the same."""
    rows = items(client, APLICABILIDAD + "?fields=*&limit=100")
    judged = keyed(series())
    tabla = client.get("/obligaciones/cumplimiento.json").json()
    shown = {(item["Órgano"], item["Clave"]): item["Estado"] for item in tabla}
    assert len(rows) == len(judged) == len(shown) == 5
    for row in rows:
        serie = judged[(row["organo"]["id"], row["obligacion"]["id"])]
        assert row["estado"] == serie.estado
        assert row["estado_nombre"] == serie.estado_texto
        assert shown[(row["organo"]["title"], row["obligacion"]["clave"])] == row["estado_nombre"]
        assert (row["actual"] or {}).get("id") == getattr(serie.actual, "pk", None)
        assert (row["pendiente"] or {}).get("periodo") == getattr(serie.pendiente, "periodo", None)
    # The status is not a constant: the rows hold every one of them.
    assert {row["estado"] for row in rows} == {"al_dia", "vencida", "no_aplica"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("organo={a}", {("A", "vii"), ("A", "xxx"), ("sub", "vii"), ("sub", "xxx")}),
        ("organo={sub}", {("sub", "vii"), ("sub", "xxx")}),
        ("organo={b}", {("B", "vii")}),
        ("obligacion=prueba-xxx", {("A", "xxx"), ("sub", "xxx")}),
        ("estado=vencida", {("A", "xxx"), ("sub", "vii"), ("B", "vii")}),
        ("estado=al_dia", {("A", "vii")}),
        ("estado=en_plazo", set()),
        ("estado=no_aplica", {("sub", "xxx")}),
        ("aplica=false", {("sub", "xxx")}),
        ("aplica=true", {("A", "vii"), ("A", "xxx"), ("sub", "vii"), ("B", "vii")}),
        ("organo={a}&estado=vencida&obligacion=prueba-vii", {("sub", "vii")}),
        ("organo={a}&estado=vencida&limit=1&offset=1", {("sub", "vii")}),
    ],
)
def test_filters(client, catalogo, organo_a, sub_organo_a, organo_b, query, expected):
    names = {organo_a.pk: "A", sub_organo_a.pk: "sub", organo_b.pk: "B"}
    url = APLICABILIDAD + "?" + query.format(a=organo_a.pk, sub=sub_organo_a.pk, b=organo_b.pk)
    rows = items(client, url)
    found = {(names[row["organo"]["id"]], row["obligacion"]["clave"][-3:]) for row in rows}
    assert found == expected
    for row in rows:
        if "estado=" in query:
            assert row["estado"] == query.split("estado=")[1].split("&")[0]


def test_a_private_organo_and_what_is_below_it_never_appear(
    client, catalogo, organo_a, sub_organo_a, organo_b
):
    PageViewRestriction.objects.create(
        page=organo_a, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    rows = items(client, APLICABILIDAD + "?fields=*&limit=100")
    assert {row["organo"]["id"] for row in rows} == {organo_b.pk}
    for hidden in (organo_a, sub_organo_a):
        response = get(client, APLICABILIDAD + f"?organo={hidden.pk}")
        assert response.status_code == 400
        assert "órgano público" in response.json()["message"]
        row = hidden.aplicabilidades.first()
        assert get(client, f"{APLICABILIDAD}{row.pk}/").status_code == 404
    vencidas = items(client, APLICABILIDAD + "?estado=vencida")
    assert {row["organo"]["id"] for row in vencidas} == {organo_b.pk}


def test_an_unpublished_organo_never_appears(client, catalogo, estructura):
    borrador = OrganoPageFactory(parent=estructura, title="Órgano en borrador", live=False)
    AplicabilidadFactory(organo=borrador, obligacion=catalogo["directorio"])
    rows = items(client, APLICABILIDAD + "?limit=100")
    assert borrador.pk not in {row["organo"]["id"] for row in rows}
    assert len(rows) == 5
    assert get(client, APLICABILIDAD + f"?organo={borrador.pk}").status_code == 400
    row = borrador.aplicabilidades.get()
    assert get(client, f"{APLICABILIDAD}{row.pk}/").status_code == 404


def test_detail_carries_the_same_status(client, catalogo, organo_a):
    row = organo_a.aplicabilidades.get(obligacion=catalogo["directorio"])
    data = get(client, f"{APLICABILIDAD}{row.pk}/").json()
    assert data["estado"] == EstadoSerie.AL_DIA
    assert data["actual"]["id"] == catalogo["vigente"].pk
    assert data["organo"]["id"] == organo_a.pk


# --- the pages' representation -----------------------------------------------------------------


def test_a_publication_carries_its_obligation_and_its_badge_status(client, catalogo, organo_a):
    listing = "/api/v2/pages/?type=estructura.PublicacionPage&fields=obligacion,serie"
    rows = {row["id"]: row for row in items(client, listing)}
    vigente, anterior = catalogo["vigente"], catalogo["anterior"]
    assert rows[vigente.pk]["obligacion"]["clave"] == "prueba-vii"
    assert rows[vigente.pk]["serie"]["estado"] == serie_de(vigente).estado == "al_dia"
    # A record of a past period is history, not a delay; it points at the current one.
    assert rows[anterior.pk]["serie"]["estado"] == serie_de(anterior).estado == "historico"
    assert rows[anterior.pk]["serie"]["estado_serie"] == "al_dia"
    assert rows[anterior.pk]["serie"]["actual"]["id"] == vigente.pk
    detail = get(client, f"/api/v2/pages/{anterior.pk}/").json()
    assert detail["serie"] == rows[anterior.pk]["serie"]


def test_a_publication_of_no_obligation_has_no_series(client, catalogo, organo_b):
    page = PublicacionPageFactory(parent=organo_b)
    assert get(client, f"/api/v2/pages/{page.pk}/").json()["serie"] is None


def test_an_organo_carries_its_compliance_as_obligaciones_counts_it(
    client, catalogo, organo_a, sub_organo_a, organo_b
):
    listing = "/api/v2/pages/?type=estructura.OrganoPage&fields=cumplimiento"
    rows = {row["id"]: row["cumplimiento"] for row in items(client, listing)}
    for organo, counts in cumplimiento_por_organo(series()):
        assert rows[organo.pk]["porcentaje"] == counts.porcentaje
        assert rows[organo.pk]["cumplen"] == counts.cumplen
        assert rows[organo.pk]["aplicables"] == counts.aplicables
    assert rows[organo_a.pk] == {
        "aplicables": 2,
        "cumplen": 1,
        "al_dia": 1,
        "en_plazo": 0,
        "vencidas": 1,
        "no_aplica": 0,
        "porcentaje": 50,
    }
    assert rows[sub_organo_a.pk]["porcentaje"] == 0
    detail = get(client, f"/api/v2/pages/{organo_a.pk}/").json()
    assert detail["cumplimiento"] == rows[organo_a.pk]


# --- hostile parameters ------------------------------------------------------------------------

HOSTILE_VALUES = [
    "",
    "\x00",
    "abc",
    "-1",
    "0",
    "9" * 30,
    "a" * 1001,
    "<script>alert(1)</script>",
    "1 OR 1=1",
    "_,secret",
    "Al_Dia",
    "TRUE",
]
ENDPOINTS = {OBLIGACIONES: ObligacionesAPIViewSet, APLICABILIDAD: AplicabilidadAPIViewSet}
# Every parameter each endpoint takes (its filters included), and some it must refuse.
CASES = [
    (url, name)
    for url, viewset in ENDPOINTS.items()
    for name in sorted(viewset.known_query_parameters | {"nonexistent", "order", "search", "id"})
]


def expected_status(name, value):
    if name == "format":
        # DRF picks the renderer before the view runs: an unknown one is a 404.
        return 200 if value == "" else 404
    if "\x00" in value or len(value) > 1000:
        return 400  # whatever the parameter (api.v2.StrictParametersMixin)
    if name == "_":
        return 200  # cache-busting: any value
    if name == "fields" and value == "":
        return 200
    if name in ("limit", "offset") and value == "0":
        return 200
    return 400


@pytest.mark.parametrize(("url", "name"), CASES, ids=[f"{u[8:-1]}-{n}" for u, n in CASES])
def test_hostile_parameters_are_refused_in_spanish(client, catalogo, url, name):
    for value in HOSTILE_VALUES:
        # A value the database refuses aborts the test's transaction, as it would end a
        # request's (a 400 all the same): roll each request back to go on with the next.
        savepoint = transaction.savepoint()
        response = client.get(url, {name: value})
        transaction.savepoint_rollback(savepoint)
        expected = expected_status(name, value)
        assert response.status_code == expected, (value, response.content[:300])
        if response.status_code == 200:
            continue
        message = response.json()["message"]
        assert isinstance(message, str) and message, value
        assert "<script>" not in message
        assert not ENGLISH.search(message), f"English reached the client: {message!r}"


def test_the_hostile_cases_cover_every_filter():
    for viewset in ENDPOINTS.values():
        for backend in viewset.filter_backends:
            assert backend.query_parameters <= viewset.known_query_parameters
    assert {"organo", "obligacion", "estado", "aplica"} <= {name for _, name in CASES}


@pytest.mark.parametrize(
    "path",
    [
        f"{APLICABILIDAD}99999999999/",
        f"{OBLIGACIONES}99999999999/",
        f"{OBLIGACIONES}find/?clave=%00",
        f"{OBLIGACIONES}find/?id=abc",
        f"{APLICABILIDAD}find/?id=99999999999999999999",
        f"{OBLIGACIONES}?fields=_,secret",
        f"{APLICABILIDAD}?fields=estado(x)",
        f"{APLICABILIDAD}?limit=101",
    ],
)
def test_hostile_paths_are_never_a_500(client, catalogo, path):
    response = client.get(path)
    assert response.status_code in (400, 404), response.content[:300]
    assert not ENGLISH.search(response.json()["message"])


# --- queries -----------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = get(client, url)
    assert response.status_code == 200, response.content[:500]
    return len(captured), response.json()["items"]


@pytest.fixture
def cincuenta(home, estructura):
    """50 rows of the tabla: 10 órganos (half below another) × 5 obligations, each series
    with two records (one histórico), every other órgano with a column-typed obligation."""
    obligaciones = [ObligacionFactory() for _ in range(5)]
    for obligacion in obligaciones:
        ObligacionColumna.objects.create(obligacion=obligacion, nombre="Nombre")
    parent = estructura
    for n in range(10):
        organo = OrganoPageFactory(parent=parent)
        parent = organo if n % 2 == 0 else estructura
        for m, obligacion in enumerate(obligaciones):
            AplicabilidadFactory(organo=organo, obligacion=obligacion, aplica=bool(m))
            record(organo, obligacion, NEXT_YEAR - 1, Periodo.T1)
            if n % 3:
                record(organo, obligacion, NEXT_YEAR, Periodo.T4)
    ObligacionFactory.create_batch(45)  # 50 obligations in the catalogue
    return obligaciones


@pytest.mark.parametrize(
    "url",
    [
        APLICABILIDAD + "?fields=*&limit={limit}",
        APLICABILIDAD + "?fields=*&estado=vencida&limit={limit}",
        APLICABILIDAD + "?fields=*&aplica=true&obligacion={clave}&limit={limit}",
        OBLIGACIONES + "?fields=*&limit={limit}",
    ],
)
def test_listing_queries_do_not_grow_with_its_length(
    client, cincuenta, url, django_assert_max_num_queries
):
    url = url.replace("{clave}", cincuenta[1].clave)
    get(client, url.format(limit=50))  # warm the site caches (root paths)
    with django_assert_max_num_queries(15):
        with_5, rows_5 = count_queries(client, url.format(limit=5))
    with django_assert_max_num_queries(15):
        with_50, rows_50 = count_queries(client, url.format(limit=50))
    assert len(rows_5) == min(5, len(rows_50))
    assert len(rows_50) > 5 or "obligacion=" in url
    assert with_5 == with_50, f"{with_5} queries for 5 rows, {with_50} for 50"
    print(f"{url}: {with_5} queries for 5 rows, {with_50} for {len(rows_50)}")


def test_pages_with_series_and_compliance_stay_fixed(
    client, cincuenta, django_assert_max_num_queries
):
    for url in [
        "/api/v2/pages/?type=estructura.PublicacionPage&fields=serie,obligacion&limit={limit}",
        "/api/v2/pages/?type=estructura.OrganoPage&fields=cumplimiento&limit={limit}",
    ]:
        get(client, url.format(limit=50))
        with django_assert_max_num_queries(20):
            with_few, few = count_queries(client, url.format(limit=3))
        with django_assert_max_num_queries(20):
            with_many, many = count_queries(client, url.format(limit=50))
        assert len(many) > len(few) == 3
        assert with_few == with_many, (url, with_few, with_many)
        print(f"{url}: {with_few} queries for 3 rows, {with_many} for {len(many)}")


def test_a_change_to_the_tabla_reaches_the_cached_listing(client, catalogo, organo_b, settings):
    settings.API_CACHE_SECONDS = 300
    url = APLICABILIDAD + f"?organo={organo_b.pk}"
    assert client.get(url).json()["items"][0]["aplica"] is True
    assert client.get(url)["X-Cache"] == "HIT"
    row = organo_b.aplicabilidades.get()
    row.aplica, row.fundamento_motivacion = False, "No le corresponde."
    row.save()
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert response.json()["items"][0]["estado"] == EstadoSerie.NO_APLICA


def test_the_listing_shows_the_status_by_default(client, catalogo):
    row = items(client, APLICABILIDAD)[0]
    assert set(row) == {"id", "meta", "organo", "obligacion", "aplica", "estado"}
