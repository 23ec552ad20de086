"""The demo's Buzón: a page at /buzon/ and about a hundred believable tickets over a year, in
every kind and state, answered by the demo enlaces, added once however often seed_demo runs."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from buzon.choices import RESOLVED_STATES, TRANSITIONS, EstadoTicket, TipoEntrada, TipoTicket
from buzon.models import BuzonPage, FolioCounter, Ticket, TicketEntrada, hash_key
from buzon.services import find_ticket
from buzon.statistics import ticket_figures
from home.demo.tickets import TICKET_COUNT, demo_key, quarter_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def test_buzon_page_is_live_under_home_with_its_texts(client, demo):
    page = BuzonPage.objects.live().get()
    assert page.url == "/buzon/"
    assert "folio" in page.intro
    assert "datos personales" not in page.intro and "nombre" in page.aviso_privacidad
    assert client.get("/buzon/").status_code == 200


def test_about_a_hundred_tickets_in_every_kind_and_state(demo):
    tickets = Ticket.objects.all()
    assert tickets.count() == TICKET_COUNT
    assert set(tickets.values_list("tipo", flat=True)) == set(TipoTicket.values)
    assert set(tickets.values_list("estado", flat=True)) == set(EstadoTicket.values)
    assert tickets.filter(organo__isnull=True).exists()
    assert tickets.overdue().exists()
    for duplicado in tickets.filter(estado=EstadoTicket.DUPLICADO):
        assert duplicado.duplicado_de is not None
        assert duplicado.duplicado_de.estado != EstadoTicket.DUPLICADO
        assert duplicado.duplicado_de.creado < duplicado.creado


def test_tickets_span_the_last_four_quarters_and_none_is_in_the_future(demo):
    today = timezone.localdate()
    now = timezone.now()
    start = quarter_start(today, 3)
    dates = [timezone.localdate(c) for c in Ticket.objects.values_list("creado", flat=True)]
    assert min(dates) == start and max(dates) <= today
    quarters = {(d.year, (d.month - 1) // 3) for d in dates}
    assert len(quarters) == 4
    for ticket in Ticket.objects.all():
        moments = [ticket.creado, ticket.respondido_en, ticket.resuelto_en, ticket.cerrado_en]
        present = [m for m in moments if m is not None]
        assert all(m <= now for m in present), ticket.folio
        if ticket.resuelto_en:
            assert ticket.creado <= ticket.resuelto_en
        assert (ticket.resuelto_en is not None) == (ticket.estado in RESOLVED_STATES)
        assert (ticket.cerrado_en is not None) == (ticket.estado == EstadoTicket.CERRADO)
        assert ticket.fecha_limite > timezone.localdate(ticket.creado)
        assert ticket.correo == "" or ticket.correo.endswith("@example.org")


def test_figures_are_believable(demo):
    today = timezone.localdate()
    start = quarter_start(today, 3)
    figures = ticket_figures(start, today)
    assert figures.recibidos == TICKET_COUNT
    assert 70 <= figures.porcentaje_resueltos <= 92
    assert 4 <= figures.mediana_dias_respuesta <= 8
    assert figures.vencidos_al_cierre > 0


def test_answers_and_notes_are_written_by_the_organ_s_enlace(demo):
    answers = TicketEntrada.objects.filter(tipo=TipoEntrada.RESPUESTA).select_related(
        "autor", "ticket__organo"
    )
    assert answers.exists()
    for entrada in answers:
        assert entrada.autor.username == f"enlace-{entrada.ticket.organo.slug}"
        assert entrada.publico and len(entrada.texto) > 40
    notes = TicketEntrada.objects.filter(tipo=TipoEntrada.NOTA)
    assert notes.exists() and not notes.filter(publico=True).exists()
    # Every ticket tells its own story from "recibido" on.
    first_states = TicketEntrada.objects.filter(
        tipo=TipoEntrada.ESTADO, estado_nuevo=EstadoTicket.RECIBIDO
    )
    assert first_states.values("ticket").distinct().count() == TICKET_COUNT
    assert not (Ticket.objects.annotate(n=Count("entradas")).filter(n=0).exists())


def test_folios_are_unique_and_the_counter_moves_past_them(demo):
    for anio, numero in Ticket.objects.values_list("anio", "numero"):
        assert FolioCounter.objects.get(anio=anio).ultimo >= numero


def test_demo_keys_follow_their_tickets(demo):
    for n in range(TICKET_COUNT):
        ticket = Ticket.objects.get(clave_hash=hash_key(demo_key(n)))
        assert find_ticket(ticket.folio, demo_key(n)) == ticket


def test_a_second_run_adds_no_ticket(demo):
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    assert Ticket.objects.count() == TICKET_COUNT
    assert f"Tickets del Buzón: 0 creados, {TICKET_COUNT} existentes" in out.getvalue()
    assert "/buzon/seguimiento/" in out.getvalue()
    assert BuzonPage.objects.count() == 1


def test_a_run_on_a_later_day_adds_none_either(demo):
    from home.demo.builder import DemoBuilder

    DemoBuilder(password="x", today=timezone.localdate() + datetime.timedelta(days=40)).build()
    assert Ticket.objects.count() == TICKET_COUNT


def test_every_thread_is_a_chain_of_states_the_rules_allow(demo):
    """The seed goes through the services: each ticket's states follow TRANSITIONS (or the
    ones the services make themselves: taking it, a citizen writing again), in time order."""
    automatic = {
        (EstadoTicket.RECIBIDO, EstadoTicket.EN_ATENCION),  # services.assign
        (EstadoTicket.RESPONDIDO, EstadoTicket.EN_ATENCION),  # services.citizen_reply
    }
    for ticket in Ticket.objects.prefetch_related("entradas"):
        states = sorted(
            (e for e in ticket.entradas.all() if e.tipo == TipoEntrada.ESTADO),
            key=lambda e: (e.creado, e.pk),
        )
        assert states[0].estado_nuevo == EstadoTicket.RECIBIDO, ticket.folio
        for before, after in zip(states, states[1:], strict=False):
            assert after.estado_anterior == before.estado_nuevo, ticket.folio
            step = (after.estado_anterior, after.estado_nuevo)
            assert step in automatic or step[1] in TRANSITIONS[step[0]], (ticket.folio, step)
        assert states[-1].estado_nuevo == ticket.estado, ticket.folio


def test_the_services_emails_are_built_and_kept_from_the_invented_addresses(demo):
    """The seed's tickets send what the services send: a receipt to each citizen who left an
    email (with the follow-up key), the alerts to the enlaces; all kept in the outbox."""
    receipts = [email for email in demo.emails if "Tu folio del Buzón" in email.subject]
    with_email = Ticket.objects.exclude(correo="")
    assert len(receipts) == with_email.count() > 10
    for ticket in with_email:
        (receipt,) = [email for email in receipts if ticket.folio in email.subject]
        assert receipt.to == [ticket.correo]
    assert len(demo.emails) > len(receipts)  # the inbox alerts, answers, state changes
