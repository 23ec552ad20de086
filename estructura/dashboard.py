"""Admin home panels: what an órgano has in draft and in review, the pending work per órgano,
and how up to date the órganos in reach are with their obligations."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from cms.query import path_prefixes, subtree_q

from .models import OrganoPage
from .obligaciones import cumplimiento, cumplimiento_por_organo, series_e_historial
from .scope import scope_for

# A dashboard is a glance, not a listing: past this many rows the panel says how many more.
PANEL_ROWS = 20


def enlace_organos(user):
    """The órganos whose enlaces group the user belongs to, in tree order."""
    enlace_of = scope_for(user).enlace_of
    if not enlace_of:
        return []
    return list(
        OrganoPage.objects.filter(path__in=enlace_of)
        .order_by("path")
        .only("pk", "title", "path", "depth")
    )


def page_content_type():
    return ContentType.objects.get_for_model(Page)


def active_workflow_states():
    """Page workflow states that are still open: in review, or sent back for changes."""
    return WorkflowState.objects.active().filter(base_content_type=page_content_type())


def has_active_workflow():
    # object_id is text; casting the page id (not the object_id) keeps other models' ids safe.
    return Exists(
        active_workflow_states().filter(object_id=Cast(OuterRef("pk"), output_field=CharField()))
    )


def drafts_under(paths):
    """Pages in these subtrees with changes not yet published and not sent to review."""
    return (
        Page.objects.filter(subtree_q(paths), has_unpublished_changes=True)
        .exclude(has_active_workflow())
        .order_by("-latest_revision_created_at", "-pk")
    )


def workflow_states_under(paths):
    """Open workflow states of the pages in these subtrees, the most recently moved first."""
    page_ids = (
        Page.objects.filter(subtree_q(paths))
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .values("pk_text")
    )
    return (
        active_workflow_states()
        .filter(object_id__in=page_ids)
        .select_related("current_task_state__task", "requested_by")
        .order_by("-current_task_state__started_at", "-pk")
    )


@dataclass
class ReviewRow:
    page: Page
    state: WorkflowState
    comment: str

    @property
    def needs_changes(self):
        return self.state.status == WorkflowState.STATUS_NEEDS_CHANGES

    @property
    def status_label(self):
        return _("Requiere cambios") if self.needs_changes else _("En revisión")

    @property
    def task_name(self):
        task_state = self.state.current_task_state
        return task_state.task.name if task_state else ""


def review_rows(states):
    """Each open workflow state with its page and its latest reviewer comment (3 queries)."""
    states = list(states)
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    comments = {}
    commented = (
        TaskState.objects.filter(workflow_state__in=[state.pk for state in states])
        .exclude(comment="")
        .order_by("-finished_at", "-pk")
        .values_list("workflow_state_id", "comment")
    )
    for state_id, comment in commented:
        comments.setdefault(state_id, comment)
    return [
        ReviewRow(page=pages[int(state.object_id)], state=state, comment=comments.get(state.pk, ""))
        for state in states
        if int(state.object_id) in pages
    ]


@dataclass
class OrganoPending:
    organo: OrganoPage
    in_review: int = 0
    needs_changes: int = 0
    drafts: int = 0


def pending_by_organo():
    """Every órgano with roles and the pages of its subtree in review, sent back, or in draft.

    Two queries whatever the number of órganos: the órganos, then the pending pages with their
    open workflow status; each page is counted for its own órgano and every órgano above it.
    """
    organos = list(
        OrganoPage.objects.filter(roles__isnull=False)
        .order_by("path")
        .only("pk", "title", "path", "depth")
    )
    rows = {organo.path: OrganoPending(organo) for organo in organos}
    if not rows:
        return []
    status = (
        active_workflow_states()
        .filter(object_id=Cast(OuterRef("pk"), output_field=CharField()))
        .values("status")[:1]
    )
    pending = (
        Page.objects.filter(subtree_q(_top_paths(rows)))
        .annotate(workflow_status=status)
        .filter(Q(has_unpublished_changes=True) | Q(workflow_status__isnull=False))
        .values_list("path", "workflow_status")
    )
    field_for = {
        WorkflowState.STATUS_IN_PROGRESS: "in_review",
        WorkflowState.STATUS_NEEDS_CHANGES: "needs_changes",
        None: "drafts",
    }
    for path, workflow_status in pending:
        field = field_for[workflow_status]
        for prefix in path_prefixes(path):
            row = rows.get(prefix)
            if row is not None:
                setattr(row, field, getattr(row, field) + 1)
    return list(rows.values())


def _top_paths(rows):
    """The paths of the órganos not below another one: enough to cover every subtree."""
    top = []
    for path in sorted(rows):
        if not top or not path.startswith(top[-1]):
            top.append(path)
    return top


def owning_organo(page, organos_by_path):
    """The deepest of these órganos that holds the page (no query)."""
    owner = None
    for prefix in path_prefixes(page.path):
        owner = organos_by_path.get(prefix, owner)
    return owner


# Panels for the admin home (registered in wagtail_hooks.construct_homepage_panels)


class OrganoPanel(Component):
    """A panel about the órganos the user is an enlace of; not shown to anyone else."""

    def __init__(self, organos):
        self.organos = organos

    @property
    def paths(self):
        return [organo.path for organo in self.organos]

    def with_organo(self, pages):
        by_path = {organo.path: organo for organo in self.organos}
        for page in pages:
            page.owner_organo = owning_organo(page, by_path)
            model = page.specific_class
            page.type_label = capfirst(model._meta.verbose_name) if model else ""
        return pages

    def render_html(self, parent_context=None):
        if not self.organos:
            return ""
        return super().render_html(parent_context)


class OrganoDraftsPanel(OrganoPanel):
    name = "organo_drafts"
    template_name = "estructura/admin/organo_drafts_panel.html"
    order = 230

    def get_context_data(self, parent_context=None):
        drafts = drafts_under(self.paths)
        pages = self.with_organo(list(drafts[:PANEL_ROWS]))
        total = len(pages) if len(pages) < PANEL_ROWS else drafts.count()
        return {"pages": pages, "more": total - len(pages), "organos": self.organos}


class OrganoReviewPanel(OrganoPanel):
    name = "organo_review"
    template_name = "estructura/admin/organo_review_panel.html"
    order = 225

    def get_context_data(self, parent_context=None):
        states = workflow_states_under(self.paths)
        rows = review_rows(states[:PANEL_ROWS])
        self.with_organo([row.page for row in rows])
        total = len(rows) if len(rows) < PANEL_ROWS else states.count()
        return {"rows": rows, "more": total - len(rows), "organos": self.organos}


class PendingByOrganoPanel(Component):
    name = "pending_by_organo"
    template_name = "estructura/admin/pending_by_organo_panel.html"
    order = 205

    def get_context_data(self, parent_context=None):
        return {"rows": pending_by_organo()}


class CumplimientoPanel(Component):
    """Compliance with the obligations for the órganos the user reaches (the whole union for
    the national team): today's status per órgano and the history at each window's close. The
    figures are the public /obligaciones/ page's, from the same judged series."""

    name = "cumplimiento"
    template_name = "estructura/admin/cumplimiento_panel.html"
    order = 210

    def __init__(self, scope, calendar):
        self.scope, self.calendar = scope, calendar

    def get_context_data(self, parent_context=None):
        hoy = timezone.localdate()
        organos = OrganoPage.objects.live().public().filter(self.scope.organos_q())
        found, cierres = series_e_historial(organos, hoy, self.calendar)
        return {
            "total": cumplimiento(found),
            "por_organo": cumplimiento_por_organo(found),
            "cierres": cierres,
            "hoy": hoy,
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["por_organo"]:
            return ""  # no tabla de aplicabilidad in reach yet
        return render_to_string(self.template_name, context)
