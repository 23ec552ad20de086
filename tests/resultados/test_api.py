"""/api/resultados/: the same figures as resultados(), in the schema, and bad input refused."""

import datetime

import pytest
from django.utils import timezone

from estructura.choices import TipoReunion
from estructura.registers import Reunion
from resultados.figures import FIGURES, Periodo, comparable, resultados
from visitas.models import VisitaDiaria

pytestmark = pytest.mark.django_db

URL = "/api/resultados/"


@pytest.fixture
def recorded(home):
    """Visits and meetings in Q3 2025, Q2 2026 and Q3 2026 (the trend's three periods)."""
    for day, visits in (
        (datetime.date(2025, 8, 1), 10),
        (datetime.date(2026, 5, 1), 40),
        (datetime.date(2026, 8, 1), 50),
    ):
        VisitaDiaria.objects.create(page=home, dia=day, visitas=visits)
    Reunion.objects.create(
        fecha=datetime.date(2026, 8, 2), tipo=TipoReunion.ENLACES, asistentes="Ana"
    )


def get(client, **params):
    return client.get(URL, params)


def by_key(cifras):
    return {cifra["clave"]: cifra for cifra in cifras}


def test_a_quarter_has_its_period_figures_and_trends(client, recorded):
    response = get(client, ejercicio="2026", trimestre="3")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    body = response.json()
    assert body["periodo"] == {
        "tipo": "trimestre",
        "ejercicio": 2026,
        "trimestre": 3,
        "mes": None,
        "inicio": "2026-07-01",
        "fin": "2026-09-30",
        "etiqueta": "T3 2026",
    }
    assert body["trimestres"] is None
    cifras = by_key(body["cifras"])
    assert list(cifras) == [figure.key for figure in FIGURES]
    expected = resultados(Periodo(2026, 3)).valores
    assert {key: cifra["valor"] for key, cifra in cifras.items()} == expected

    visitas = cifras["visitas_portal"]
    assert visitas["etiqueta"] == "Visitas al portal" and visitas["unidad"] == "numero"
    assert visitas["valor"] == 50
    assert visitas["frente_al_periodo_anterior"] == {
        "periodo": {
            "tipo": "trimestre",
            "ejercicio": 2026,
            "trimestre": 2,
            "mes": None,
            "inicio": "2026-04-01",
            "fin": "2026-06-30",
            "etiqueta": "T2 2026",
        },
        "anterior": 40,
        "diferencia": 10,
        "porcentaje": 25.0,
        "direccion": "sube",
    }
    anio = visitas["frente_al_anio_anterior"]
    assert anio["periodo"]["etiqueta"] == "T3 2025"
    assert (anio["anterior"], anio["diferencia"], anio["porcentaje"]) == (10, 40, 400.0)
    assert cifras["reuniones_enlaces"]["frente_al_periodo_anterior"]["porcentaje"] is None
    assert cifras["porcentaje_tickets_resueltos"]["valor"] is None


def test_a_year_has_its_four_quarters(client, recorded):
    body = get(client, ejercicio="2026").json()
    assert body["periodo"]["trimestre"] is None and body["periodo"]["etiqueta"] == "2026"
    assert [q["periodo"]["etiqueta"] for q in body["trimestres"]] == [
        "T1 2026",
        "T2 2026",
        "T3 2026",
        "T4 2026",
    ]
    assert by_key(body["cifras"])["visitas_portal"]["valor"] == 90
    per_quarter = [by_key(q["cifras"])["visitas_portal"]["valor"] for q in body["trimestres"]]
    assert per_quarter == [0, 40, 50, 0]
    trend = by_key(body["cifras"])["visitas_portal"]["frente_al_periodo_anterior"]
    # While 2026 runs, it is read against the same days of 2025 (figures.comparable).
    assert trend["periodo"]["etiqueta"] == comparable(Periodo(2026), "previous").label
    assert trend["anterior"] == 10


def test_without_parameters_it_is_the_current_year(client, home):
    body = get(client).json()
    assert body["periodo"]["ejercicio"] == timezone.localdate().year
    assert len(body["trimestres"]) == 4


def test_the_first_year_has_no_earlier_period(client, home):
    body = get(client, ejercicio="2000", trimestre="1").json()
    cifra = body["cifras"][0]
    assert cifra["frente_al_periodo_anterior"] is None
    assert cifra["frente_al_anio_anterior"] is None


@pytest.mark.parametrize(
    "params, message",
    [
        ({"ejercicio": "2026", "trimestre": "5"}, "«trimestre» debe ser 1, 2, 3 o 4."),
        ({"ejercicio": "2026", "trimestre": "0"}, "«trimestre» debe ser 1, 2, 3 o 4."),
        ({"ejercicio": "abc"}, "«ejercicio» debe ser un año de cuatro cifras"),
        ({"ejercicio": "-2026"}, "«ejercicio» debe ser un año de cuatro cifras"),
        ({"ejercicio": "2026.5"}, "«ejercicio» debe ser un año de cuatro cifras"),
        ({"ejercicio": "٢٠٢٦"}, "«ejercicio» debe ser un año de cuatro cifras"),
        ({"ejercicio": "9" * 40}, "«ejercicio» debe ser un año de cuatro cifras"),
        ({"ejercicio": "99999"}, "«ejercicio» debe ser un año de cuatro cifras"),
        ({"ejercicio": "1999"}, "de 2000 a"),
        ({"trimestre": "tres"}, "«trimestre» debe ser 1, 2, 3 o 4."),
    ],
)
def test_bad_input_is_a_spanish_problem(client, home, params, message):
    response = get(client, **params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert message in response.json()["detail"]


def test_nul_character_is_refused(client, home):
    response = client.get(URL + "?ejercicio=2026%00&trimestre=1")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_is_in_the_openapi_schema_with_its_responses(client, home):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/resultados/"]["get"]
    assert {"200", "400"} <= set(operation["responses"])
    assert {param["name"] for param in operation["parameters"]} == {
        "ejercicio",
        "trimestre",
        "mes",
        "desde",
        "hasta",
    }
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    resultados_schema = schema["components"]["schemas"][ok.rsplit("/", 1)[-1]]
    assert {"periodo", "cifras", "trimestres"} <= set(resultados_schema["properties"])
    cifra = schema["components"]["schemas"]["CifraSchema"]["properties"]
    assert {"clave", "etiqueta", "unidad", "valor", "descripcion"} <= set(cifra)


def test_is_public_and_ignores_a_session(client, home, django_user_model):
    user = django_user_model.objects.create_user("alguien", "a@example.org", "x")
    client.force_login(user)
    assert get(client, ejercicio="2026", trimestre="1").status_code == 200
