"""Keep document metadata complete, however a document is saved (admin, API v3, commands,
factories): a signal, not code in the admin views."""

from django.db.models.signals import pre_save
from wagtail.documents import get_document_model


def set_document_file_size(sender, instance, **kwargs):
    # The admin form fills file_size; documents made in code would otherwise show no size.
    if instance.file_size is None and instance.file:
        try:
            instance.file_size = instance.file.size
        except OSError:
            pass  # A missing file keeps None; the templates then omit the size.


def register_signal_handlers():
    pre_save.connect(set_document_file_size, sender=get_document_model())
