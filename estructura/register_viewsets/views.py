"""Admin views of the registers: every lookup (list, edit, delete, history, usage) through the
scope, and the overlap refusal the database makes shown as the form's error."""

from django.db import IntegrityError, OperationalError
from django.utils import timezone
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from cms.spreadsheets import spreadsheet_text

from ..registers import EnlaceAcreditado
from ..scope import scope_for


class ScopedIndexView(generic.IndexView):
    scope_rows = None  # set by the viewset: (queryset, scope, editable) -> queryset
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        str: {generic.IndexView.FORMAT_CSV: spreadsheet_text},
    }

    def get_base_queryset(self):
        scope = scope_for(self.request.user)
        return self.scope_rows(super().get_base_queryset(), scope, False)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"


class ScopedObjectMixin:
    """Edit and delete find the row only in the user's editable scope: otherwise a 404."""

    scope_rows = None

    def get_queryset(self):
        scope = scope_for(self.request.user)
        return self.scope_rows(self.model._default_manager.all(), scope, True)


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedObjectQuerysetMixin:
    """History and usage find the row only in the user's visible scope: otherwise a 404."""

    scope_rows = None

    def get_base_object_queryset(self):
        scope = scope_for(self.request.user)
        return self.scope_rows(super().get_base_object_queryset(), scope, False)


class ScopedHistoryView(ScopedObjectQuerysetMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectQuerysetMixin, UsageView):
    pass


DEADLOCK = "40P01"


def is_overlap_refusal(error) -> bool:
    """Whether the database refused the save for EnlaceAcreditado.OVERLAP_CONSTRAINT.

    Two saves checking the constraint against each other's new row can also deadlock;
    PostgreSQL then aborts one of them, which lost the same race and gets the same answer.
    """
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    if getattr(diag, "constraint_name", None) == EnlaceAcreditado.OVERLAP_CONSTRAINT:
        return True
    context = getattr(diag, "context", None) or ""
    return (
        getattr(cause, "sqlstate", None) == DEADLOCK
        and "exclusion constraint" in context
        and EnlaceAcreditado._meta.db_table in context
    )


class OverlapRefusalMixin:
    """Two overlapping accreditations saved at the same moment both pass the form's check;
    the database keeps the first and refuses the second, which becomes this form error."""

    def form_valid(self, form):
        try:
            # The view saves (and logs) in one atomic block, so a refusal leaves nothing.
            return super().form_valid(form)
        except (IntegrityError, OperationalError) as error:
            if not is_overlap_refusal(error):
                raise
        form.add_error("fecha_acreditacion", EnlaceAcreditado.OVERLAP_MESSAGE)
        # As is_valid() does for a form error, so the page says so in its banner too.
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class EnlaceAcreditadoCreateView(OverlapRefusalMixin, generic.CreateView):
    pass


class EnlaceAcreditadoEditView(OverlapRefusalMixin, ScopedEditView):
    pass
