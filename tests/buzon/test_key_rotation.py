"""Follow-up keys survive a SECRET_KEY rotation: old hashes match through the fallbacks and are
rehashed under the new key on use, on the web follow-up and the API alike."""

import pytest
from django.test import Client

from buzon.models import Ticket, hash_key

pytestmark = pytest.mark.django_db

OLD_SECRET = "old-secret-key-" + "k1" * 20  # noqa: S105 (test secrets)
NEW_SECRET = "new-secret-key-" + "k2" * 20  # noqa: S105
FOLLOW_URL = "/buzon/seguimiento/"
NOT_FOUND_NOTICE = "No encontramos un ticket con ese folio y esa clave."
WRONG_KEY = "ABCD-EFGH-JKMN-PQRS"


@pytest.fixture
def old_ticket(settings, buzon_page, file_ticket):
    """A ticket filed while OLD_SECRET was the key: (ticket, clear-text key)."""
    settings.SECRET_KEY = OLD_SECRET
    settings.SECRET_KEY_FALLBACKS = []
    ticket, clave = file_ticket(asunto="Informe del comité, antes de la rotación")
    assert ticket.clave_hash == hash_key(clave, OLD_SECRET)
    return ticket, clave


def rotate(settings, fallbacks):
    settings.SECRET_KEY = NEW_SECRET
    settings.SECRET_KEY_FALLBACKS = fallbacks


def web_follow_up(folio, clave):
    # A new visit after the deploy: no session from before the rotation.
    return Client().post(FOLLOW_URL, {"folio": folio, "clave": clave})


def api_follow_up(folio, clave):
    return Client().get(f"/api/buzon/tickets/{folio}/", headers={"X-Clave-Seguimiento": clave})


def stored_hash(ticket):
    return Ticket.objects.values_list("clave_hash", flat=True).get(pk=ticket.pk)


def test_web_follow_up_accepts_a_key_hashed_with_a_fallback_and_rehashes_it(settings, old_ticket):
    ticket, clave = old_ticket
    rotate(settings, [OLD_SECRET])

    response = web_follow_up(ticket.folio, clave)

    assert response.status_code == 200
    assert "Informe del comité, antes de la rotación" in response.content.decode()
    assert stored_hash(ticket) == hash_key(clave, NEW_SECRET)


def test_api_follow_up_accepts_a_key_hashed_with_a_fallback_and_rehashes_it(settings, old_ticket):
    ticket, clave = old_ticket
    rotate(settings, [OLD_SECRET])

    response = api_follow_up(ticket.folio, clave)

    assert response.status_code == 200
    assert response.json()["folio"] == ticket.folio
    assert response.json()["asunto"] == "Informe del comité, antes de la rotación"
    assert stored_hash(ticket) == hash_key(clave, NEW_SECRET)


def test_a_rehashed_key_keeps_working_once_the_fallback_is_retired(settings, old_ticket):
    ticket, clave = old_ticket
    rotate(settings, [OLD_SECRET])
    assert api_follow_up(ticket.folio, clave).status_code == 200

    rotate(settings, [])

    assert api_follow_up(ticket.folio, clave).status_code == 200
    assert web_follow_up(ticket.folio, clave).status_code == 200


def test_the_fallback_is_found_among_several(settings, old_ticket):
    ticket, clave = old_ticket
    rotate(settings, ["an-even-newer-secret-" + "x" * 40, OLD_SECRET])

    assert api_follow_up(ticket.folio, clave).status_code == 200
    assert stored_hash(ticket) == hash_key(clave, NEW_SECRET)


def test_without_the_fallback_an_old_key_is_the_same_404_as_a_wrong_key(settings, old_ticket):
    ticket, clave = old_ticket
    rotate(settings, [])

    old_web, wrong_web = web_follow_up(ticket.folio, clave), web_follow_up(ticket.folio, WRONG_KEY)
    old_api, wrong_api = api_follow_up(ticket.folio, clave), api_follow_up(ticket.folio, WRONG_KEY)

    assert old_web.status_code == wrong_web.status_code == 404
    for response in (old_web, wrong_web):
        html = response.content.decode()
        assert NOT_FOUND_NOTICE in html
        assert "antes de la rotación" not in html
    assert old_api.status_code == wrong_api.status_code == 404
    assert old_api.json() == wrong_api.json()
    assert stored_hash(ticket) == hash_key(clave, OLD_SECRET)  # nothing rewritten


@pytest.mark.parametrize("fallbacks", [[], [OLD_SECRET]], ids=["no-fallback", "fallback"])
def test_a_wrong_key_stays_a_404_and_rewrites_nothing(settings, old_ticket, fallbacks):
    ticket, _clave = old_ticket
    rotate(settings, fallbacks)

    web = web_follow_up(ticket.folio, WRONG_KEY)
    api = api_follow_up(ticket.folio, WRONG_KEY)

    assert web.status_code == 404 and NOT_FOUND_NOTICE in web.content.decode()
    assert api.status_code == 404
    assert stored_hash(ticket) == ticket.clave_hash


def test_a_key_hashed_with_the_current_secret_is_not_rewritten(settings, buzon_page, file_ticket):
    settings.SECRET_KEY_FALLBACKS = [OLD_SECRET]
    ticket, clave = file_ticket()
    before = Ticket.objects.values_list("clave_hash", "actualizado").get(pk=ticket.pk)

    assert api_follow_up(ticket.folio, clave).status_code == 200

    assert Ticket.objects.values_list("clave_hash", "actualizado").get(pk=ticket.pk) == before
