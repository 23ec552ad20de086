"""The Buzón OPTISNTE: its page, its settings, and tickets with their thread and attachments.

Personal data (name, email, client address) lives only on ``Ticket`` and never in any
``api_fields``, search index or public template; the ``buzon_anonimizar`` command erases it.
"""

import datetime
import hashlib
import hmac
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.preview import HeadlessPreviewMixin
from cms.publishing import RegisteredPublishMixin
from cms.query import PublicPageManager

from .business_days import add_business_days
from .choices import (
    OPEN_STATES,
    PUBLIC_ENTRY_KINDS,
    RESOLVED_STATES,
    EstadoTicket,
    TipoEntrada,
    TipoTicket,
)

RICH_TEXT = ["h3", "bold", "italic", "ol", "ul", "link"]


class BuzonPage(RegisteredPublishMixin, RoutablePageMixin, HeadlessPreviewMixin, Page):
    """/buzon/: the form, the receipt with folio and key, and the follow-up by folio."""

    intro = RichTextField(_("introducción"), blank=True, features=RICH_TEXT)
    aviso_privacidad = RichTextField(
        _("aviso de privacidad (resumen)"),
        features=RICH_TEXT,
        help_text=_(
            "Se muestra junto a la casilla de aceptación; el aviso completo se enlaza desde "
            "la configuración del portal."
        ),
    )
    texto_confirmacion = RichTextField(
        _("texto tras el envío"),
        blank=True,
        features=RICH_TEXT,
        help_text=_("Se muestra con el folio y la clave de seguimiento."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("aviso_privacidad"),
        FieldPanel("texto_confirmacion"),
    ]
    # Only the page's own texts: tickets are never indexed.
    api_fields = [APIField("intro"), APIField("aviso_privacidad"), APIField("texto_confirmacion")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = _("Buzón OPTISNTE")
        verbose_name_plural = _("Buzón OPTISNTE")

    # The views live in views.py; the page only routes to them.
    @path("")
    def formulario(self, request):
        from . import views

        return views.ticket_form(request, self)

    @path("recibido/")
    def recibido(self, request):
        from . import views

        return views.receipt(request, self)

    @path("seguimiento/")
    def seguimiento(self, request):
        from . import views

        return views.follow_up(request, self)

    @path("seguimiento/adjuntos/<int:adjunto_id>/")
    def adjunto(self, request, adjunto_id):
        from . import views

        return views.citizen_attachment(request, self, adjunto_id)


def validate_closed_days(value):
    parse_closed_days(value)


def parse_closed_days(value) -> list[datetime.date]:
    """One YYYY-MM-DD date per line; a clear error names the line that is not one."""
    days = []
    for number, line in enumerate((value or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            days.append(datetime.date.fromisoformat(line))
        except ValueError as error:
            raise ValidationError(
                _("La línea %(number)s («%(line)s») no es una fecha AAAA-MM-DD."),
                params={"number": number, "line": line[:20]},
            ) from error
    return days


@register_setting(icon="mail")
class BuzonSettings(BaseGenericSetting):
    """Deadlines and retention: data, so the OPTI can change them without a deploy."""

    plazo_dias_habiles = models.PositiveSmallIntegerField(
        _("plazo de respuesta (días hábiles)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Sin contar fines de semana, días de descanso obligatorio ni días inhábiles."),
    )
    aviso_dias_habiles = models.PositiveSmallIntegerField(
        _("recordatorio (días hábiles antes del vencimiento)"),
        default=2,
        validators=[MaxValueValidator(30)],
    )
    dias_inhabiles = models.TextField(
        _("días inhábiles adicionales"),
        blank=True,
        validators=[validate_closed_days],
        help_text=_("Una fecha por línea (AAAA-MM-DD), p. ej. periodos vacacionales."),
    )
    meses_conservacion = models.PositiveSmallIntegerField(
        _("meses antes de anonimizar"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Los datos personales de los tickets cerrados hace más de estos meses se borran; "
            "las cifras se conservan."
        ),
    )

    panels = [
        FieldPanel("plazo_dias_habiles"),
        FieldPanel("aviso_dias_habiles"),
        FieldPanel("dias_inhabiles"),
        FieldPanel("meses_conservacion"),
    ]

    class Meta:
        verbose_name = _("configuración del Buzón")

    def closed_days(self):
        return parse_closed_days(self.dias_inhabiles)

    def due_date(self, filed: datetime.date) -> datetime.date:
        return add_business_days(filed, self.plazo_dias_habiles, self.closed_days())


class FolioCounter(models.Model):
    """The last folio number handed out per year; its row lock makes folios sequential."""

    anio = models.PositiveSmallIntegerField(primary_key=True)
    ultimo = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contador de folios")

    def __str__(self):
        return f"{self.anio}: {self.ultimo}"

    @classmethod
    def next_number(cls, year):
        """Call inside the ticket's transaction: the lock is held until it commits."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("FolioCounter.next_number() must run inside a transaction")
        cls.objects.get_or_create(anio=year)
        counter = cls.objects.select_for_update().get(anio=year)
        counter.ultimo += 1
        counter.save(update_fields=["ultimo"])
        return counter.ultimo


def hash_key(clave: str, secret: str | None = None) -> str:
    """Keys carry 80 random bits, so a plain SHA-256 (keyed with the secret) is enough.

    The secret is SECRET_KEY unless another is named (a fallback, while a rotation lasts).
    """
    normalised = clave.strip().upper().replace("-", "").replace(" ", "")
    secret = settings.SECRET_KEY if secret is None else secret
    return hmac.new(secret.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def key_hashes(clave: str) -> list[str]:
    """The key's hash under SECRET_KEY first, then under each of SECRET_KEY_FALLBACKS."""
    return [
        hash_key(clave, secret) for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def sees_every_ticket(user) -> bool:
    """Whether `user` sees (and may route) every ticket, unrouted ones included."""
    from estructura.scope import scope_for

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return scope_for(user).everything or user.has_perm("buzon.ver_todos_tickets")


class TicketQuerySet(models.QuerySet):
    def open(self):
        return self.filter(estado__in=OPEN_STATES)

    def pending(self):
        return self.exclude(estado__in=RESOLVED_STATES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.pending().filter(fecha_limite__lt=today)

    def filed_between(self, start: datetime.date, end: datetime.date):
        """Filed on any day from `start` to `end`, both included, in local time."""
        return self.filter(creado__date__gte=start, creado__date__lte=end)

    def visible_to(self, user):
        """The inbox scope: the órganos in the user's reach (estructura.scope: enlaces their
        own órganos, supervisors theirs and below); those who see every ticket (the OPTI
        administration, superusers, holders of ver_todos_tickets) also the unrouted ones."""
        from estructura.scope import scope_for

        if sees_every_ticket(user):
            return self
        scope = scope_for(user)
        if not scope.allowed:
            return self.none()
        return self.filter(organo_id__in=scope.organo_ids())

    def for_inbox(self):
        return self.select_related("organo", "eje", "asignado_a")


class Ticket(models.Model):
    """One question, request, complaint, suggestion or recognition, followed by its folio."""

    folio = models.CharField(_("folio"), max_length=20, unique=True, editable=False)
    anio = models.PositiveSmallIntegerField(_("año"), editable=False)
    numero = models.PositiveIntegerField(_("número"), editable=False)
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoTicket.choices)
    asunto = models.CharField(_("asunto"), max_length=200)
    mensaje = models.TextField(_("mensaje"))
    organo = models.ForeignKey(
        "estructura.OrganoPage",
        verbose_name=_("órgano"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    eje = models.ForeignKey(
        "ejes.EjePage",
        verbose_name=_("eje"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    # Personal data: only here, never public, erased by anonymise().
    nombre = models.CharField(_("nombre"), max_length=150, blank=True)
    correo = models.EmailField(_("correo electrónico"), blank=True)
    direccion_ip = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)

    clave_hash = models.CharField(max_length=64, editable=False)
    estado = models.CharField(
        _("estado"),
        max_length=20,
        choices=EstadoTicket.choices,
        default=EstadoTicket.RECIBIDO,
        db_index=True,
    )
    asignado_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asignado a"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets_asignados",
    )
    duplicado_de = models.ForeignKey(
        "self",
        verbose_name=_("duplicado de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicados",
    )
    fecha_limite = models.DateField(_("fecha límite"), db_index=True)
    creado = models.DateTimeField(_("recibido el"), default=timezone.now, db_index=True)
    actualizado = models.DateTimeField(_("actualizado el"), auto_now=True)
    # First answer, and first time the ticket reached a resolved state: set once, so the
    # figures of a past quarter never change afterwards.
    respondido_en = models.DateTimeField(_("primera respuesta"), null=True, blank=True)
    resuelto_en = models.DateTimeField(_("resuelto el"), null=True, blank=True, db_index=True)
    cerrado_en = models.DateTimeField(_("cerrado el"), null=True, blank=True)
    # The due date a reminder was sent for: a new due date earns a new reminder.
    recordatorio_para = models.DateField(null=True, blank=True, editable=False)
    correo_fallido = models.BooleanField(
        _("correo no entregado"),
        default=False,
        help_text=_("El acuse por correo falló; el ticket quedó registrado."),
    )
    anonimizado_en = models.DateTimeField(_("anonimizado el"), null=True, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-creado", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["anio", "numero"], name="buzon_ticket_folio_number"),
        ]
        permissions = [
            ("ver_todos_tickets", _("Ver y turnar todos los tickets del Buzón")),
            ("datos_personales", _("Ver y exportar datos personales del Buzón")),
        ]

    def __str__(self):
        return self.folio

    @staticmethod
    def format_folio(year, number):
        return f"OPTI-{year}-{number:06d}"

    def key_matches(self, clave: str) -> bool:
        return self.current_key_hash(clave) is not None

    def current_key_hash(self, clave: str) -> str | None:
        """The key's hash under SECRET_KEY if the key is this ticket's, else None.

        A hash stored under one of SECRET_KEY_FALLBACKS matches too, so a rotation locks no
        one out; the caller stores the returned hash when it differs from ``clave_hash``.
        """
        candidates = key_hashes(clave or "")
        # Every candidate is compared in constant time, with no early exit: the time taken
        # says nothing about which secret (if any) the stored hash was made with.
        matched = [hmac.compare_digest(self.clave_hash, candidate) for candidate in candidates]
        return candidates[0] if any(matched) else None

    @property
    def is_open(self):
        return self.estado in OPEN_STATES

    @property
    def is_resolved(self):
        return self.estado in RESOLVED_STATES

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return not self.is_resolved and self.fecha_limite < today

    def public_entries(self):
        return self.entradas.filter(tipo__in=PUBLIC_ENTRY_KINDS, publico=True)

    def public_thread(self):
        """What the citizen sees of the thread, oldest first, each entry with only its public
        files (`adjuntos`): the one source for the follow-up page and the API. Files on entries
        the citizen cannot see stay hidden with them."""
        public_files = TicketAdjunto.objects.filter(publico=True)
        return list(self.public_entries().prefetch_related(Prefetch("adjuntos", public_files)))

    @staticmethod
    def public_answer(thread):
        """The answer the citizen is shown: the last answer in the public `thread`, or None."""
        return next(
            (entry for entry in reversed(thread) if entry.tipo == TipoEntrada.RESPUESTA), None
        )

    @property
    def public_signature(self):
        """Who answers, as the citizen sees it: the órgano (or OPTISNTE), never a person."""
        return self.organo.title if self.organo_id else "OPTISNTE"


def attachment_path(instance, filename):
    # Random names: nothing about the ticket or the citizen in the storage key.
    extension = os.path.splitext(filename)[1].lower()
    return f"buzon/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


def attachment_storage():
    # A storage of its own (settings.STORAGES["buzon"]): never under the public MEDIA_URL.
    return storages["buzon"]


class TicketEntrada(models.Model):
    """One line of a ticket's thread: a message, an answer, a note or a recorded change."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="entradas")
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoEntrada.choices)
    texto = models.TextField(_("texto"), blank=True)
    # Null author: the citizen (or the system).
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publico = models.BooleanField(_("visible para quien escribe"), default=False)
    estado_anterior = models.CharField(max_length=20, choices=EstadoTicket.choices, blank=True)
    estado_nuevo = models.CharField(max_length=20, choices=EstadoTicket.choices, blank=True)
    creado = models.DateTimeField(_("fecha"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("entrada del ticket")
        verbose_name_plural = _("entradas del ticket")
        ordering = ["creado", "pk"]

    def __str__(self):
        return f"{self.ticket.folio} · {self.get_tipo_display()}"


class TicketAdjunto(models.Model):
    """A file sent with a ticket or a reply: checked by content, kept in private storage."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="adjuntos")
    entrada = models.ForeignKey(
        TicketEntrada,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjuntos",
    )
    archivo = models.FileField(
        _("archivo"), upload_to=attachment_path, storage=attachment_storage, max_length=255
    )
    nombre = models.CharField(_("nombre del archivo"), max_length=150)
    tipo_contenido = models.CharField(_("tipo de contenido"), max_length=50)
    tamano = models.PositiveIntegerField(_("tamaño en bytes"))
    # Files staff attach to an answer are public to the citizen; a citizen's own are too.
    publico = models.BooleanField(default=True)
    creado = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")
        ordering = ["creado", "pk"]

    def __str__(self):
        return self.nombre
