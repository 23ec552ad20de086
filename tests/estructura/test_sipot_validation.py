"""The SIPOT rules of a record, enforced by the model for every way in (admin, API, import)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cms.choices import Periodicidad
from estructura.choices import Periodo
from estructura.factories import (
    AplicabilidadFactory,
    ObligacionFactory,
    PublicacionPageFactory,
)
from estructura.models import PublicacionPage


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


@pytest.fixture
def record(organo_a, eje):
    return PublicacionPageFactory(
        parent=organo_a,
        ejes=[eje],
        ejercicio=2026,
        periodo=Periodo.T2,
        fecha_actualizacion=datetime.date(2026, 7, 3),
        fecha_validacion=datetime.date(2026, 7, 5),
    )


def test_a_valid_record_is_saved_with_its_dates(record):
    saved = PublicacionPage.objects.get(pk=record.pk)
    assert (saved.fecha_actualizacion, saved.fecha_validacion) == (
        datetime.date(2026, 7, 3),
        datetime.date(2026, 7, 5),
    )


def test_validation_before_update_is_refused_on_fecha_validacion(record):
    record.fecha_validacion = datetime.date(2026, 7, 2)
    assert errors_of(record) == {
        "fecha_validacion": [
            "La fecha de validación no puede ser anterior a la fecha de actualización."
        ]
    }


def test_validation_before_the_period_closes_is_refused(record):
    record.fecha_actualizacion = datetime.date(2026, 5, 1)
    record.fecha_validacion = datetime.date(2026, 6, 30)
    assert "posterior al cierre del periodo" in errors_of(record)["fecha_validacion"][0]
    assert "2026-06-30" in errors_of(record)["fecha_validacion"][0]


def test_validation_on_the_day_after_the_period_closes_is_accepted(record):
    record.fecha_actualizacion = datetime.date(2026, 7, 1)
    record.fecha_validacion = datetime.date(2026, 7, 1)
    record.full_clean()


@pytest.mark.parametrize("ejercicio", [0, 1942, 3000, 32767])
def test_absurd_ejercicio_is_refused_in_spanish(record, ejercicio):
    record.ejercicio = ejercicio
    assert errors_of(record)["ejercicio"][0].startswith("El ejercicio debe estar entre 1943")


def test_unknown_periodo_is_refused_without_crashing(record):
    record.periodo = "T9"
    assert "periodo" in errors_of(record)


def test_periodo_outside_the_obligations_periodicity_is_refused(record):
    record.obligacion = ObligacionFactory(periodicidad=Periodicidad.ANUAL)
    record.periodicidad = Periodicidad.ANUAL
    assert errors_of(record)["periodo"] == [
        "El periodo es más corto que la periodicidad de la obligación (anual)."
    ]


def test_the_organos_applicability_overrides_the_obligations_periodicity(record, organo_a):
    obligacion = ObligacionFactory(periodicidad=Periodicidad.TRIMESTRAL)
    AplicabilidadFactory(
        organo=organo_a, obligacion=obligacion, periodicidad=Periodicidad.SEMESTRAL
    )
    record.obligacion = obligacion
    assert "semestral" in errors_of(record)["periodo"][0]
    record.periodo = Periodo.S1
    record.fecha_actualizacion = datetime.date(2026, 7, 3)
    record.full_clean()


def test_a_longer_period_than_the_series_is_accepted(record):
    # An annual report covers a quarterly series' quarters (estructura.obligaciones).
    record.obligacion = ObligacionFactory(periodicidad=Periodicidad.TRIMESTRAL)
    record.periodo = Periodo.ANUAL
    record.fecha_actualizacion = datetime.date(2027, 1, 5)
    record.fecha_validacion = datetime.date(2027, 1, 6)
    record.full_clean()


def test_a_refused_record_saves_no_revision(record):
    record.fecha_validacion = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError):
        record.save_revision()
    assert record.revisions.count() == 0
