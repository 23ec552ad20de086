"""The public downloads in the platform's layout (/formatos/): every one of them, generated
from what /obligaciones/ lists (each public series with records) and from every live record
with rows, and held complete against the URL resolver. They are open data: no parameter is
taken (a 400 in Spanish naming it); nothing unpublished or private is in them."""

import datetime

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from estructura.factories import PublicacionPageFactory
from estructura.models import PublicacionPage
from estructura.obligaciones import series
from estructura.obligaciones_views import organos_of
from estructura.workflows import ensure_workflows

from .sipot_helpers import obligacion_con_columnas, read_xlsx, serie_publicada

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(eje, organo_a, organo_b, sub_organo_a):
    ensure_workflows()
    obligacion = obligacion_con_columnas()
    for organo in (organo_a, organo_b, sub_organo_a):
        serie_publicada(organo, obligacion, eje)
    # A draft record of A's series: in no download.
    PublicacionPageFactory(
        parent=organo_a,
        ejes=[eje],
        obligacion=obligacion,
        ejercicio=2026,
        periodo="T3",
        live=False,
        title="Borrador de recursos",
        fecha_actualizacion=datetime.date(2026, 10, 3),
    )
    # B is private: neither its series nor its records are downloadable.
    PageViewRestriction.objects.create(page=organo_b, restriction_type="login")
    return obligacion


def download_urls():
    """Every public /formatos/ URL: each public series with records, each record with rows."""
    urls = []
    for serie in series(organos_of(None), timezone.localdate()):
        if serie.actual is not None:
            for formato in ("csv", "xlsx"):
                args = [serie.organo.pk, serie.obligacion.clave, formato]
                urls.append(("formatos:serie", reverse("formatos:serie", args=args)))
    records = PublicacionPage.objects.live().public().filter(filas__isnull=False).distinct()
    for page in records:
        for formato in ("csv", "xlsx"):
            path = reverse("formatos:publicacion_filas", args=[page.pk, formato])
            urls.append(("formatos:publicacion_filas", path))
    return urls


def resolver_names():
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "formatos":
            yield from (f"formatos:{p.name}" for p in pattern.url_patterns)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_formats_url_of_the_resolver_is_enumerated(stage):
    names = {name for name, _path in download_urls()}
    assert names == set(resolver_names())


def test_every_public_download_answers_and_refuses_any_parameter(client, stage):
    urls = download_urls()
    assert len(urls) == 8  # A's and A's sub-órgano's series, and their two records
    for _name, path in urls:
        assert client.get(path).status_code == 200, path
        for query, named in (
            ({"zzz": "1"}, "zzz"),
            ({"ejercicio": "2026"}, "ejercicio"),
            ({"ejercicio": ["2026", "2025"]}, "ejercicio"),
        ):
            response = client.get(path, query)
            text = body(response).decode()
            assert response.status_code == 400, (path, query)
            assert named in text and ("Parámetro desconocido" in text or "aparece" in text)
        assert client.post(path).status_code == 405


def test_the_obligations_page_links_each_public_series_to_its_download(client, stage):
    text = client.get(reverse("obligaciones:index")).content.decode()
    series_urls = [path for name, path in download_urls() if name == "formatos:serie"]
    for path in series_urls:
        assert f'href="{path}"' in text
    assert text.count('href="/formatos/serie/') == len(series_urls)


def test_private_or_unpublished_records_are_in_no_download(client, stage, organo_a, organo_b):
    clave = stage.clave
    private = client.get(reverse("formatos:serie", args=[organo_b.pk, clave, "xlsx"]))
    assert private.status_code == 404
    for page in PublicacionPage.objects.child_of(organo_b):
        path = reverse("formatos:publicacion_filas", args=[page.pk, "csv"])
        assert client.get(path).status_code == 404
    rows = read_xlsx(body(client.get(reverse("formatos:serie", args=[organo_a.pk, clave, "xlsx"]))))
    assert [row[:3] for row in rows[1:]] == [
        [2026, datetime.datetime(2026, 4, 1), datetime.datetime(2026, 6, 30)]
    ]
