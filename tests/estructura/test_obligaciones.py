"""Obligations and the one status of a series (estructura.obligaciones): the rule on every day of
a year, the tables that read it, and hostile parameters."""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError

from cms.choices import Periodicidad
from cms.formats import PORCENTAJE, cifra
from cms.models import UpdateCalendar
from estructura.choices import Periodo
from estructura.cycle import site_calendar
from estructura.factories import AplicabilidadFactory, ObligacionFactory, PublicacionPageFactory
from estructura.models import Aplicabilidad, Obligacion, PublicacionPage
from estructura.obligaciones import (
    PERIODOS,
    EstadoSerie,
    cierre_en,
    closed_windows,
    cumplimiento,
    historial,
    judge,
    next_period,
    period_end,
    reported_periods,
    serie_de,
    series,
)
from resultados.figures import Periodo as FigurePeriodo
from resultados.figures import resultados

pytestmark = pytest.mark.django_db

CALENDAR = UpdateCalendar()  # windows on the 1st–7th of March, June, September, December
YEAR = 2026


def days_of(year):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def record(organo, obligacion, ejercicio, periodo, **fields):
    return PublicacionPageFactory(
        parent=organo, obligacion=obligacion, ejercicio=ejercicio, periodo=periodo, **fields
    )


# --- the rule, day by day ----------------------------------------------------------------------


@pytest.mark.parametrize("periodicidad", list(PERIODOS))
def test_on_every_day_the_due_period_s_window_has_closed_and_the_open_one_is_open(periodicidad):
    for hoy in days_of(YEAR):
        debido, abierto = reported_periods(periodicidad, hoy, CALENDAR)
        assert debido.fecha_limite < hoy, (hoy, debido)
        assert debido.fin < debido.ventana
        if abierto is not None:
            assert abierto.ventana <= hoy <= abierto.fecha_limite
            assert abierto.fin > debido.fin
        # No later closed window exists: the next period's window is still to close.
        claves = PERIODOS[periodicidad]
        index = claves.index(debido.periodo)
        year = debido.ejercicio + (index + 1) // len(claves)
        siguiente = period_end(year, claves[(index + 1) % len(claves)])
        assert CALENDAR.reporting_window(siguiente)[1] >= hoy


def test_quarterly_examples(organo):
    obligacion = ObligacionFactory()
    AplicabilidadFactory(organo=organo, obligacion=obligacion)

    def estado(hoy):
        (serie,) = series([organo], hoy, CALENDAR)
        return serie.estado, serie.pendiente and (
            serie.pendiente.ejercicio,
            serie.pendiente.periodo,
        )

    assert estado(datetime.date(2026, 9, 10)) == (EstadoSerie.VENCIDA, (2026, "T2"))
    record(organo, obligacion, 2026, Periodo.T1)
    assert estado(datetime.date(2026, 9, 10)) == (EstadoSerie.VENCIDA, (2026, "T2"))
    # In September's window the second quarter is due: en plazo, not vencida.
    assert estado(datetime.date(2026, 9, 3)) == (EstadoSerie.EN_PLAZO, (2026, "T2"))
    record(organo, obligacion, 2026, Periodo.T2)
    assert estado(datetime.date(2026, 9, 3)) == (EstadoSerie.AL_DIA, None)
    assert estado(datetime.date(2026, 12, 2)) == (EstadoSerie.EN_PLAZO, (2026, "T3"))
    assert estado(datetime.date(2026, 12, 8)) == (EstadoSerie.VENCIDA, (2026, "T3"))
    # A record of a later period covers the earlier ones (an annual report, say).
    record(organo, obligacion, 2026, Periodo.ANUAL)
    assert estado(datetime.date(2027, 3, 8)) == (EstadoSerie.AL_DIA, None)


def test_a_record_of_a_past_period_is_historico_and_links_to_the_current_one(organo):
    obligacion = ObligacionFactory()
    AplicabilidadFactory(organo=organo, obligacion=obligacion)
    primero = record(organo, obligacion, 2026, Periodo.T1)
    segundo = record(organo, obligacion, 2026, Periodo.T2)
    hoy = datetime.date(2026, 9, 10)
    assert serie_de(primero, hoy, CALENDAR).estado == EstadoSerie.HISTORICO
    assert serie_de(primero, hoy, CALENDAR).actual.pk == segundo.pk
    assert serie_de(segundo, hoy, CALENDAR).estado == EstadoSerie.AL_DIA


@pytest.mark.parametrize("periodicidad", list(PERIODOS))
def test_a_complete_series_is_never_vencida_on_any_day(organo, periodicidad):
    """The demo's false alarm, as a rule: with every period published as it closes, no day of
    the year shows vencida, and only the latest record carries the series' status."""
    obligacion = ObligacionFactory(periodicidad=periodicidad)
    AplicabilidadFactory(organo=organo, obligacion=obligacion)
    for year in (YEAR - 2, YEAR - 1, YEAR):
        for clave in PERIODOS[periodicidad]:
            record(organo, obligacion, year, clave)
    (serie,) = series([organo], datetime.date(YEAR, 1, 1), CALENDAR)
    everything = list(serie.registros)
    for hoy in days_of(YEAR):
        # Only what had been published by that day counts (each period as its window opens).
        serie.registros = [
            page
            for page in everything
            if CALENDAR.reporting_window(period_end(page.ejercicio, page.periodo))[0] <= hoy
        ]
        judge(serie, hoy, CALENDAR)
        assert serie.estado in {EstadoSerie.AL_DIA, EstadoSerie.EN_PLAZO}, (hoy, serie.pendiente)


def test_no_aplica_needs_its_reasons(organo):
    aplicabilidad = Aplicabilidad(organo=organo, obligacion=ObligacionFactory(), aplica=False)
    with pytest.raises(ValidationError) as raised:
        aplicabilidad.full_clean()
    assert "fundamento_motivacion" in raised.value.message_dict
    aplicabilidad.fundamento_motivacion = "La publica el Comité Ejecutivo Nacional."
    aplicabilidad.full_clean()
    aplicabilidad.save()
    (serie,) = series([organo])
    assert serie.estado == EstadoSerie.NO_APLICA


def test_the_periodicity_of_the_organ_s_table_wins(organo):
    obligacion = ObligacionFactory(periodicidad=Periodicidad.TRIMESTRAL)
    AplicabilidadFactory(organo=organo, obligacion=obligacion, periodicidad=Periodicidad.ANUAL)
    record(organo, obligacion, 2025, Periodo.ANUAL)
    (serie,) = series([organo], datetime.date(2026, 9, 10), CALENDAR)
    assert serie.estado == EstadoSerie.AL_DIA


def test_the_catalogue_is_seeded_with_the_union_s_fracciones():
    union = Obligacion.objects.filter(articulo="Artículo 79").order_by("orden")
    assert [o.fraccion for o in union] == [
        "Fracción I",
        "Fracción II",
        "Fracción III",
        "Fracción IV",
    ]
    contratos = Obligacion.objects.get(clave="lgtaip-79-i")
    assert contratos.periodicidad == Periodicidad.TRIMESTRAL
    assert {c.tipo for c in contratos.columnas.all()} >= {"fecha", "moneda", "url"}
    assert Obligacion.objects.filter(ley__startswith="Estatuto").count() >= 5


def test_unpublished_and_private_records_do_not_count(organo):
    obligacion = ObligacionFactory()
    AplicabilidadFactory(organo=organo, obligacion=obligacion)
    draft = record(organo, obligacion, 2026, Periodo.T2)
    draft.unpublish()
    (serie,) = series([organo], datetime.date(2026, 9, 10), CALENDAR)
    assert serie.estado == EstadoSerie.VENCIDA and serie.registros == []


def test_the_query_count_does_not_grow_with_the_organs(estructura, django_assert_max_num_queries):
    from estructura.factories import OrganoPageFactory

    obligaciones = ObligacionFactory.create_batch(4)
    for n in range(6):
        organo = OrganoPageFactory(parent=estructura, title=f"Órgano {n}")
        for obligacion in obligaciones:
            AplicabilidadFactory(organo=organo, obligacion=obligacion)
            record(organo, obligacion, 2026, Periodo.T2)
    with django_assert_max_num_queries(6):
        found = series(calendar=CALENDAR)
    assert len(found) == 24
    assert cumplimiento(found).porcentaje is not None


# --- the public tables --------------------------------------------------------------------------


@pytest.fixture
def tabla(organo):
    obligacion = ObligacionFactory(titulo="Contratos y convenios")
    AplicabilidadFactory(organo=organo, obligacion=obligacion)
    record(organo, obligacion, 2026, Periodo.T1)
    otra = ObligacionFactory(titulo="Padrón de socios")
    AplicabilidadFactory(
        organo=organo, obligacion=otra, aplica=False, fundamento_motivacion="Lo publica el CEN."
    )
    return organo


def test_the_page_shows_each_series_status_and_the_compliance(client, tabla):
    response = client.get("/obligaciones/")
    assert response.status_code == 200
    text = response.content.decode()
    (serie, no_aplica) = series([tabla])
    assert serie.estado_texto in text and "No aplica" in text and "Lo publica el CEN." in text
    assert "Tabla de aplicabilidad" in text and "Tabla de actualización y conservación" in text


@pytest.mark.parametrize("tabla_nombre", ["aplicabilidad", "actualizacion", "cumplimiento"])
def test_every_table_downloads_as_csv_and_json_with_the_same_rows(client, tabla, tabla_nombre):
    as_csv = client.get(f"/obligaciones/{tabla_nombre}.csv?organo={tabla.pk}")
    assert as_csv.status_code == 200
    text = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    as_json = json.loads(client.get(f"/obligaciones/{tabla_nombre}.json?organo={tabla.pk}").content)
    assert len(rows) - 1 == len(as_json) >= 1
    if tabla_nombre == "cumplimiento":
        estados = {row[3] for row in rows[1:]}
        assert estados == {serie.estado_texto for serie in series([tabla])}


@pytest.mark.parametrize(
    "query, status",
    [
        ("ejercicio=2026", 400),
        ("organo=abc", 400),
        ("organo=-1", 400),
        ("organo=" + "9" * 40, 400),
        ("organo=987654", 404),
        ("organo=1%00", 400),
        ("formato=xml", 400),
    ],
)
@pytest.mark.parametrize(
    "url", ["/obligaciones/", "/obligaciones/cumplimiento.csv", "/obligaciones/aplicabilidad.json"]
)
def test_bad_or_unknown_parameters_are_refused(client, tabla, url, query, status):
    response = client.get(f"{url}?{query}")
    assert response.status_code == status, (url, query, response.content[:200])
    assert response.content.decode()  # a sentence saying what is wrong


def test_a_draft_organ_is_not_shown(client, tabla):
    tabla.unpublish()
    assert client.get(f"/obligaciones/?organo={tabla.pk}").status_code == 404
    assert tabla.title not in client.get("/obligaciones/").content.decode()


# --- the API ------------------------------------------------------------------------------------


def test_the_api_says_what_the_page_says(client, tabla, django_assert_max_num_queries):
    # The órgano, its subtree, the calendar, privacy, the tabla and the records: fixed.
    with django_assert_max_num_queries(11):
        body = client.get(f"/api/obligaciones/series/?organo={tabla.pk}").json()
    found = series([tabla])
    assert [item["estado"] for item in body["items"]] == [serie.estado for serie in found]
    assert body["cumplimiento"]["porcentaje"] == cumplimiento(found).porcentaje
    page = client.get(f"/obligaciones/?organo={tabla.pk}").content.decode()
    for item in body["items"]:
        assert item["estado_nombre"] in page
    catalogue = client.get("/api/obligaciones/").json()
    assert {o["clave"] for o in catalogue} == set(
        Obligacion.objects.values_list("clave", flat=True)
    )


@pytest.mark.parametrize(
    "query, status",
    [
        ("estado=historico", 400),
        ("estado=%00", 400),
        ("organo=abc", 400),
        ("organo=" + "9" * 40, 400),
        ("organo=987654", 404),
        ("ejercicio=2026", 400),
    ],
)
def test_the_api_refuses_bad_parameters_in_spanish(client, tabla, query, status):
    response = client.get(f"/api/obligaciones/series/?{query}")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


# --- history: compliance at each window's close ------------------------------------------------


@pytest.fixture
def history(organo):
    """Two quarterly obligations of one órgano, one published on time and one late; a third
    that does not apply. Default calendar: windows close on 7 March, June, September, December."""
    a, b = ObligacionFactory(titulo="A"), ObligacionFactory(titulo="B")
    AplicabilidadFactory(organo=organo, obligacion=a)
    AplicabilidadFactory(organo=organo, obligacion=b)
    AplicabilidadFactory(organo=organo, aplica=False, fundamento_motivacion="No lo genera.")
    D = datetime.date
    for obligacion, ejercicio, periodo, updated in [
        (a, 2026, Periodo.T1, D(2026, 6, 2)),
        (a, 2026, Periodo.T2, D(2026, 9, 2)),
        (a, 2026, Periodo.T3, D(2026, 12, 10)),  # after the 7 December deadline
        (b, 2025, Periodo.T4, D(2026, 3, 1)),
        (b, 2026, Periodo.T1, D(2026, 6, 5)),
        (b, 2026, Periodo.T2, D(2026, 9, 20)),  # after the 7 September deadline
        (b, 2026, Periodo.T3, D(2026, 12, 1)),
    ]:
        record(organo, obligacion, ejercicio, periodo, fecha_actualizacion=updated)


def test_history_judges_each_close_with_the_records_it_had_by_the_deadline(history):
    cierres = historial(hasta=datetime.date(2027, 1, 15), calendar=site_calendar(), trimestres=4)
    assert [(c.periodo.ejercicio, c.periodo.periodo) for c in cierres] == [
        (2025, "T4"),
        (2026, "T1"),
        (2026, "T2"),
        (2026, "T3"),
    ]
    assert [c.dia for c in cierres] == [
        datetime.date(2026, 3, 8),
        datetime.date(2026, 6, 8),
        datetime.date(2026, 9, 8),
        datetime.date(2026, 12, 8),
    ]
    assert [c.cumplimiento.porcentaje for c in cierres] == [50, 100, 50, 50]
    assert {c.cumplimiento.no_aplica for c in cierres} == {1}
    assert {c.cumplimiento.aplicables for c in cierres} == {2}


def test_the_compliance_figure_is_the_last_close_within_the_period(history):
    cal = site_calendar()
    D = datetime.date
    q3 = cierre_en(D(2026, 7, 1), D(2026, 9, 30), hoy=D(2027, 1, 15), calendar=cal)
    assert (q3.periodo.periodo, q3.cumplimiento.porcentaje) == ("T2", 50)
    # The year's figure is its last close (December's); none while no window has closed.
    year = cierre_en(D(2026, 1, 1), D(2026, 12, 31), hoy=D(2027, 1, 15), calendar=cal)
    assert (year.periodo.periodo, year.cumplimiento.porcentaje) == ("T3", 50)
    assert cierre_en(D(2026, 10, 1), D(2026, 12, 31), hoy=D(2026, 12, 7), calendar=cal) is None
    assert cierre_en(D(2026, 10, 1), D(2026, 12, 31), hoy=D(2026, 12, 8), calendar=cal)
    # resultados reads the same rule for its quarter (today is past September 2026).
    assert resultados(FigurePeriodo(2026, 3))["cumplimiento_obligaciones"] == 50
    assert resultados(FigurePeriodo(2026, 2))["cumplimiento_obligaciones"] == 100


def test_closed_windows_are_the_last_ones_before_the_day_on_every_day_of_the_year():
    cal = CALENDAR
    for day in days_of(2026):
        windows = closed_windows(day, cal, 8)
        assert len(windows) == 8
        assert all(w.fecha_limite < day for w in windows)
        ends = [(w.ejercicio, w.periodo) for w in windows]
        assert ends == sorted(ends) and len(set(ends)) == 8
        # Consecutive quarters, and the next one's window has not closed yet.
        following = next_period(Periodicidad.TRIMESTRAL, windows[-1].fin, cal)
        assert following.fecha_limite >= day
        assert [w.fin for w in windows[1:]] == [
            next_period(Periodicidad.TRIMESTRAL, w.fin, cal).fin for w in windows[:-1]
        ]


def test_a_series_record_links_where_the_page_itself_does(history, organo, rf):
    """Series read records as rows (Registro): their URL must be the page's own."""
    (first, *_rest) = series([organo], calendar=CALENDAR)
    request = rf.get("/", HTTP_HOST="testserver")
    for registro in first.registros:
        page = PublicacionPage.objects.get(pk=registro.pk)
        assert registro.url == page.url
        assert registro.get_url(request) == page.get_url(request)


def test_the_public_page_shows_the_history_the_dashboard_shows(client, history, organo):
    cierres = historial(calendar=site_calendar())
    html = client.get("/obligaciones/").content.decode()
    assert "Historia del cumplimiento" in html
    for cierre in cierres:
        key = f"{cierre.periodo.ejercicio}-{cierre.periodo.periodo}"
        row = html.split(f'data-cierre="{key}"', 1)[1].split("</tr>", 1)[0]
        counts = cierre.cumplimiento
        expected = "—" if counts.porcentaje is None else f"{cifra(counts.porcentaje, PORCENTAJE)} ("
        assert expected in row


def test_history_starts_with_the_union_s_first_record(organo, organo_b):
    """Before the observatory held any record there is nothing to judge; after it, an órgano
    that never published is vencida at every close."""
    a = ObligacionFactory(titulo="A")
    AplicabilidadFactory(organo=organo, obligacion=a)
    AplicabilidadFactory(organo=organo_b, obligacion=a)
    assert historial(hasta=datetime.date(2027, 1, 15), calendar=CALENDAR) == []
    record(organo, a, 2026, Periodo.T2, fecha_actualizacion=datetime.date(2026, 8, 1))
    cierres = historial(hasta=datetime.date(2027, 1, 15), calendar=CALENDAR)
    # The first close on or after 1 August 2026 is September's; B never published.
    assert [c.periodo.fecha_limite for c in cierres] == [
        datetime.date(2026, 9, 7),
        datetime.date(2026, 12, 7),
    ]
    assert [c.cumplimiento.porcentaje for c in cierres] == [50, 0]
    D = datetime.date
    assert cierre_en(D(2026, 4, 1), D(2026, 6, 30), hoy=D(2027, 1, 15), calendar=CALENDAR) is None
