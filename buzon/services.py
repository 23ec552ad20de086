"""What happens to a ticket: filing, the citizen's replies, answers, notes, routing and states.

The public page, the API and the admin inbox all call these, so every change is made in one
transaction and recorded in the thread with who and when.
"""

import ipaddress
import logging
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import RESOLVED_STATES, TRANSITIONS, EstadoTicket, TipoEntrada
from .models import (
    BuzonSettings,
    FolioCounter,
    Ticket,
    TicketAdjunto,
    TicketEntrada,
    hash_key,
    key_hashes,
    sees_every_ticket,
)

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a key is read off a screen or a phone and typed again.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_GROUPS = 4
KEY_GROUP_LENGTH = 4


# --- the clock ---------------------------------------------------------------------------------

_moment: ContextVar = ContextVar("buzon_moment", default=None)


def now():
    """The services' clock: the time now, or the moment `at` set (the demo's backdated year)."""
    return _moment.get() or timezone.now()


@contextmanager
def at(moment):
    """Run the services as if it were `moment`: every date they write (filing, due date, the
    thread, answered, resolved, closed) is that moment. For the demo seed; never a request."""
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)


def new_key() -> str:
    """16 characters of a 31-letter alphabet (79 bits), shown as XXXX-XXXX-XXXX-XXXX."""
    groups = [
        "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_GROUP_LENGTH))
        for _ in range(KEY_GROUPS)
    ]
    return "-".join(groups)


# --- who is asking ---------------------------------------------------------------------------


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the trusted proxy's view of it."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def parse_rate(rate: str) -> tuple[int, int]:
    try:
        count, seconds = (int(part) for part in rate.split("/"))
    except ValueError as error:
        raise ImproperlyConfigured(f"A rate limit is '<count>/<seconds>', not {rate!r}") from error
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"A rate limit needs a positive count and window: {rate!r}")
    return count, seconds


def rate_limited(request, scope: str, rate: str) -> bool:
    """Count one attempt for this client in a fixed window; True once the limit is passed.

    The counter lives in the cache (Redis in production, so every worker shares it).
    """
    count, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    address = client_ip(request) or "unknown"
    key = f"buzon:rate:{scope}:{hash_key(address)[:32]}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        attempts = 1
    return attempts > count


def filing_limited(request) -> bool:
    return rate_limited(request, "crear", settings.BUZON_RATE_LIMIT)


def follow_up_limited(request) -> bool:
    return rate_limited(request, "consulta", settings.BUZON_CONSULTA_RATE_LIMIT)


# --- the citizen's side ----------------------------------------------------------------------


def create_ticket(
    data: dict, files=(), ip: str | None = None, clave: str | None = None
) -> tuple[Ticket, str]:
    """File a ticket from a valid TicketForm's cleaned_data: (ticket, clear-text key).

    All or nothing: the folio, the ticket, its first thread entry and its files are one
    transaction. Emails leave only after it commits, and their failure never undoes it. The key
    is a new random one; only the demo seed gives its own (``clave``), to print it.
    """
    clave = clave or new_key()
    buzon = BuzonSettings.load()
    with transaction.atomic():
        moment = now()
        year = timezone.localtime(moment).year
        number = FolioCounter.next_number(year)
        ticket = Ticket.objects.create(
            folio=Ticket.format_folio(year, number),
            anio=year,
            numero=number,
            tipo=data["tipo"],
            asunto=data["asunto"],
            mensaje=data["mensaje"],
            organo=data.get("organo"),
            eje=data.get("eje"),
            nombre=data.get("nombre", ""),
            correo=data.get("correo", ""),
            direccion_ip=ip,
            clave_hash=hash_key(clave),
            fecha_limite=buzon.due_date(timezone.localdate(moment)),
            creado=moment,
        )
        entrada = TicketEntrada.objects.create(
            ticket=ticket,
            tipo=TipoEntrada.ESTADO,
            publico=True,
            estado_nuevo=EstadoTicket.RECIBIDO,
            texto=_("Ticket recibido."),
            creado=moment,
        )
        save_attachments(ticket, entrada, files)
    from .notifications import ticket_filed

    transaction.on_commit(lambda: ticket_filed(ticket, clave))
    return ticket, clave


def find_ticket(folio: str, clave: str) -> Ticket | None:
    """The ticket if the key matches; None for a wrong key and an unknown folio alike."""
    ticket = (
        Ticket.objects.select_related("organo", "eje", "duplicado_de")
        .filter(folio=(folio or "").strip().upper())
        .first()
    )
    if ticket is None:
        key_hashes(clave or "")  # the same work either way: no timing hint that a folio exists
        return None
    current = ticket.current_key_hash(clave)
    if current is None:
        return None
    if current != ticket.clave_hash:
        # Made under a fallback secret: store it under SECRET_KEY, so that once every ticket
        # still followed has been seen, the fallback can be retired. No save(): "actualizado"
        # is about the ticket, not its key.
        Ticket.objects.filter(pk=ticket.pk, clave_hash=ticket.clave_hash).update(clave_hash=current)
        ticket.clave_hash = current
    return ticket


def citizen_reply(ticket: Ticket, mensaje: str, files=()) -> TicketEntrada:
    """The citizen writes again; a ticket already answered goes back to the inbox."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if not ticket.is_open:
            raise ValidationError(
                _("Este ticket ya está cerrado; si lo necesitas, abre uno nuevo."), code="closed"
            )
        entrada = TicketEntrada.objects.create(
            ticket=ticket, tipo=TipoEntrada.MENSAJE, texto=mensaje, publico=True, creado=now()
        )
        save_attachments(ticket, entrada, files)
        if ticket.estado == EstadoTicket.RESPONDIDO:
            record_state(ticket, EstadoTicket.EN_ATENCION, user=None)
        ticket.save()
    from .notifications import citizen_replied

    transaction.on_commit(lambda: citizen_replied(ticket))
    return entrada


def save_attachments(ticket, entrada, files, publico=True):
    for upload in files:
        extension = getattr(upload, "extension", "")
        adjunto = TicketAdjunto(
            ticket=ticket,
            entrada=entrada,
            nombre=getattr(upload, "safe_name", upload.name)[:150],
            tipo_contenido=upload.content_type,
            tamano=upload.size,
            publico=publico,
        )
        upload.seek(0)
        adjunto.archivo.save(f"adjunto{extension}", upload, save=False)
        adjunto.save()


# --- the inbox's side ------------------------------------------------------------------------


def can_handle(user, ticket) -> bool:
    return Ticket.objects.visible_to(user).filter(pk=ticket.pk).exists()


def can_route(user) -> bool:
    return sees_every_ticket(user)


def record_state(ticket, estado, user, texto=""):
    """Move to `estado` (unsaved ticket fields, saved entry); timestamps are set only once."""
    moment = now()
    anterior = ticket.estado
    ticket.estado = estado
    if estado in RESOLVED_STATES and ticket.resuelto_en is None:
        ticket.resuelto_en = moment
    if estado == EstadoTicket.RESPONDIDO and ticket.respondido_en is None:
        ticket.respondido_en = moment
    if estado == EstadoTicket.CERRADO:
        ticket.cerrado_en = moment
    elif estado not in RESOLVED_STATES:
        ticket.cerrado_en = None
    if estado != EstadoTicket.DUPLICADO:
        ticket.duplicado_de = None
    return TicketEntrada.objects.create(
        ticket=ticket,
        tipo=TipoEntrada.ESTADO,
        texto=texto,
        autor=user,
        publico=True,
        estado_anterior=anterior,
        estado_nuevo=estado,
        creado=moment,
    )


def _locked(ticket, user):
    if not can_handle(user, ticket):
        raise PermissionDenied
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def change_state(ticket, estado, user, texto="", duplicado_de=None) -> Ticket:
    """A state change by staff, checked against TRANSITIONS; "duplicado" names the original.

    Asking for the state the ticket is already in changes nothing (no entry, no email): two
    people, or one double click, sending the same change record it once.
    """
    with transaction.atomic():
        ticket = _locked(ticket, user)
        # Checked on the locked row: whoever waited for the lock sees the change just made.
        if ticket.estado == estado and (
            estado != EstadoTicket.DUPLICADO
            or (duplicado_de is not None and ticket.duplicado_de_id == duplicado_de.pk)
        ):
            return ticket
        if estado not in TRANSITIONS.get(ticket.estado, ()):
            raise ValidationError(
                _("Un ticket «%(from)s» no puede pasar a «%(to)s».")
                % {
                    "from": EstadoTicket(ticket.estado).label,
                    "to": EstadoTicket(estado).label,
                },
                code="transition",
            )
        if estado == EstadoTicket.RESPONDIDO:
            raise ValidationError(
                _("Para marcarlo como respondido, escribe la respuesta."), code="needs_answer"
            )
        if estado == EstadoTicket.DUPLICADO:
            if duplicado_de is None or duplicado_de.pk == ticket.pk:
                raise ValidationError(
                    _("Indica el folio del ticket original."), code="needs_original"
                )
            if duplicado_de.estado == EstadoTicket.DUPLICADO:
                raise ValidationError(
                    _("El original no puede ser a su vez un duplicado."), code="chain"
                )
        record_state(ticket, estado, user, texto)
        if estado == EstadoTicket.DUPLICADO:
            ticket.duplicado_de = duplicado_de
        ticket.save()
    from .notifications import state_changed

    transaction.on_commit(lambda: state_changed(ticket))
    return ticket


def answer(ticket, texto, user, files=()) -> Ticket:
    """The answer the citizen reads; the ticket becomes "respondido".

    The same answer by the same person, sent again once the first went through (a double
    click, a retried POST), is that answer: nothing more is recorded or emailed.
    """
    with transaction.atomic():
        ticket = _locked(ticket, user)
        if ticket.estado not in {EstadoTicket.RECIBIDO, EstadoTicket.EN_ATENCION}:
            if _is_last_answer(ticket, texto, user):
                return ticket
            raise ValidationError(
                _("Solo se responde un ticket recibido o en atención."), code="transition"
            )
        entrada = TicketEntrada.objects.create(
            ticket=ticket,
            tipo=TipoEntrada.RESPUESTA,
            texto=texto,
            autor=user,
            publico=True,
            creado=now(),
        )
        save_attachments(ticket, entrada, files)
        record_state(ticket, EstadoTicket.RESPONDIDO, user)
        ticket.save()
    from .notifications import ticket_answered

    transaction.on_commit(lambda: ticket_answered(ticket))
    return ticket


def _is_last_answer(ticket, texto, user) -> bool:
    last = ticket.entradas.filter(tipo=TipoEntrada.RESPUESTA).order_by("-creado", "-pk").first()
    return last is not None and last.autor_id == user.pk and last.texto == texto


def add_note(ticket, texto, user) -> TicketEntrada:
    """An internal note: staff only, never shown to the citizen nor in any API."""
    with transaction.atomic():
        ticket = _locked(ticket, user)
        return TicketEntrada.objects.create(
            ticket=ticket,
            tipo=TipoEntrada.NOTA,
            texto=texto,
            autor=user,
            publico=False,
            creado=now(),
        )


def assign(ticket, assignee, user) -> Ticket:
    """Assign to a person who can see the ticket (or nobody); the same assignee again is a
    no-op, so simultaneous identical assignments leave one entry."""
    with transaction.atomic():
        ticket = _locked(ticket, user)
        if ticket.asignado_a_id == (assignee.pk if assignee else None):
            return ticket
        if assignee is not None and not can_handle(assignee, ticket):
            raise ValidationError(
                _("%(user)s no puede atender los tickets de este órgano.")
                % {"user": assignee.get_full_name() or assignee.get_username()},
                code="assignee_scope",
            )
        ticket.asignado_a = assignee
        TicketEntrada.objects.create(
            ticket=ticket,
            tipo=TipoEntrada.ASIGNACION,
            texto=(assignee.get_full_name() or assignee.get_username()) if assignee else "",
            autor=user,
            publico=False,
            creado=now(),
        )
        if ticket.estado == EstadoTicket.RECIBIDO and assignee is not None:
            record_state(ticket, EstadoTicket.EN_ATENCION, user)
        ticket.save()
    return ticket


def route(ticket, organo, user) -> Ticket:
    """Turn the ticket to an órgano (or back to the OPTI administration): the
    administration's call, since only it sees every órgano. Turning it to the órgano it is
    already with is a no-op: no entry, no email."""
    with transaction.atomic():
        ticket = _locked(ticket, user)
        if not can_route(user):
            raise PermissionDenied
        if ticket.organo_id == (organo.pk if organo else None):
            return ticket
        ticket.organo = organo
        ticket.save()
        # Whoever held it may not see the new órgano's tickets.
        if ticket.asignado_a is not None and not can_handle(ticket.asignado_a, ticket):
            ticket.asignado_a = None
        TicketEntrada.objects.create(
            ticket=ticket,
            tipo=TipoEntrada.TURNO,
            texto=organo.title if organo else "",
            autor=user,
            publico=False,
            creado=now(),
        )
        ticket.save()
    from .notifications import ticket_routed

    transaction.on_commit(lambda: ticket_routed(ticket))
    return ticket
