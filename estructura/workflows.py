"""The publication workflows and where they are attached: every órgano's subtree.

"Publicación OPTI" has one step, the approval of the owning órgano's supervisors. "Publicación
OPTI con validación" adds "Validación OPTI" by the national team; an órgano uses it when its
roles say `validacion_nacional`. Idempotent: it repairs what someone changed by hand.
"""

from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from .models import EstructuraIndexPage, OrganoApprovalTask, OrganoRoles, ValidacionOPTITask
from .roles import ensure_admin_group

PUBLICACION = "Publicación OPTI"
PUBLICACION_CON_VALIDACION = "Publicación OPTI con validación"
APROBACION_TASK = "Aprobación del órgano"
VALIDACION_TASK = "Validación OPTI"


def ensure_task(model, name, **extra):
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name, **extra)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    return task


def ensure_workflow(name, tasks):
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    current = list(workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True))
    if current != [task.pk for task in tasks]:
        workflow.workflow_tasks.all().delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


@transaction.atomic
def ensure_workflows():
    """Both workflows, their tasks, and the right one attached to each órgano."""
    # Wagtail's installer attaches "Moderators approval" to the root; ours replace it.
    for default in Workflow.objects.filter(name="Moderators approval", active=True):
        default.deactivate()
    aprobacion = ensure_task(OrganoApprovalTask, APROBACION_TASK)
    validacion = ensure_task(ValidacionOPTITask, VALIDACION_TASK)
    validacion.groups.set([ensure_admin_group()])
    publicacion = ensure_workflow(PUBLICACION, [aprobacion])
    con_validacion = ensure_workflow(PUBLICACION_CON_VALIDACION, [aprobacion, validacion])
    # Before ValidacionOPTITask the step was a plain GroupApprovalTask, whose actions trusted
    # the id in the URL; once replaced in the workflow above it is retired.
    for legacy in GroupApprovalTask.objects.filter(name=VALIDACION_TASK, active=True):
        legacy.deactivate()

    # The index carries the default, so an órgano created before its roles is covered too.
    for index in EstructuraIndexPage.objects.all():
        attach(index, publicacion)
    for roles in OrganoRoles.objects.select_related("organo"):
        attach(roles.organo, con_validacion if roles.validacion_nacional else publicacion)
    return publicacion, con_validacion


def attach_for(organo):
    """Attach the workflow an órgano's roles ask for (called when roles change)."""
    roles = OrganoRoles.objects.filter(organo=organo).first()
    name = PUBLICACION_CON_VALIDACION if roles and roles.validacion_nacional else PUBLICACION
    workflow = Workflow.objects.filter(name=name, active=True).first()
    if workflow is None:
        ensure_workflows()
    else:
        attach(organo, workflow)


def attach(page, workflow):
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
