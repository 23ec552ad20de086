"""The Buzón's forms: one set of rules for the public page and the API (which feeds them)."""

import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image, UnidentifiedImageError

from ejes.models import EjePage
from estructura.models import OrganoPage

from .choices import TipoTicket

# Allowed attachments, recognised by their first bytes (never by name or declared type).
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]
# Pillow refuses images over this many pixels (decompression bombs) before decoding them.
MAX_IMAGE_PIXELS = 40_000_000


def sniff(upload):
    """(content type, extension) of an allowed file, or a ValidationError saying why not."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = next((match for match in SIGNATURES if head.startswith(match[0])), None)
    if found is None:
        raise ValidationError(
            _("«%(name)s» no es un PDF, JPEG ni PNG (se revisa el contenido, no el nombre)."),
            code="file_type",
            params={"name": safe_filename(upload.name)},
        )
    _signature, content_type, extension = found
    if content_type.startswith("image/"):
        check_image(upload)
    return content_type, extension


def check_image(upload):
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("La imagen «%(name)s» es demasiado grande en píxeles."),
                    code="image_size",
                    params={"name": safe_filename(upload.name)},
                )
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(
            _("La imagen «%(name)s» está dañada o incompleta."),
            code="image_broken",
            params={"name": safe_filename(upload.name)},
        ) from error
    finally:
        upload.seek(0)


def safe_filename(name, limit=150):
    """A file name fit to show and store: no path, no control characters, not too long."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable())
    name = name.strip().strip(".") or "adjunto"
    return name[-limit:]


def check_text(value):
    """Text is stored as text (and escaped on output); only what no one can type is refused."""
    if any(unicodedata.category(ch) in {"Cc", "Cs", "Co"} and ch not in "\n\r\t" for ch in value):
        raise ValidationError(
            _("El texto contiene caracteres de control no permitidos."), code="control"
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to BUZON_ADJUNTOS_MAX files, each a real PDF, JPEG or PNG under the size limit."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        limit = settings.BUZON_ADJUNTOS_MAX
        if len(files) > limit:
            raise ValidationError(
                ngettext(
                    "Puedes adjuntar como máximo %(limit)d archivo.",
                    "Puedes adjuntar como máximo %(limit)d archivos.",
                    limit,
                )
                % {"limit": limit},
                code="too_many",
            )
        errors = []
        cleaned = []
        for upload in files:
            try:
                cleaned.append(self.clean_one(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean_one(self, upload):
        upload = super().clean(upload)
        max_bytes = settings.BUZON_ADJUNTO_MAX_BYTES
        if upload.size > max_bytes:
            raise ValidationError(
                _("«%(name)s» pesa %(size)s; el máximo por archivo es %(max)s."),
                code="file_size",
                params={
                    "name": safe_filename(upload.name),
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(max_bytes),
                },
            )
        if upload.size == 0:
            raise ValidationError(
                _("«%(name)s» está vacío."),
                code="empty",
                params={"name": safe_filename(upload.name)},
            )
        upload.content_type, upload.extension = sniff(upload)
        upload.safe_name = safe_filename(upload.name)
        return upload


class TextField(forms.CharField):
    default_validators = [check_text]


class TicketForm(forms.Form):
    """Filing a ticket: the public page posts it as is; the API maps its JSON onto it."""

    tipo = forms.ChoiceField(label=_("¿Qué quieres hacer?"), choices=TipoTicket.choices)
    asunto = TextField(label=_("Asunto"), min_length=3, max_length=settings.BUZON_ASUNTO_MAX)
    mensaje = TextField(
        label=_("Mensaje"),
        min_length=10,
        max_length=settings.BUZON_MENSAJE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    organo = forms.ModelChoiceField(
        label=_("Órgano al que te diriges (opcional)"),
        queryset=OrganoPage.objects.none(),
        required=False,
        empty_label=_("No lo sé / cualquiera"),
    )
    eje = forms.ModelChoiceField(
        label=_("Eje (opcional)"),
        queryset=EjePage.objects.none(),
        required=False,
        empty_label=_("Ninguno en particular"),
    )
    nombre = TextField(label=_("Nombre (opcional)"), max_length=150, required=False)
    correo = forms.EmailField(
        label=_("Correo electrónico (opcional)"),
        required=False,
        max_length=254,
        help_text=_("Si no lo das, solo podrás dar seguimiento con tu folio y tu clave."),
    )
    adjuntos = AttachmentsField(
        label=_("Archivos (opcional)"),
        help_text=_("Hasta 3 archivos PDF, JPEG o PNG."),
    )
    acepta_aviso = forms.BooleanField(
        label=_("He leído y acepto el aviso de privacidad"),
        error_messages={"required": _("Debes aceptar el aviso de privacidad para enviar.")},
    )
    # Honeypot: hidden from people (and from screen readers); bots fill every field.
    sitio_web = forms.CharField(label=_("No llenes este campo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what anyone may see can be chosen: live, public órganos and ejes.
        self.fields["organo"].queryset = OrganoPage.objects.live().public().order_by("path")
        self.fields["eje"].queryset = EjePage.objects.live().public().order_by("path")
        self.fields["adjuntos"].help_text = _(
            "Hasta %(count)d archivos PDF, JPEG o PNG de %(size)s cada uno."
        ) % {
            "count": settings.BUZON_ADJUNTOS_MAX,
            "size": filesizeformat(settings.BUZON_ADJUNTO_MAX_BYTES),
        }

    def clean_sitio_web(self):
        if self.cleaned_data.get("sitio_web"):
            raise ValidationError(
                _("No pudimos aceptar el envío. Si eres una persona, deja vacío este campo."),
                code="honeypot",
            )
        return ""

    @property
    def is_spam(self):
        return self.has_error("sitio_web", "honeypot")


class FollowUpForm(forms.Form):
    """Folio and key: the only way to see a ticket from outside."""

    folio = forms.CharField(label=_("Folio"), max_length=20)
    clave = forms.CharField(label=_("Clave de seguimiento"), max_length=40)

    def clean_folio(self):
        folio = self.cleaned_data["folio"].strip().upper()
        check_text(folio)
        return folio


class ReplyForm(forms.Form):
    """The citizen's reply (and files) while the ticket is open."""

    mensaje = TextField(
        label=_("Tu mensaje"),
        min_length=2,
        max_length=settings.BUZON_MENSAJE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    adjuntos = AttachmentsField(label=_("Archivos (opcional)"))
