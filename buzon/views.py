"""The Buzón's public views (routed by BuzonPage): the form, the receipt and the follow-up.

Every refusal is a 4xx page in Spanish with the form kept where it makes sense; nothing is
stored unless the whole ticket is valid (services.create_ticket is one transaction).
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import services
from .bodies import FORM_TYPES, BadBody, read_body
from .downloads import attachment_response
from .forms import FollowUpForm, ReplyForm, TicketForm
from .models import Ticket, TicketAdjunto

# Session keys: the receipt shown once, the tickets this visitor proved with folio and key,
# and the ticket to show after a reply (Post/Redirect/Get without the key in the URL).
RECEIPT_KEY = "buzon_recibo"
PROVEN_KEY = "buzon_tickets"
SHOW_KEY = "buzon_mostrar"
SHOW_CLAVE_KEY = "buzon_mostrar_clave"
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
# Postgres integers: a larger id can name nothing, so it is answered before any query.
MAX_ID = 2**31 - 1


def read_form_body(request):
    """(POST, FILES) of a form the page sent; BadBody (its status and message) otherwise."""
    _kind, (data, files) = read_body(
        request, FORM_TYPES, _("envía el formulario desde esta página.")
    )
    return data, files


def annotate(form):
    """Tie each input to its help and its error (aria-describedby), and hide the honeypot."""
    if form is None:
        return None
    for bound in form:
        attrs = bound.field.widget.attrs
        described = []
        if bound.help_text:
            described.append(f"{bound.auto_id}-ayuda")
        if form.is_bound and bound.errors:
            described.append(f"{bound.auto_id}-error")
            attrs["aria-invalid"] = "true"
        if described:
            attrs["aria-describedby"] = " ".join(described)
    if "sitio_web" in form.fields:
        form.fields["sitio_web"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
    if "adjuntos" in form.fields:
        form.fields["adjuntos"].widget.attrs["accept"] = ACCEPTED_FILES
    return form


def render(request, page, template, context=None, status=200, private=False):
    for name in ("form", "reply_form"):
        if context and context.get(name) is not None:
            annotate(context[name])
    full_context = page.get_context(request)
    full_context.update(context or {})
    response = TemplateResponse(request, template, full_context, status=status)
    if private:
        add_never_cache_headers(response)
        response["Cache-Control"] = "private, no-store, no-cache, must-revalidate, max-age=0"
    return response


def subpage_url(request, page, name):
    return page.get_url(request) + page.reverse_subpage(name)


def message_page(request, page, status, message, private=False):
    return render(
        request,
        page,
        "buzon/mensaje.html",
        {"message": message, "status": status},
        status=status,
        private=private,
    )


def privacy_url(request):
    from cms.models import PortalSettings

    return PortalSettings.for_request(request).aviso_privacidad_url


def render_form(request, page, form, status=200, notice=""):
    return render(
        request,
        page,
        "buzon/buzon_page.html",
        {"form": form, "notice": notice, "privacy_url": privacy_url(request)},
        status=status,
    )


# --- filing ----------------------------------------------------------------------------------


def ticket_form(request, page):
    if request.method in ("GET", "HEAD"):
        return render_form(request, page, TicketForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    try:
        data, files = read_form_body(request)
    except BadBody as refused:
        return message_page(request, page, refused.status, refused.message)
    if services.filing_limited(request):
        form = TicketForm(initial=_kept_values(data))
        notice = _(
            "Recibimos muchos envíos desde tu conexión en poco tiempo. Espera unos minutos y "
            "vuelve a enviar; tus datos siguen en el formulario."
        )
        return render_form(request, page, form, status=429, notice=notice)
    form = TicketForm(data, files)
    if not form.is_valid():
        if form.is_spam:
            return message_page(
                request, page, 400, _("No pudimos aceptar el envío. Inténtalo de nuevo más tarde.")
            )
        return render_form(request, page, form, status=400)
    ticket, clave = services.create_ticket(
        form.cleaned_data, form.cleaned_data["adjuntos"], services.client_ip(request)
    )
    # The email left on commit (the view runs outside a transaction); read how it went.
    correo_fallido = (
        Ticket.objects.filter(pk=ticket.pk).values_list("correo_fallido", flat=True).first()
    )
    request.session.cycle_key()
    request.session[RECEIPT_KEY] = {
        "folio": ticket.folio,
        "clave": clave,
        "fecha_limite": ticket.fecha_limite.isoformat(),
        "correo": bool(ticket.correo),
        "correo_fallido": bool(correo_fallido),
    }
    _prove(request, ticket)
    return HttpResponseRedirect(subpage_url(request, page, "recibido"))


def _kept_values(data):
    # Text back into the form after a refusal; never the files, never the honeypot.
    return {
        name: data.get(name, "")
        for name in ("tipo", "asunto", "mensaje", "organo", "eje", "nombre", "correo")
    }


def receipt(request, page):
    """Folio and key, once: the session forgets the key as soon as it is shown."""
    recibo = request.session.pop(RECEIPT_KEY, None)
    if not recibo:
        return HttpResponseRedirect(page.get_url(request))
    recibo["fecha_limite"] = datetime.date.fromisoformat(recibo["fecha_limite"])
    return render(
        request,
        page,
        "buzon/recibido.html",
        {"recibo": recibo, "follow_up_url": subpage_url(request, page, "seguimiento")},
        private=True,
    )


# --- following up ----------------------------------------------------------------------------


def _prove(request, ticket):
    proven = request.session.get(PROVEN_KEY, [])
    if ticket.pk not in proven:
        request.session[PROVEN_KEY] = [*proven, ticket.pk][-20:]


def _proven_ids(request):
    return [pk for pk in request.session.get(PROVEN_KEY, []) if isinstance(pk, int)]


def follow_up(request, page):
    if request.method in ("GET", "HEAD"):
        shown = request.session.pop(SHOW_KEY, None)
        if shown and shown in _proven_ids(request):
            ticket = Ticket.objects.select_related("organo").filter(pk=shown).first()
            if ticket is not None:
                return render_ticket(
                    request, page, ticket, sent=True, clave=request.session.pop(SHOW_CLAVE_KEY, "")
                )
        return render_follow_up(request, page, FollowUpForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    try:
        data, files = read_form_body(request)
    except BadBody as refused:
        return message_page(request, page, refused.status, refused.message, private=True)
    if services.follow_up_limited(request):
        return render_follow_up(
            request,
            page,
            FollowUpForm(initial={"folio": data.get("folio", "")}),
            status=429,
            notice=_(
                "Hubo demasiados intentos desde tu conexión. Espera unos minutos e inténtalo "
                "de nuevo."
            ),
        )
    lookup = FollowUpForm(data)
    if not lookup.is_valid():
        return render_follow_up(request, page, lookup, status=400)
    ticket = services.find_ticket(lookup.cleaned_data["folio"], lookup.cleaned_data["clave"])
    if ticket is None:
        # One answer for an unknown folio and a wrong key: nothing tells them apart.
        return render_follow_up(
            request,
            page,
            FollowUpForm(initial={"folio": lookup.cleaned_data["folio"]}),
            status=404,
            notice=_(
                "No encontramos un ticket con ese folio y esa clave. Revisa que los hayas "
                "escrito tal como aparecen en tu acuse."
            ),
        )
    _prove(request, ticket)
    clave = lookup.cleaned_data["clave"]
    if data.get("accion") != "responder":
        return render_ticket(request, page, ticket, clave=clave)
    reply = ReplyForm(data, files)
    if not reply.is_valid():
        return render_ticket(request, page, ticket, reply_form=reply, status=400, clave=clave)
    try:
        services.citizen_reply(
            ticket, reply.cleaned_data["mensaje"], reply.cleaned_data["adjuntos"]
        )
    except ValidationError as error:
        return render_ticket(
            request, page, ticket, status=400, clave=clave, notice=" ".join(error.messages)
        )
    request.session[SHOW_KEY] = ticket.pk
    request.session[SHOW_CLAVE_KEY] = clave
    return HttpResponseRedirect(subpage_url(request, page, "seguimiento"))


def render_follow_up(request, page, form, status=200, notice=""):
    return render(
        request,
        page,
        "buzon/seguimiento.html",
        {"form": form, "notice": notice},
        status=status,
        private=True,
    )


def render_ticket(
    request, page, ticket, reply_form=None, status=200, clave="", sent=False, notice=""
):
    entries = ticket.public_thread()
    if ticket.is_open and reply_form is None:
        reply_form = ReplyForm()
    return render(
        request,
        page,
        "buzon/ticket.html",
        {
            "ticket": ticket,
            "entries": entries,
            "respuesta": ticket.public_answer(entries),
            "answered_by": ticket.public_signature,
            "reply_form": reply_form if ticket.is_open else None,
            "clave": clave,
            "sent": sent,
            "notice": notice,
        },
        status=status,
        private=True,
    )


def citizen_attachment(request, page, adjunto_id):
    """A public file of a ticket this visitor proved; one 404 for everything else."""
    proven = _proven_ids(request)
    if not proven or adjunto_id > MAX_ID:
        raise Http404
    adjunto = TicketAdjunto.objects.filter(
        pk=adjunto_id, ticket_id__in=proven, publico=True
    ).first()
    if adjunto is None:
        raise Http404
    return attachment_response(adjunto)
