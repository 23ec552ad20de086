"""`recordatorios_actualizacion`: each órgano hears once before a due date and once after it
lapses, however often cron runs the command; a failed email is tried again on the next run."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from estructura.factories import ProyectoPageFactory, PublicacionPageFactory
from estructura.registers import RecordatorioActualizacion

pytestmark = pytest.mark.django_db

D = datetime.date


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def make_user(username, *groups, email=None, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@snte.example.mx" if email is None else email, "x", **extra
    )
    user.groups.add(*groups)
    return user


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("recordatorios_actualizacion", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def people(organo_a, sub_organo_a, organo_b):
    return {
        "enlace_a": make_user("enlace_a", organo_a.roles.enlaces),
        "enlace_a2": make_user("enlace_a2", organo_a.roles.enlaces),
        "supervisor_a": make_user("supervisor_a", organo_a.roles.supervisores),
        "enlace_sub": make_user("enlace_sub", sub_organo_a.roles.enlaces),
        # B has an enlace without email and an inactive one: its supervisor is told instead.
        "enlace_b_sin_correo": make_user("enlace_b", organo_b.roles.enlaces, email=""),
        "enlace_b_baja": make_user("enlace_b_baja", organo_b.roles.enlaces, is_active=False),
        "supervisor_b": make_user("supervisor_b", organo_b.roles.supervisores),
    }


@pytest.fixture
def pages(people, organo_a, sub_organo_a, organo_b):
    # Default calendar: the first week of March, June, September and December.
    return {
        # Updated in the September window: due 7 December 2026.
        "a1": PublicacionPageFactory(
            parent=organo_a, title="Informe trimestral A", fecha_actualizacion=D(2026, 9, 3)
        ),
        "a2": ProyectoPageFactory(
            parent=organo_a, title="Proyecto A", fecha_actualizacion=D(2026, 9, 4)
        ),
        # Updated before the September window: due 7 September, long overdue by December.
        "a_old": PublicacionPageFactory(
            parent=organo_a, title="Padrón atrasado A", fecha_actualizacion=D(2026, 8, 1)
        ),
        "sub": PublicacionPageFactory(
            parent=sub_organo_a, title="Informe de la comisión", fecha_actualizacion=D(2026, 9, 2)
        ),
        "b": PublicacionPageFactory(
            parent=organo_b, title="Informe B", fecha_actualizacion=D(2026, 9, 5)
        ),
        "b_draft": PublicacionPageFactory(
            parent=organo_b, title="Borrador B", fecha_actualizacion=D(2026, 1, 1), live=False
        ),
    }


def messages_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_each_organo_gets_one_email_per_moment_and_only_once(pages):
    output = run("--hoy", "2026-12-01")
    assert "Enviados 4 correos" in output
    assert "3 antes de la fecha límite, 1 de información vencida" in output

    to_a = messages_to("enlace_a@snte.example.mx")
    assert len(to_a) == 2
    antes, vencido = sorted(to_a, key=lambda message: "vencida" in message.subject.lower())
    assert sorted(antes.to) == ["enlace_a2@snte.example.mx", "enlace_a@snte.example.mx"]
    assert "Comité A" in antes.subject and "2" in antes.subject
    assert "Informe trimestral A" in antes.body and "Proyecto A" in antes.body
    assert "7 de diciembre de 2026" in antes.body
    assert f"http://testserver/admin/pages/{pages['a1'].pk}/edit/" in antes.body
    assert "Padrón atrasado A" not in antes.body and "Informe de la comisión" not in antes.body
    assert "Padrón atrasado A" in vencido.body and "7 de septiembre de 2026" in vencido.body
    assert "vencida" in vencido.subject.lower()
    # The commission's pages go to the commission's enlaces, not to A's.
    (sub,) = messages_to("enlace_sub@snte.example.mx")
    assert sub.to == ["enlace_sub@snte.example.mx"] and "Informe de la comisión" in sub.body

    assert RecordatorioActualizacion.objects.count() == 5
    mail.outbox.clear()
    assert "Enviados 0 correos" in run("--hoy", "2026-12-01")
    assert "Enviados 0 correos" in run("--hoy", "2026-12-03")
    assert mail.outbox == []
    assert RecordatorioActualizacion.objects.count() == 5


def test_after_the_due_date_the_overdue_email_goes_once(pages):
    run("--hoy", "2026-12-01")
    mail.outbox.clear()
    output = run("--hoy", "2026-12-08")
    assert "0 antes de la fecha límite, 3 de información vencida" in output
    (vencido,) = messages_to("enlace_a@snte.example.mx")
    assert "Informe trimestral A" in vencido.body and "Proyecto A" in vencido.body
    # Already told it was overdue: not again.
    assert "Padrón atrasado A" not in vencido.body
    mail.outbox.clear()
    assert "Enviados 0 correos" in run("--hoy", "2026-12-20")
    assert mail.outbox == []


def test_a_page_updated_for_a_new_cycle_is_reminded_again(pages):
    run("--hoy", "2026-12-01")
    run("--hoy", "2026-12-08")
    page = pages["a1"]
    page.fecha_actualizacion = D(2026, 12, 5)
    page.save_revision().publish()
    mail.outbox.clear()
    assert "Enviados 0 correos" in run("--hoy", "2026-12-20")
    run("--hoy", "2027-03-01")
    to_a = messages_to("enlace_a@snte.example.mx")
    antes = [message for message in to_a if "Informe trimestral A" in message.body]
    assert len(antes) == 1 and "7 de marzo de 2027" in antes[0].body
    assert RecordatorioActualizacion.objects.filter(
        page=page, fecha_limite=D(2027, 3, 7), momento="antes"
    ).exists()


def test_dry_run_sends_nothing_and_records_nothing(pages):
    output = run("--hoy", "2026-12-01", "--dry-run")
    assert "Se enviarían 4 correos" in output and "Comité A: antes, 2 páginas" in output
    assert mail.outbox == []
    assert not RecordatorioActualizacion.objects.exists()
    assert "Enviados 4 correos" in run("--hoy", "2026-12-01")


def test_a_failing_mail_server_records_nothing_and_the_next_run_retries(pages, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    output = run("--hoy", "2026-12-01")
    assert "Enviados 0 correos" in output and "4 fallidos" in output
    assert not RecordatorioActualizacion.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "Enviados 4 correos" in run("--hoy", "2026-12-01")
    assert len(mail.outbox) == 4


def test_an_organo_without_enlaces_with_email_tells_its_supervisors(pages):
    run("--hoy", "2026-12-01")
    (to_b,) = [message for message in mail.outbox if "Informe B" in message.body]
    assert to_b.to == ["supervisor_b@snte.example.mx"]
    assert "Borrador B" not in to_b.body  # drafts are not due
    assert not messages_to("supervisor_a@snte.example.mx")  # A has enlaces


def test_an_organo_with_nobody_to_tell_is_left_for_a_later_run(organo_b):
    PublicacionPageFactory(parent=organo_b, title="Informe B", fecha_actualizacion=D(2026, 9, 5))
    output = run("--hoy", "2026-12-01")
    assert "1 sin destinatarios" in output and "Comité B" in output
    assert mail.outbox == [] and not RecordatorioActualizacion.objects.exists()
    make_user("supervisor_b", organo_b.roles.supervisores)
    assert "Enviados 1 correos" in run("--hoy", "2026-12-01")


def test_unpublished_pages_are_not_reminded(pages):
    for page in (pages["a1"], pages["a2"], pages["a_old"]):
        page.unpublish()
    run("--hoy", "2026-12-01")
    assert not messages_to("enlace_a@snte.example.mx")
    assert not RecordatorioActualizacion.objects.filter(
        page__in=[pages["a1"], pages["a2"], pages["a_old"], pages["b_draft"]]
    ).exists()


def test_dias_widens_the_warning(pages):
    # By default a week ahead: on 20 November only the long overdue page is news.
    output = run("--hoy", "2026-11-20")
    assert "0 antes de la fecha límite, 1 de información vencida" in output
    output = run("--hoy", "2026-11-20", "--dias", "17")
    assert "3 antes de la fecha límite, 0 de información vencida" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hoy", "2026-13-01"], "--hoy debe ser una fecha"),
        (["--hoy", "01/12/2026"], "--hoy debe ser una fecha"),
        (["--dias", "-1"], "--dias debe ser un número entero"),
        (["--dias", "siete"], "--dias debe ser un número entero"),
        (["--dias", "99999"], "--dias debe ser un número entero"),
    ],
)
def test_bad_arguments_give_a_spanish_error(home, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
