"""`buzon_anonimizar`: the personal data of tickets finished long ago is erased, files and all,
while the figures stay exactly as they were."""

import datetime
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from buzon.choices import EstadoTicket
from buzon.management.commands.buzon_anonimizar import months_before
from buzon.models import BuzonSettings, Ticket, TicketAdjunto, TicketEntrada
from buzon.services import answer, change_state, citizen_reply
from buzon.statistics import period_bounds, ticket_figures, ticket_figures_by

from .conftest import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("buzon_anonimizar", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def age(ticket, days):
    """Move a ticket's whole history `days` into the past."""
    shift = datetime.timedelta(days=days)
    Ticket.objects.filter(pk=ticket.pk).update(
        creado=F("creado") - shift,
        respondido_en=F("respondido_en") - shift,
        resuelto_en=F("resuelto_en") - shift,
        cerrado_en=F("cerrado_en") - shift,
    )
    TicketEntrada.objects.filter(ticket=ticket).update(creado=F("creado") - shift)
    ticket.refresh_from_db()
    return ticket


@pytest.fixture
def closed_long_ago(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(
        organo=organo_a, files=[upload("credencial.pdf", pdf_bytes(), "application/pdf")]
    )
    citizen_reply(ticket, "Adjunto la foto.", files=[upload("foto.png", png_bytes(), "image/png")])
    answer(
        ticket,
        "Le enviamos el informe.",
        enlace_a,
        files=[upload("informe.pdf", pdf_bytes("informe"), "application/pdf")],
    )
    change_state(ticket, EstadoTicket.CERRADO, enlace_a)
    return age(ticket, 400)


def all_figures():
    year = timezone.localdate().year
    return [
        ticket_figures(*period_bounds(y, q))
        for y in (year - 2, year - 1, year)
        for q in (1, 2, 3, 4)
    ] + [ticket_figures_by(*period_bounds(y), "organo") for y in (year - 1, year)]


def test_erases_personal_data_and_the_citizen_s_files_keeping_the_figures(closed_long_ago):
    ticket = closed_long_ago
    citizen_files = [a.archivo.name for a in TicketAdjunto.objects.filter(ticket=ticket)]
    storage = storages["buzon"]
    assert all(storage.exists(name) for name in citizen_files)
    before = all_figures()

    output = run()

    assert "Anonimizados 1" in output and "2 adjuntos" in output
    ticket.refresh_from_db()
    assert (ticket.nombre, ticket.correo, ticket.direccion_ip) == ("", "", None)
    assert ticket.anonimizado_en is not None
    remaining = list(TicketAdjunto.objects.filter(ticket=ticket))
    assert [a.nombre for a in remaining] == ["informe.pdf"]  # the órgano's answer stays
    assert storage.exists(remaining[0].archivo.name)
    gone = set(citizen_files) - {remaining[0].archivo.name}
    assert len(gone) == 2 and not any(storage.exists(name) for name in gone)
    # The thread and everything the figures read are untouched.
    assert ticket.estado == EstadoTicket.CERRADO
    assert ticket.entradas.filter(texto="Adjunto la foto.").exists()
    assert all_figures() == before


def test_is_idempotent(closed_long_ago):
    run()
    stamp = Ticket.objects.get(pk=closed_long_ago.pk).anonimizado_en
    assert "Anonimizados 0" in run()
    assert Ticket.objects.get(pk=closed_long_ago.pk).anonimizado_en == stamp


def test_recent_and_open_tickets_keep_their_data(file_ticket, organo_a, enlace_a):
    recent, _ = file_ticket(organo=organo_a)
    answer(recent, "Respuesta.", enlace_a)
    change_state(recent, EstadoTicket.CERRADO, enlace_a)
    age(recent, 300)  # about ten months: within the default twelve
    answered, _ = file_ticket(organo=organo_a)
    answer(answered, "Respuesta.", enlace_a)  # respondido is resolved but not final
    age(answered, 800)
    pending, _ = file_ticket(organo=organo_a)
    age(pending, 800)

    assert "Anonimizados 0" in run()
    assert Ticket.objects.filter(anonimizado_en__isnull=False).count() == 0
    assert Ticket.objects.exclude(correo="").count() == 3


def test_improcedente_and_duplicado_count_as_final(file_ticket, organo_a, enlace_a):
    original, _ = file_ticket(organo=organo_a)
    improcedente, _ = file_ticket(organo=organo_a)
    change_state(improcedente, EstadoTicket.IMPROCEDENTE, enlace_a)
    duplicado, _ = file_ticket(organo=organo_a)
    change_state(duplicado, EstadoTicket.DUPLICADO, enlace_a, duplicado_de=original)
    for ticket in (original, improcedente, duplicado):
        age(ticket, 400)
    assert "Anonimizados 2" in run()
    assert set(Ticket.objects.filter(correo="").values_list("pk", flat=True)) == {
        improcedente.pk,
        duplicado.pk,
    }


def test_a_ticket_reopened_and_closed_again_waits_from_its_last_closing(closed_long_ago, enlace_a):
    change_state(closed_long_ago, EstadoTicket.EN_ATENCION, enlace_a)
    change_state(closed_long_ago, EstadoTicket.IMPROCEDENTE, enlace_a)
    # First resolved 400 days ago, final again today.
    assert "Anonimizados 0" in run()


def test_months_come_from_the_settings_or_the_option(closed_long_ago):
    buzon = BuzonSettings.load()
    buzon.meses_conservacion = 24
    buzon.save()
    assert "Anonimizados 0" in run()
    assert "Anonimizados 1" in run("--meses", "6")


def test_dry_run_counts_without_erasing(closed_long_ago):
    output = run("--dry-run")
    assert "Se anonimizarían 1" in output
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.correo and closed_long_ago.anonimizado_en is None
    assert TicketAdjunto.objects.filter(ticket=closed_long_ago).count() == 3


@pytest.mark.parametrize("meses", ["0", "-3", "99999"])
def test_a_nonsense_term_is_refused(closed_long_ago, meses):
    with pytest.raises(CommandError):
        run("--meses", meses)
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.correo


def test_months_before_keeps_the_day_or_the_month_s_last():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == moment.replace(month=2, day=28)
    assert months_before(moment, 12) == moment.replace(year=2025)
    assert months_before(moment, 15) == moment.replace(year=2024, month=12)
