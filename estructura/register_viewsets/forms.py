"""The registers' forms: only the órganos in the user's scope are offered."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..choices import TipoReunion
from ..registers import EnlaceAcreditado
from ..scope import scope_for


class OrganoLabelMixin:
    def label_from_instance(self, obj):
        # Indented by depth so sub-órganos read as part of their órgano.
        return "— " * max(obj.depth - 4, 0) + obj.title


class OrganoModelChoiceField(OrganoLabelMixin, forms.ModelChoiceField):
    pass


class OrganoModelMultipleChoiceField(OrganoLabelMixin, forms.ModelMultipleChoiceField):
    pass


class RegisterForm(WagtailAdminModelForm):
    """Offers only the órganos the user may write for (dates after today are refused by the
    models' own validators)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope_for(self.for_user)
        organos = self.scope.organos(act=True)
        if "organo" in self.fields:
            old = self.fields["organo"]
            self.fields["organo"] = OrganoModelChoiceField(
                queryset=organos, label=old.label, required=old.required, help_text=old.help_text
            )
        if "organos" in self.fields:
            old = self.fields["organos"]
            self.fields["organos"] = OrganoModelMultipleChoiceField(
                queryset=organos,
                label=old.label,
                required=False,
                help_text=old.help_text,
                widget=forms.CheckboxSelectMultiple,
            )


class EnlaceAcreditadoForm(RegisterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usuario" in self.fields:
            from django.contrib.auth import get_user_model

            self.fields["usuario"].queryset = (
                get_user_model().objects.filter(is_active=True).order_by("username")
            )

    def clean(self):
        cleaned = super().clean()
        usuario, organo = cleaned.get("usuario"), cleaned.get("organo")
        start, end = cleaned.get("fecha_acreditacion"), cleaned.get("fecha_baja")
        if end and start and end < start:
            return cleaned  # EnlaceAcreditado.clean() says why; no overlap to look for
        if usuario and organo and start:
            # The database's own rule (an exclusion constraint on PostgreSQL); checked here
            # too for a clear message, and on SQLite, which has no such constraint.
            others = EnlaceAcreditado.objects.overlapping(usuario, organo, start, end)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("fecha_acreditacion", EnlaceAcreditado.OVERLAP_MESSAGE)
        return cleaned


class ReunionForm(RegisterForm):
    def clean(self):
        cleaned = super().clean()
        organos = cleaned.get("organos")
        if cleaned.get("tipo") == TipoReunion.ORGANO_GOBIERNO and not organos:
            self.add_error(
                "organos",
                _(
                    "Una reunión con un Órgano Nacional de Gobierno debe indicar al menos "
                    "un órgano."
                ),
            )
        elif not organos and not self.scope.everything:
            # Otherwise the meeting would leave the supervisor's own scope at once.
            self.add_error("organos", _("Indica al menos uno de tus órganos."))
        return cleaned


class ActualizacionPlataformaForm(RegisterForm):
    def clean(self):
        cleaned = super().clean()
        ejercicio, fecha = cleaned.get("ejercicio"), cleaned.get("fecha")
        if ejercicio and fecha and ejercicio > fecha.year:
            self.add_error(
                "ejercicio",
                _("El ejercicio informado no puede ser posterior al año de la carga (%(year)s).")
                % {"year": fecha.year},
            )
        return cleaned
