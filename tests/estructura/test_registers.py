"""The registers in the admin: the national team manages them, supervisors record their own
órganos' meetings and uploads, enlaces read their own; bad input is refused whole."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from estructura.choices import Periodo, TipoReunion
from estructura.registers import ActualizacionPlataforma, EnlaceAcreditado, Reunion
from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group

pytestmark = pytest.mark.django_db

ENLACES = "/admin/registros/enlaces/"
REUNIONES = "/admin/registros/reuniones/"
PLATAFORMA = "/admin/registros/plataforma/"


def make_user(username, *groups):
    user = get_user_model().objects.create_user(
        username, f"{username}@snte.example.mx", "x", first_name=username.title()
    )
    user.groups.add(*groups)
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(home, organo_a, sub_organo_a, organo_b):
    ensure_admin_group(home)
    return logged_in(make_user("opti_admin", Group.objects.get(name=ADMIN_GROUP_NAME)))


@pytest.fixture
def supervisor_a(organo_a, sub_organo_a, organo_b):
    return make_user("supervisor_a", organo_a.roles.supervisores)


@pytest.fixture
def enlace_a(organo_a, sub_organo_a, organo_b):
    return make_user("enlace_a", organo_a.roles.enlaces)


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - datetime.timedelta(days=days)


def reunion(fecha, tipo=TipoReunion.ENLACES, organos=(), asistentes="Ana\nLuis"):
    meeting = Reunion.objects.create(fecha=fecha, tipo=tipo, asistentes=asistentes)
    meeting.organos.set(organos)
    meeting.save()  # a ParentalManyToManyField is written on save, like the admin's form
    return meeting


def carga(organo, fecha=None, **fields):
    return ActualizacionPlataforma.objects.create(
        formato=fields.pop("formato", "Art. 70 fracción I"),
        ejercicio=fields.pop("ejercicio", (fecha or days_ago(1)).year),
        periodo=fields.pop("periodo", Periodo.T1),
        organo=organo,
        fecha=fecha or days_ago(1),
        **fields,
    )


def reunion_post(**overrides):
    data = {
        "fecha": days_ago(3).isoformat(),
        "tipo": TipoReunion.ENLACES,
        "asistentes": "Ana Pérez\nLuis Gómez",
        "acuerdos": "Publicar el informe trimestral.",
    }
    data.update(overrides)
    return data


def carga_post(organo_page, **overrides):
    data = {
        "formato": "Art. 70 fracción XXIV",
        "ejercicio": str(days_ago(3).year),
        "periodo": Periodo.T1,
        "organo": str(organo_page.pk),
        "fecha": days_ago(3).isoformat(),
    }
    data.update(overrides)
    return data


def enlace_post(user, organo, **overrides):
    data = {
        "usuario": str(user.pk),
        "organo": str(organo.pk),
        "fecha_acreditacion": days_ago(30).isoformat(),
        "fecha_baja": "",
        "oficio": "OPTI/001/2026",
    }
    data.update(overrides)
    return data


def errors_of(response):
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert not form.is_valid()
    return form.errors


# --- the national team -----------------------------------------------------------------------


def test_admin_records_a_meeting_with_organos(admin_client, organo_a, organo_b):
    response = admin_client.post(
        REUNIONES + "new/",
        reunion_post(tipo=TipoReunion.ORGANO_GOBIERNO, organos=[organo_a.pk, organo_b.pk]),
    )
    assert response.status_code == 302
    meeting = Reunion.objects.get()
    assert meeting.tipo == TipoReunion.ORGANO_GOBIERNO
    assert set(meeting.organos.all()) == {organo_a, organo_b}
    assert meeting.numero_asistentes == 2


def test_admin_edits_a_platform_upload(admin_client, organo_a, organo_b):
    upload = carga(organo_a)
    response = admin_client.post(
        f"{PLATAFORMA}edit/{upload.pk}/",
        carga_post(organo_b, formato="Art. 70 fracción IX", periodo=Periodo.T2),
    )
    assert response.status_code == 302
    upload.refresh_from_db()
    assert (upload.formato, upload.organo, upload.periodo) == (
        "Art. 70 fracción IX",
        organo_b,
        Periodo.T2,
    )


def test_admin_accredits_an_enlace_and_it_is_active(admin_client, organo_a):
    person = make_user("nueva_enlace")
    response = admin_client.post(ENLACES + "new/", enlace_post(person, organo_a))
    assert response.status_code == 302
    enlace = EnlaceAcreditado.objects.get()
    assert enlace.usuario == person and enlace.organo == organo_a and enlace.activo


def test_admin_deletes_a_meeting(admin_client, organo_a):
    meeting = reunion(days_ago(2), organos=[organo_a])
    response = admin_client.post(f"{REUNIONES}delete/{meeting.pk}/")
    assert response.status_code == 302
    assert not Reunion.objects.exists()


# --- hostile input: clear Spanish errors, nothing saved ----------------------------------------


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"fecha": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "fecha",
            "posterior a hoy",
        ),
        ({"tipo": TipoReunion.ORGANO_GOBIERNO}, "organos", "al menos un órgano"),
        ({"fecha": ""}, "fecha", ""),
        ({"asistentes": ""}, "asistentes", ""),
        ({"tipo": "inventado"}, "tipo", ""),
        ({"fecha": "99999-01-01"}, "fecha", ""),
    ],
)
def test_admin_meeting_with_bad_input_is_refused(admin_client, overrides, field, message):
    errors = errors_of(admin_client.post(REUNIONES + "new/", reunion_post(**overrides)))
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Reunion.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"ejercicio": "99999"}, "ejercicio", ""),
        ({"ejercicio": "1200"}, "ejercicio", ""),
        ({"ejercicio": "-5"}, "ejercicio", ""),
        ({"ejercicio": "abc"}, "ejercicio", ""),
        ({"ejercicio": str(timezone.localdate().year + 1)}, "ejercicio", "posterior al año"),
        (
            {"fecha": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "fecha",
            "posterior a hoy",
        ),
        ({"organo": "999999"}, "organo", ""),
        ({"periodo": "T9"}, "periodo", ""),
        ({"formato": ""}, "formato", ""),
    ],
)
def test_admin_upload_with_bad_input_is_refused(admin_client, organo_a, overrides, field, message):
    errors = errors_of(admin_client.post(PLATAFORMA + "new/", carga_post(organo_a, **overrides)))
    assert field in errors
    assert message in " ".join(errors[field])
    assert not ActualizacionPlataforma.objects.exists()


def test_baja_before_acreditacion_is_refused(admin_client, organo_a):
    person = make_user("persona")
    data = enlace_post(
        person,
        organo_a,
        fecha_acreditacion=days_ago(5).isoformat(),
        fecha_baja=days_ago(10).isoformat(),
    )
    errors = errors_of(admin_client.post(ENLACES + "new/", data))
    assert "anterior a la acreditación" in " ".join(errors["fecha_baja"])
    assert not EnlaceAcreditado.objects.exists()


def test_future_accreditation_is_refused(admin_client, organo_a):
    person = make_user("persona")
    data = enlace_post(
        person, organo_a, fecha_acreditacion=(today() + datetime.timedelta(days=1)).isoformat()
    )
    errors = errors_of(admin_client.post(ENLACES + "new/", data))
    assert "posterior a hoy" in " ".join(errors["fecha_acreditacion"])
    assert not EnlaceAcreditado.objects.exists()


def test_overlapping_accreditation_for_the_same_organo_is_refused(admin_client, organo_a):
    person = make_user("persona")
    EnlaceAcreditado.objects.create(
        usuario=person, organo=organo_a, fecha_acreditacion=days_ago(100)
    )
    errors = errors_of(
        admin_client.post(
            ENLACES + "new/", enlace_post(person, organo_a, fecha_acreditacion=days_ago(10))
        )
    )
    assert "traslapan" in " ".join(errors["fecha_acreditacion"])
    assert EnlaceAcreditado.objects.count() == 1


def test_consecutive_accreditations_do_not_overlap(admin_client, organo_a, organo_b):
    person = make_user("persona")
    EnlaceAcreditado.objects.create(
        usuario=person,
        organo=organo_a,
        fecha_acreditacion=days_ago(100),
        fecha_baja=days_ago(50),
    )
    # Starting the day the first one ended, and at another órgano meanwhile: both fine.
    for organo, start in ((organo_a, days_ago(50)), (organo_b, days_ago(80))):
        data = enlace_post(person, organo, fecha_acreditacion=start.isoformat())
        assert admin_client.post(ENLACES + "new/", data).status_code == 302
    assert EnlaceAcreditado.objects.count() == 3


def test_editing_an_accreditation_does_not_overlap_with_itself(admin_client, organo_a):
    person = make_user("persona")
    enlace = EnlaceAcreditado.objects.create(
        usuario=person, organo=organo_a, fecha_acreditacion=days_ago(100)
    )
    data = enlace_post(person, organo_a, fecha_acreditacion=days_ago(100), fecha_baja=days_ago(1))
    assert admin_client.post(f"{ENLACES}edit/{enlace.pk}/", data).status_code == 302
    enlace.refresh_from_db()
    assert enlace.fecha_baja == days_ago(1) and not enlace.activo


# --- supervisors: their own órganos only ---------------------------------------------------------


def test_supervisor_records_a_meeting_of_their_suborgano(supervisor_a, sub_organo_a):
    response = logged_in(supervisor_a).post(
        REUNIONES + "new/", reunion_post(organos=[sub_organo_a.pk])
    )
    assert response.status_code == 302
    assert list(Reunion.objects.get().organos.all()) == [sub_organo_a]


def test_supervisor_cannot_name_another_organo(supervisor_a, organo_a, organo_b):
    client = logged_in(supervisor_a)
    errors = errors_of(
        client.post(REUNIONES + "new/", reunion_post(organos=[organo_a.pk, organo_b.pk]))
    )
    assert "organos" in errors
    errors = errors_of(client.post(PLATAFORMA + "new/", carga_post(organo_b)))
    assert "organo" in errors
    assert not Reunion.objects.exists() and not ActualizacionPlataforma.objects.exists()


def test_supervisor_meeting_must_name_one_of_their_organos(supervisor_a):
    errors = errors_of(logged_in(supervisor_a).post(REUNIONES + "new/", reunion_post()))
    assert "Indica al menos uno" in " ".join(errors["organos"])


def test_supervisor_sees_and_edits_only_their_rows(supervisor_a, organo_a, organo_b):
    mine = carga(organo_a, formato="Formato propio")
    theirs = carga(organo_b, formato="Formato ajeno")
    shared = reunion(days_ago(2), organos=[organo_a, organo_b], asistentes="Compartida")
    client = logged_in(supervisor_a)

    listing = client.get(PLATAFORMA).content.decode()
    assert "Formato propio" in listing and "Formato ajeno" not in listing
    assert client.get(f"{PLATAFORMA}edit/{theirs.pk}/").status_code == 404
    response = client.post(f"{PLATAFORMA}edit/{theirs.pk}/", carga_post(organo_a))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.organo == organo_b
    assert client.get(f"{PLATAFORMA}history/{theirs.pk}/").status_code == 404
    assert client.get(f"{PLATAFORMA}edit/{mine.pk}/").status_code == 200

    # A meeting shared with another órgano is seen, but not rewritten without that órgano.
    assert list(client.get(REUNIONES).context["object_list"]) == [shared]
    assert client.get(f"{REUNIONES}edit/{shared.pk}/").status_code == 404


def test_supervisor_cannot_delete_or_accredit(supervisor_a, organo_a):
    upload = carga(organo_a)
    client = logged_in(supervisor_a)
    assert client.post(f"{PLATAFORMA}delete/{upload.pk}/").status_code in (302, 403)
    assert ActualizacionPlataforma.objects.filter(pk=upload.pk).exists()
    person = make_user("persona")
    response = client.post(ENLACES + "new/", enlace_post(person, organo_a))
    assert response.status_code in (302, 403)
    assert not EnlaceAcreditado.objects.exists()


# --- enlaces: read their own ---------------------------------------------------------------------


def test_enlace_reads_their_organo_rows_only(enlace_a, organo_a, sub_organo_a, organo_b):
    carga(organo_a, formato="Del comité A")
    carga(sub_organo_a, formato="De la comisión")
    carga(organo_b, formato="Del comité B")
    client = logged_in(enlace_a)
    listing = client.get(PLATAFORMA).content.decode()
    assert "Del comité A" in listing
    assert "De la comisión" not in listing and "Del comité B" not in listing


def test_enlace_cannot_write(enlace_a, organo_a):
    upload = carga(organo_a)
    client = logged_in(enlace_a)
    response = client.post(REUNIONES + "new/", reunion_post(organos=[organo_a.pk]))
    assert response.status_code in (302, 403)
    response = client.post(f"{PLATAFORMA}edit/{upload.pk}/", carga_post(organo_a, formato="X"))
    assert response.status_code in (302, 403, 404)
    upload.refresh_from_db()
    assert upload.formato != "X"
    assert not Reunion.objects.exists()


def test_user_without_a_role_sees_nothing(home, organo_a):
    carga(organo_a)
    client = logged_in(make_user("nadie"))
    for url in (ENLACES, REUNIONES, PLATAFORMA):
        assert client.get(url).status_code in (302, 403)


# --- listing: filters and export ---------------------------------------------------------------


def xlsx_rows(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_meetings_filter_by_tipo_and_organo(admin_client, organo_a, organo_b):
    gobierno = reunion(days_ago(5), TipoReunion.ORGANO_GOBIERNO, [organo_a])
    enlaces = reunion(days_ago(4), TipoReunion.ENLACES, [organo_b])
    old = reunion(days_ago(40), TipoReunion.ENLACES, [organo_a])

    def listed(**params):
        return list(admin_client.get(REUNIONES, params).context["object_list"])

    assert listed(tipo=TipoReunion.ENLACES) == [enlaces, old]
    assert listed(organo=organo_a.pk) == [gobierno, old]
    assert listed(fecha_from=days_ago(10).isoformat()) == [enlaces, gobierno]


def test_enlaces_filter_active(admin_client, organo_a):
    EnlaceAcreditado.objects.create(
        usuario=make_user("vigente"), organo=organo_a, fecha_acreditacion=days_ago(10)
    )
    EnlaceAcreditado.objects.create(
        usuario=make_user("anterior"),
        organo=organo_a,
        fecha_acreditacion=days_ago(100),
        fecha_baja=days_ago(20),
    )

    def listed(**params):
        objects = admin_client.get(ENLACES, params).context["object_list"]
        return [enlace.usuario.username for enlace in objects]

    assert listed(activo="true") == ["vigente"]
    assert listed(activo="false") == ["anterior"]
    assert sorted(listed()) == ["anterior", "vigente"]


def test_meetings_export_opens_in_openpyxl(admin_client, organo_a, organo_b):
    reunion(days_ago(5), TipoReunion.ORGANO_GOBIERNO, [organo_a, organo_b], "=HACK()\nLuis")
    rows = xlsx_rows(admin_client.get(REUNIONES, {"export": "xlsx"}))
    assert rows[0] == [
        "fecha",
        "tipo de reunión",
        "órganos",
        "número de asistentes",
        "asistentes",
        "acuerdos",
        "minuta",
    ]
    assert len(rows) == 2
    assert rows[1][1] == "Con un Órgano Nacional de Gobierno"
    assert rows[1][2] == "Comité A; Comité B"
    assert rows[1][3] == 2


def test_uploads_export_has_only_the_enlaces_rows(enlace_a, organo_a, organo_b):
    carga(organo_a, formato="Propio")
    carga(organo_b, formato="Ajeno")
    rows = xlsx_rows(logged_in(enlace_a).get(PLATAFORMA, {"export": "xlsx"}))
    assert rows[0][0] == "formato u obligación"
    assert [row[0] for row in rows[1:]] == ["Propio"]
    assert rows[1][3] == "Comité A"


def test_enlaces_csv_neutralises_formulas(admin_client, organo_a):
    EnlaceAcreditado.objects.create(
        usuario=make_user("persona"),
        organo=organo_a,
        fecha_acreditacion=days_ago(10),
        oficio="=HYPERLINK(1)",
    )
    response = admin_client.get(ENLACES, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "'=HYPERLINK(1)" in body
    assert "Sí" in body
