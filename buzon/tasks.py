"""The Buzón's emails as tasks (Django's task framework, django-tasks): never in a request.

In development and tests the default backend runs a task at once, in process; in production
the django-tasks-db backend stores it and ``manage.py db_worker`` sends it. A send that fails is
tried again by a new task, later (or at once where the backend cannot defer), up to
``SEND_ATTEMPTS`` in all; then it is logged, naming the folio. Arguments are ids and words
only: never a key, never personal data.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from .notifications import MESSAGES, SEND_ATTEMPTS, deliver, log_failure

# Minutes before the next attempt, by attempt: a mail server that is down is rarely back in
# seconds, and nobody waits on this.
RETRY_AFTER_MINUTES = (1, 10)


@task()
def send_ticket_email(kind: str, ticket_id: int, extra: dict | None = None, attempt: int = 1):
    """Build the `kind` message about the ticket as it is now and send it; retry on failure.
    Returns whether it was sent (a ticket gone or nobody to tell counts as done)."""
    from .models import Ticket

    ticket = Ticket.objects.select_related("organo", "asignado_a").filter(pk=ticket_id).first()
    message = ticket and MESSAGES[kind](ticket, **(extra or {}))
    if not message:
        return True
    subject, template, context, recipients = message
    try:
        deliver(subject, template, context, recipients)
    except Exception:  # SMTP, DNS, timeouts: whatever the backend raises
        if attempt >= SEND_ATTEMPTS:
            log_failure(subject, context, attempt)
            return False
        retry(kind, ticket_id, extra, attempt + 1)
        return False
    return True


def retry(kind, ticket_id, extra, attempt):
    backend = send_ticket_email.get_backend()
    later = send_ticket_email
    if backend.supports_defer:
        wait = RETRY_AFTER_MINUTES[min(attempt - 2, len(RETRY_AFTER_MINUTES) - 1)]
        later = send_ticket_email.using(run_after=timezone.now() + datetime.timedelta(minutes=wait))
    later.enqueue(kind, ticket_id, extra=extra, attempt=attempt)
