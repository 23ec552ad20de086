"""The inbox's action forms: answer, note, state, assignment and routing of one ticket.

They only gather and check input; the change itself is always made by buzon.services.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from estructura.models import OrganoPage
from estructura.scope import people_in_reach_q

from .choices import TRANSITIONS, EstadoTicket
from .forms import AttachmentsField, TextField
from .models import Ticket


class AnswerForm(forms.Form):
    texto = TextField(
        label=_("Respuesta"),
        min_length=2,
        max_length=settings.BUZON_MENSAJE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Quien escribió la verá al consultar su folio y, si dejó correo, por email."),
    )
    adjuntos = AttachmentsField(label=_("Archivos (opcional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adjuntos"].help_text = _("Hasta %(count)d archivos PDF, JPEG o PNG.") % {
            "count": settings.BUZON_ADJUNTOS_MAX
        }


class NoteForm(forms.Form):
    texto = TextField(
        label=_("Nota interna"),
        min_length=2,
        max_length=settings.BUZON_MENSAJE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Solo la ve el equipo que atiende el Buzón; nunca quien escribió."),
    )


class StateForm(forms.Form):
    """Only the transitions allowed from the current state; "respondido" comes by answering."""

    estado = forms.ChoiceField(label=_("Nuevo estado"))
    folio_original = forms.CharField(
        label=_("Folio del ticket original"),
        required=False,
        max_length=20,
        help_text=_("Solo si lo marcas como duplicado."),
    )
    texto = TextField(
        label=_("Motivo (opcional; lo verá quien escribió)"),
        required=False,
        max_length=settings.BUZON_MENSAJE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, ticket, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.user = user
        allowed = TRANSITIONS.get(ticket.estado, set()) - {EstadoTicket.RESPONDIDO}
        self.fields["estado"].choices = [
            (value, label) for value, label in EstadoTicket.choices if value in allowed
        ]

    @property
    def has_choices(self):
        return bool(self.fields["estado"].choices)

    def clean(self):
        cleaned = super().clean()
        cleaned["duplicado_de"] = None
        if cleaned.get("estado") == EstadoTicket.DUPLICADO:
            folio = (cleaned.get("folio_original") or "").strip().upper()
            if not folio:
                self.add_error("folio_original", _("Indica el folio del ticket original."))
                return cleaned
            # Only a ticket the user may see can be named: no probing other órganos' folios.
            original = (
                Ticket.objects.visible_to(self.user)
                .exclude(pk=self.ticket.pk)
                .filter(folio=folio)
                .first()
            )
            if original is None:
                self.add_error(
                    "folio_original",
                    _("No encontramos entre tus tickets otro con el folio %(folio)s.")
                    % {"folio": folio[:20]},
                )
            cleaned["duplicado_de"] = original
        return cleaned


def possible_assignees(ticket):
    """Active people who can handle this ticket: the same rule as Ticket.visible_to()."""
    users = get_user_model().objects.filter(is_active=True)
    sees_all = Q(
        groups__permissions__codename="ver_todos_tickets",
        groups__permissions__content_type__app_label="buzon",
    ) | Q(
        user_permissions__codename="ver_todos_tickets",
        user_permissions__content_type__app_label="buzon",
    )
    ids = users.filter(sees_all | people_in_reach_q(ticket.organo)).values("pk")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    asignado_a = UserChoiceField(
        label=_("Asignar a"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nadie"),
    )

    def __init__(self, *args, ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asignado_a"].queryset = possible_assignees(ticket)
        self.initial.setdefault("asignado_a", ticket.asignado_a_id)


class RouteForm(forms.Form):
    organo = forms.ModelChoiceField(
        label=_("Turnar a"),
        queryset=OrganoPage.objects.none(),
        required=False,
        empty_label=_("Sin turnar (Administración OPTI)"),
    )

    def __init__(self, *args, ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organo"].queryset = OrganoPage.objects.live().order_by("path")
        self.initial.setdefault("organo", ticket.organo_id)
