"""Who may use the formats screens (/admin/formatos/): every role against every series, for
the listing, the export, the import form, an upload and an import's progress page. A "no"
is a refusal and nothing stored: no import job, no page, no revision.

The reach of each role is tests.permissions.conftest.REACH, written by hand from DESIGN.md,
so the test does not ask the rule it checks.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision

from estructura.models import ImportacionFormato, PublicacionPage
from estructura.sipot.layout import headings
from estructura.workflows import ensure_workflows
from tests.permissions.conftest import REACH, personas_por_rol

from .sipot_helpers import obligacion_con_columnas, serie_publicada, xlsx

pytestmark = pytest.mark.django_db

SERIES = ("a", "sub_a", "b")


@pytest.fixture
def stage(eje, organo_a, sub_organo_a, organo_b):
    ensure_workflows()
    obligacion = obligacion_con_columnas()
    organos = {"a": organo_a, "sub_a": sub_organo_a, "b": organo_b}
    series = {key: serie_publicada(organo, obligacion, eje) for key, organo in organos.items()}
    people = personas_por_rol(organo_a, sub_organo_a, organo_b)
    clients = {"anonymous": Client(), **{name: p.admin for name, p in people.items()}}
    jobs = {
        key: ImportacionFormato.objects.create(
            organo=serie.organo,
            obligacion=obligacion,
            usuario=people["opti"].user,
            nombre_archivo=f"formato-{key}.xlsx",
            contenido=b"",
            estado="terminada",
        )
        for key, serie in series.items()
    }
    return series, clients, jobs


def refused(response):
    if response.status_code == 302:
        return response["Location"].startswith(reverse("wagtailadmin_login"))
    return response.status_code in (403, 404)


def new_period_file(serie):
    """The series' layout with one row of 2026 T3: an upload that would create a draft."""
    columnas = list(serie.obligacion.columnas.all())
    row = [2026, datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)]
    row += [datetime.date(2026, 8, 1), "Cuotas", 10, "https://snte.org.mx/t3.pdf"][: len(columnas)]
    row += ["", datetime.date(2026, 10, 6), datetime.date(2026, 10, 3), ""]
    return xlsx([headings(columnas), row])


def stored():
    return (
        ImportacionFormato.objects.count(),
        PublicacionPage.objects.count(),
        Revision.objects.count(),
    )


CASES = [(role, key) for role in REACH for key in SERIES]


@pytest.mark.parametrize(("role", "key"), CASES)
def test_export_and_import_form_only_within_reach(stage, role, key):
    series, clients, jobs = stage
    client, allowed = clients[role], key in REACH[role]
    serie = series[key]
    for url in (
        reverse("formatos_admin:exportar", args=[serie.pk]),
        reverse("formatos_admin:importar", args=[serie.pk]),
        reverse("formatos_admin:importacion", args=[jobs[key].pk]),
    ):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, (role, key, url)
        else:
            assert refused(response), (role, key, url, response.status_code)
    if allowed:
        export = client.get(reverse("formatos_admin:exportar", args=[serie.pk]))
        assert b"".join(export.streaming_content)[:2] == b"PK"  # an XLSX, not an error page


@pytest.mark.parametrize(("role", "key"), CASES)
def test_an_upload_is_taken_only_within_reach(stage, role, key, django_capture_on_commit_callbacks):
    series, clients, _jobs = stage
    serie = series[key]
    before = stored()
    with django_capture_on_commit_callbacks(execute=True):
        response = clients[role].post(
            reverse("formatos_admin:importar", args=[serie.pk]),
            {"archivo": SimpleUploadedFile("formato.xlsx", new_period_file(serie))},
        )
    if key not in REACH[role]:
        assert refused(response), (role, key, response.status_code)
        assert stored() == before
        return
    job = ImportacionFormato.objects.latest("pk")
    assert response.status_code == 302 and job.organo_id == serie.organo_id
    assert job.estado == "terminada", job.errores
    created = PublicacionPage.objects.child_of(serie.organo).get(periodo="T3")
    assert not created.live and created.workflow_in_progress


@pytest.mark.parametrize("role", list(REACH))
def test_the_listing_shows_exactly_the_series_in_reach(stage, role):
    series, clients, jobs = stage
    response = clients[role].get(reverse("formatos_admin:index"))
    if not REACH[role]:
        assert refused(response)
        return
    text = response.content.decode()
    for key, serie in series.items():
        export = reverse("formatos_admin:exportar", args=[serie.pk])
        progress = reverse("formatos_admin:importacion", args=[jobs[key].pk])
        assert (export in text) == (key in REACH[role]), (role, key)
        assert (progress in text) == (key in REACH[role]), (role, key)
