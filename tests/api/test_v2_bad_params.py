"""Malformed query parameters to /api/v2/ are a 400 with a message, never a 500."""

import re

import pytest

from estructura.factories import PublicacionPageFactory

# Words of Wagtail's English messages (parameter names such as `fields` or `search` aside).
ENGLISH = re.compile(
    r"\b(must|cannot|not|the|is|doesn't|supported|field|invalid|unknown|matches)\b"
)
PAGES = "/api/v2/pages/"
TYPED = "/api/v2/pages/?type=estructura.PublicacionPage&"

HOSTILE = [
    (TYPED, "ejercicio=abc"),
    (TYPED, "ejercicio=99999999999999999999"),
    (PAGES + "?", "ejercicio=-2026"),
    (PAGES + "?", "eje=<script>alert(1)</script>"),
    (PAGES + "?", "eje=no-existe"),
    (PAGES + "?", "organo=-1"),
    (PAGES + "?", "organo=1%20OR%201=1"),
    (PAGES + "?", "periodo=T9"),
    (PAGES + "?", "tipo_informacion=%27%3B%20DROP%20TABLE"),
    (PAGES + "?", "actualizado_desde=2026-13-45"),
    (PAGES + "?", "actualizado_desde=ayer"),
    (PAGES + "?", "limit=-1"),
    (PAGES + "?", "limit=abc"),
    (PAGES + "?", "limit=100000"),
    (PAGES + "?", "offset=-5"),
    (PAGES + "?", "order=nonexistent"),
    (PAGES + "?", "order=-fecha_actualizacion,random"),
    (PAGES + "?", "fields=../../"),
    (PAGES + "?", "fields=title(id"),
    (PAGES + "?", "type=nope.Nope"),
    (PAGES + "?", "type=wagtaildocs.Document"),
    (PAGES + "?", "search=informe%00"),
    (PAGES + "?", "search=" + "a" * 5000),
    (PAGES + "?", "search=informe&search_operator=xor"),
    (PAGES + "?", "child_of=abc"),
    (PAGES + "?", "descendant_of=-3"),
    (PAGES + "?", "ancestor_of=999999999"),
    (PAGES + "?", "id=abc"),
    (TYPED, "fecha_actualizacion=abc"),
    (TYPED, "fecha_validacion=2026-02-30"),
    (PAGES + "?", "rich_text_format=pdf"),
    (PAGES + "?", "nonexistent=1"),
    (PAGES + "?", "site=%00"),
    ("/api/v2/pages/find/?", "id=abc"),
    ("/api/v2/documents/?", "limit=abc"),
    ("/api/v2/documents/?", "search=%00"),
    ("/api/v2/documents/?", "order=nonexistent"),
    ("/api/v2/images/?", "id=abc"),
    ("/api/v2/images/?", "width=ancho"),
]


@pytest.mark.parametrize(("base", "query"), HOSTILE, ids=[q[:40] for _, q in HOSTILE])
def test_hostile_input_is_a_400_with_a_message(client, home, eje, organo, base, query):
    PublicacionPageFactory(parent=organo, ejes=[eje])
    response = client.get(base + query)
    assert response.status_code == 400, (query, response.status_code, response.content[:300])
    message = response.json()["message"]
    assert isinstance(message, str) and message
    assert "<script>" not in message  # input is never echoed back
    assert not ENGLISH.search(message), f"English reached the client: {message!r}"


def test_valid_parameters_still_answer(client, home, eje, organo):
    PublicacionPageFactory(parent=organo, ejes=[eje], ejercicio=2026)
    response = client.get(TYPED + "ejercicio=2026&eje=transparencia&organo=cen&limit=5")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 1
