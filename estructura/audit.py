"""The publication log: who sent, approved, rejected, published or withdrew publications and when.

Read from Wagtail's own audit log (PageLogEntry), which the admin and the workflow already
write; nothing here records anything. The `publication_log` command and the admin report show
it, and the "actualizaciones OPTI" figure counts it (`count_publications_published`).
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from .models import OrganoPage, ProyectoPage, PublicacionPage, attach_organos

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")
WORKFLOW_ACTIONS = (
    "wagtail.workflow.start",
    "wagtail.workflow.resume",
    "wagtail.workflow.approve",
    "wagtail.workflow.reject",
    "wagtail.workflow.cancel",
)
# Spanish labels for the report; the keys are the actions Wagtail registers and logs.
ACTION_LABELS = {
    "wagtail.workflow.start": _("Envío a revisión"),
    "wagtail.workflow.resume": _("Reenvío a revisión"),
    "wagtail.workflow.approve": _("Aprobación"),
    "wagtail.workflow.reject": _("Solicitud de cambios"),
    "wagtail.workflow.cancel": _("Envío cancelado"),
    "wagtail.publish": _("Publicación"),
    "wagtail.publish.scheduled": _("Publicación programada"),
    "wagtail.unpublish": _("Retiro de publicación"),
    "wagtail.unpublish.scheduled": _("Retiro programado de publicación"),
}
# A publish is either the end of an approved workflow or a supervisor's (or the national
# team's) direct publish; the log says which (README: "Roles and the publication workflow").
PUBLISH_APPROVED_LABEL = _("Publicación tras aprobación")
PUBLISH_DIRECT_LABEL = _("Publicación directa, sin revisión")
CONTENT_MODELS = (PublicacionPage, ProyectoPage)


def local_timezone():
    # The report's days are Mexico City days whatever timezone a request has activated.
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def day_bounds(start_date, end_date):
    """[start, end) in UTC-aware datetimes covering both dates whole, in local time."""
    tz = local_timezone()
    # The last representable day has no next day; it is far enough to stand for "no end".
    end_date = min(end_date, datetime.date.max - datetime.timedelta(days=2))
    start = datetime.datetime.combine(start_date, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(end_date + datetime.timedelta(days=1), datetime.time.min)
    return start, end.replace(tzinfo=tz)


def content_type_ids():
    return [ct.pk for ct in ContentType.objects.get_for_models(*CONTENT_MODELS).values()]


def publication_log_queryset(organo=None, actions=None):
    """Log entries of the publication cycle for publications and projects, any date.

    An entry belongs to a publication or project when it was logged for one (its content
    type) or its page is one now (entries logged against the base Page class).
    `organo` (an OrganoPage) keeps the pages of that órgano and of the órganos below it.
    """
    cts = content_type_ids()
    pages = Page.objects.filter(content_type__in=cts)
    if organo is not None:
        # A deleted page has no path left; it can only be found without the órgano filter.
        of_content = Q(page_id__in=pages.filter(path__startswith=organo.path).values("pk"))
    else:
        of_content = Q(content_type__in=cts) | Q(page_id__in=pages.values("pk"))
    return PageLogEntry.objects.filter(of_content, action__in=list(actions or ACTION_LABELS))


def in_days(entries, start_date, end_date):
    """Entries from `start_date` to `end_date`, both included, in the portal's time zone."""
    start, end = day_bounds(start_date, end_date)
    return entries.filter(timestamp__gte=start, timestamp__lt=end)


def publication_log_entries(start_date, end_date, organo=None, actions=None):
    """The publication log of a period, oldest first (see `publication_log_queryset`).

    `start_date` and `end_date` are dates, both included, in the portal's time zone.
    """
    entries = publication_log_queryset(organo=organo, actions=actions)
    return in_days(entries, start_date, end_date).select_related("user").order_by("timestamp", "pk")


def publish_entries(start_date, end_date, organo=None):
    """The publish entries of the period, oldest first: what `count_publications_published`
    counts and the drill-down of the figure lists (`updates_of`)."""
    return publication_log_entries(start_date, end_date, organo=organo, actions=PUBLISH_ACTIONS)


def updates_of(entries):
    """The ids of `entries` that count as updates, in their order: the first entry of each
    revision and every entry with no revision (the rule of `count_publications_published`).
    One query, of ids only."""
    seen, ids = set(), []
    for pk, revision_id in entries.values_list("pk", "revision_id"):
        if revision_id is not None:
            if revision_id in seen:
                continue
            seen.add(revision_id)
        ids.append(pk)
    return ids


def count_publications_published(start_date, end_date, organo=None):
    """How many updates of publications and projects went live in the period.

    The rule: every publish entry ("wagtail.publish", and "wagtail.publish.scheduled" when a
    scheduled revision goes live) counts once, except that one revision published more than
    once in the period (withdrawn and published again unchanged) counts once. Entries with no
    revision (imported history) count one each. A revision published in two periods counts
    in both. One query.
    """
    entries = publish_entries(start_date, end_date, organo=organo).order_by()
    totals = entries.aggregate(
        revisions=Count("revision_id", distinct=True),
        without_revision=Count("pk", filter=Q(revision_id__isnull=True)),
    )
    return totals["revisions"] + totals["without_revision"]


@dataclass
class PublicationLogRow:
    """One line of the report, in the words and time zone people read it in."""

    fecha: datetime.datetime
    accion: str
    pagina: str
    organo: str
    usuario: str
    comentario: str
    page_id: int
    action: str

    COLUMNS = ("fecha", "acción", "página", "órgano", "usuario", "comentario")

    @property
    def fecha_texto(self):
        return self.fecha.strftime("%d/%m/%Y %H:%M")


def describe(entries):
    """Report rows for these log entries: two queries whatever their number (pages, órganos)."""
    entries = list(entries)
    pages = Page.objects.only("pk", "path", "depth").in_bulk({entry.page_id for entry in entries})
    attach_organos(list(pages.values()))
    approved = workflow_approved_revisions(
        {entry.revision_id for entry in entries if entry.action in PUBLISH_ACTIONS}
    )
    tz = local_timezone()
    rows = []
    for entry in entries:
        page = pages.get(entry.page_id)
        organo = getattr(page, "organo", None) if page else None
        rows.append(
            PublicationLogRow(
                fecha=entry.timestamp.astimezone(tz),
                accion=action_label(entry, approved),
                pagina=entry.label,
                organo=organo.title if organo else "",
                usuario=user_label(entry),
                comentario=comment_of(entry),
                page_id=entry.page_id,
                action=entry.action,
            )
        )
    return rows


def workflow_approved_revisions(revision_ids):
    """Of these revisions, those published as the end of an approved workflow (one query)."""
    revision_ids = {pk for pk in revision_ids if pk is not None}
    if not revision_ids:
        return set()
    return set(
        TaskState.objects.filter(
            revision_id__in=revision_ids,
            status=TaskState.STATUS_APPROVED,
            workflow_state__status=WorkflowState.STATUS_APPROVED,
        ).values_list("revision_id", flat=True)
    )


def action_label(entry, approved_revisions):
    if entry.action == "wagtail.publish":
        approved = entry.revision_id in approved_revisions
        return str(PUBLISH_APPROVED_LABEL if approved else PUBLISH_DIRECT_LABEL)
    return str(ACTION_LABELS.get(entry.action, entry.action))


def user_label(entry):
    if entry.user_id is None:
        return str(_("sistema"))
    if entry.user is None:  # the log keeps the id of a deleted user
        return str(_("usuario eliminado (%(id)s)") % {"id": entry.user_id})
    return entry.user.get_username()


def comment_of(entry):
    if entry.action not in WORKFLOW_ACTIONS or not isinstance(entry.data, dict):
        return ""
    comment = entry.data.get("comment") or ""
    return comment if isinstance(comment, str) else str(comment)


def find_organo(value):
    """The órgano named by an id or a slug, or None; a slug shared by two órganos is ambiguous.

    Raises OrganoPage.MultipleObjectsReturned for an ambiguous slug.
    """
    value = (value or "").strip()
    if not value or "\x00" in value or len(value) > 255:
        return None
    if value.isdigit():
        if not value.isascii() or int(value) > 2**31 - 1:
            return None
        return OrganoPage.objects.filter(pk=int(value)).first()
    matches = list(OrganoPage.objects.filter(slug=value).order_by("path")[:2])
    if len(matches) > 1:
        raise OrganoPage.MultipleObjectsReturned(value)
    return matches[0] if matches else None
