"""The "yes" path through the admin: an enlace drafts and submits, its supervisors ask for
changes and approve, and the right people (only they) are told, in Spanish."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from estructura.models import PublicacionPage

from .conftest import edit_form, latest

pytestmark = pytest.mark.django_db

ENGLISH = ("has been", "submitted", "approved", "rejected", "awaiting", "Hello", "The page")


def url(name, *args):
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def workflow_action(persona, page, action, comment=""):
    task_state = page.current_workflow_state.current_task_state
    return persona.admin.post(
        url("workflow_action", page.pk, action, task_state.pk), {"comment": comment}
    )


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def assert_spanish(message):
    text = f"{message.subject}\n{message.body}"
    assert "página" in text.lower()
    for word in ENGLISH:
        assert word not in text, (word, text)


def test_enlace_submits_supervisor_asks_for_changes_then_approves(
    enlace_a, supervisor_a, enlace_b, supervisor_b, organo_a, eje
):
    add = url("add", "estructura", "publicacionpage", organo_a.pk)
    data = edit_form(enlace_a, None, url=add)
    data.update(
        {
            "title": "Informe del cuarto trimestre",
            "slug": "informe-t4",
            "resumen": "Avance del trimestre.",
            "tipo_informacion": "informe",
            "ejercicio": "2026",
            "periodo": "T4",
            "fecha_actualizacion": "03/12/2026",
            "periodicidad": "trimestral",
            "action-submit": "1",
        }
    )
    data.setlist("ejes", [str(eje.pk)])
    mail.outbox.clear()

    # The enlace creates and submits: A's supervisors are told, nobody of B.
    assert enlace_a.admin.post(add, data).status_code == 302
    page = PublicacionPage.objects.get(slug="informe-t4")
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live
    assert recipients() == [supervisor_a.user.email]
    assert page.title in mail.outbox[0].subject
    assert_spanish(mail.outbox[0])

    # A's supervisor asks for changes, with a comment: the enlace is told.
    mail.outbox.clear()
    response = workflow_action(supervisor_a, page, "reject", "Falta el documento del informe.")
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not latest(page).live
    assert recipients() == [enlace_a.user.email]
    assert_spanish(mail.outbox[0])

    # The enlace edits and resubmits.
    mail.outbox.clear()
    data = edit_form(enlace_a, page, resumen="Avance del trimestre, con documento.")
    response = enlace_a.admin.post(url("edit", page.pk), {**data.dict(), "action-submit": "1"})
    assert response.status_code == 302
    page = latest(page)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert supervisor_b.user.email not in recipients()
    assert enlace_b.user.email not in recipients()

    # A's supervisor approves: the page is live with the corrected text; the enlace is told.
    mail.outbox.clear()
    assert workflow_action(supervisor_a, page, "approve", "Correcto.").status_code == 302
    page = latest(page)
    assert page.live
    assert page.resumen == "Avance del trimestre, con documento."
    assert not page.workflow_in_progress
    assert recipients() == [enlace_a.user.email]
    assert_spanish(mail.outbox[0])
    assert "Avance del trimestre, con documento." in enlace_a.admin.get(page.url).content.decode()


def test_an_approved_page_with_a_go_live_date_waits_for_the_scheduler(
    enlace_a, supervisor_a, organo_a, eje
):
    go_live = timezone.now() + datetime.timedelta(days=2)
    add = url("add", "estructura", "publicacionpage", organo_a.pk)
    data = edit_form(enlace_a, None, url=add)
    data.update(
        {
            "title": "Convocatoria programada",
            "slug": "convocatoria-programada",
            "resumen": "Se publica en fecha.",
            "tipo_informacion": "convocatoria",
            "ejercicio": "2026",
            "periodo": "T4",
            "fecha_actualizacion": "03/12/2026",
            "periodicidad": "trimestral",
            "go_live_at": timezone.localtime(go_live).strftime("%d/%m/%Y %H:%M"),
            "action-submit": "1",
        }
    )
    data.setlist("ejes", [str(eje.pk)])
    enlace_a.admin.post(add, data)
    page = PublicacionPage.objects.get(slug="convocatoria-programada")

    workflow_action(supervisor_a, page, "approve")

    page.refresh_from_db()
    assert not page.live  # approved, but not before its date
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists()
    with mock.patch(
        "django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=1)
    ):
        call_command("publish_scheduled", stdout=StringIO())
    assert latest(page).live
