"""Admin form fields: a corrupt upload or a tampered POST gets a form error, never a 500."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class _Unreadable:
    """What a StreamField's POST data parses to when it lacks what the editor always sends."""

    def __repr__(self):
        return "<unreadable StreamField data>"


UNREADABLE = _Unreadable()


class TamperProofBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError):
            # StreamBlock and ListBlock index the POST by the `<name>-count`, `-deleted`, `-type`
            # and `-order` keys the editor's JavaScript always writes: only a truncated or
            # tampered request lacks them, or sends text where they hold numbers.
            return UNREADABLE


class StreamFormField(BlockField):
    """Every admin form's StreamField (cms/wagtail_hooks.py): unreadable data is a form error
    and the form shows what is stored, instead of Wagtail's KeyError or ValueError (a 500)."""

    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", TamperProofBlockWidget(block))
        super().__init__(block=block, **kwargs)

    def bound_data(self, data, initial):
        return initial if data is UNREADABLE else super().bound_data(data, initial)

    def has_changed(self, initial_value, data_value):
        return data_value is UNREADABLE or super().has_changed(initial_value, data_value)

    def clean(self, value):
        if value is UNREADABLE:
            raise ValidationError(
                _(
                    "El contenido de este campo llegó incompleto y no se guardó nada. Recarga "
                    "la página y vuelve a intentarlo."
                ),
                code="unreadable",
            )
        return super().clean(value)


class DecodedImageField(WagtailImageField):
    """Wagtail's image field, with any failure to decode the file as its invalid_image error.

    Wagtail only sniffs the header when it opens the upload (willow.Image.open); the first
    decode is Willow's Pillow ``load()`` inside ``get_size()``, where Wagtail catches only the
    decompression-bomb errors: a truncated or garbled file raises OSError, SyntaxError or
    ValueError there, and the view answers 500.
    """

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:  # Pillow's errors share no base class
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: the image add, multiple upload and edit views and API v3."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # wagtail.images.forms builds this field itself; changing its class keeps every
            # option and widget attribute Wagtail set on it.
            field.__class__ = DecodedImageField
