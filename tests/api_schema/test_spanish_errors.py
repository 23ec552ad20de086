"""Every error the ninja APIs answer is in Spanish, from one handler (api.errors).

Generated from both OpenAPI documents: every operation is called without credentials, and every
query parameter that takes a number is sent a word; whatever comes back as a problem must
carry Spanish, never Pydantic's or Wagtail's English.
"""

import json
import re

import pytest
from pydantic import BaseModel, ValidationError

from api.errors import FALLBACK, MESSAGES, spanish_message

pytestmark = pytest.mark.django_db

DOCUMENTS = ["/api/openapi.json", "/api/v3/openapi.json"]
ENGLISH = re.compile(
    r"Input should|Field required|Validation failed|Authentication required|Permission denied|"
    r"Not found|Extra inputs|value is not|String should|valid integer",
)


def operations(client):
    for url in DOCUMENTS:
        spec = client.get(url).json()
        for path, item in spec["paths"].items():
            for method, operation in item.items():
                if method in {"get", "post", "put", "patch", "delete"}:
                    yield path, method, operation


def concrete(path):
    return re.sub(r"\{[^}]+\}", "1", path)


def takes_a_number(parameter):
    schema = parameter.get("schema", {})
    types = {schema.get("type")} | {branch.get("type") for branch in schema.get("anyOf", [])}
    return bool(types & {"integer", "number"})


def assert_spanish(response, where):
    if response.get("Content-Type") != "application/problem+json":
        return False
    text = json.dumps(response.json(), ensure_ascii=False)
    problem = response.json()
    assert not ENGLISH.search(problem.get("detail", "")), (where, text)
    for error in problem.get("errors") or []:
        assert not ENGLISH.search(str(error.get("msg", ""))), (where, text)
    return True


def test_every_operation_refuses_in_spanish(client, home):
    checked = 0
    for path, method, operation in operations(client):
        url = concrete(path)
        response = client.generic(method.upper(), url, "{}", "application/json")
        checked += assert_spanish(response, (method, path, "sin credenciales"))
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and takes_a_number(parameter):
                response = client.generic(method.upper(), f"{url}?{parameter['name']}=no-es-numero")
                checked += assert_spanish(response, (method, path, parameter["name"]))
    # The enumeration reached the documents: dozens of refusals were read, not none.
    assert checked >= 20, checked


def test_a_bad_query_number_is_named_in_spanish(client, home):
    response = client.get("/api/v3/pages/?limit=muchos")
    assert response.status_code == 422
    problem = response.json()
    assert problem["detail"] == "Revisa estos campos: limit."
    assert problem["errors"][0]["msg"] == "Debe ser un número entero."


def test_a_write_without_a_token_is_refused_in_spanish(client, home):
    response = client.post("/api/v3/pages/", data="{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"] == "Se necesita autenticación."


class Sample(BaseModel):
    number: int
    text: str
    items: list[int]


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"number": "x", "text": 3, "items": "no"},
        {"number": 1.5, "text": "a", "items": [1, "b"], "extra": 1},
    ],
)
def test_pydantic_errors_get_a_spanish_message_of_their_own(value):
    with pytest.raises(ValidationError) as raised:
        Sample.model_validate(value)
    for error in raised.value.errors():
        assert error["type"] in MESSAGES, error["type"]
        assert spanish_message(error) != str(FALLBACK)


def test_a_message_with_context_is_filled_in():
    error = {"type": "less_than_equal", "ctx": {"le": 100}}
    assert spanish_message(error) == "Debe ser menor o igual que 100."
    assert spanish_message({"type": "less_than_equal"}) == str(FALLBACK)  # no ctx, no crash
