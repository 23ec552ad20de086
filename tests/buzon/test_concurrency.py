"""Nothing lost: 50 citizens filing at once through the real HTTP server get 50 folios."""

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from buzon.models import FolioCounter, Ticket

SUBMISSIONS = 50
WORKERS = 16


def file_one(url, number):
    body = json.dumps(
        {
            "tipo": "sugerencia",
            "asunto": f"Sugerencia {number}",
            "mensaje": f"Mensaje número {number} enviado al mismo tiempo que los demás.",
            "acepta_aviso": True,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the live server's own http:// URL)
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, json.loads(response.read())


# serialized_rollback: the flush after a transactional test also removes the migrations' rows
# (home page, site); pytest-django puts them back for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_submissions_get_fifty_consecutive_folios(live_server):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT … FOR UPDATE) are only meaningful on PostgreSQL.")
    url = f"{live_server.url}/api/buzon/tickets/"
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda n: file_one(url, n), range(SUBMISSIONS)))

    assert [status for status, _body in results] == [201] * SUBMISSIONS
    folios = {body["folio"] for _status, body in results}
    assert len(folios) == SUBMISSIONS
    assert Ticket.objects.count() == SUBMISSIONS
    assert set(Ticket.objects.values_list("folio", flat=True)) == folios
    year = Ticket.objects.values_list("anio", flat=True).distinct().get()
    numbers = sorted(Ticket.objects.values_list("numero", flat=True))
    assert numbers == list(range(1, SUBMISSIONS + 1))
    assert FolioCounter.objects.get(anio=year).ultimo == SUBMISSIONS
    # Every ticket is whole: its first thread entry was written in the same transaction.
    assert all(ticket.entradas.count() == 1 for ticket in Ticket.objects.all())
