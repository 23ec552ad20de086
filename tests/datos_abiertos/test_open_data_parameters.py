"""One parameter rule on every open-data URL, checked on a list generated from the catalogue's
registry (and held complete against the URL resolver): an unknown parameter, one given twice,
an over-long value or a bad value for any parameter a URL takes is a 400 whose Spanish message
names the parameter, never a silent full answer."""

import pytest
from django.urls import URLResolver, get_resolver, resolve

from cms.parameters import MAX_VALUE_LENGTH
from datos_abiertos.catalogo import datasets, endpoints

from .conftest import body

pytestmark = pytest.mark.django_db

# The namespaces whose every URL is open data (the results downloads are a page's routes).
OPEN_DATA_NAMESPACES = {"open_data", "obligaciones", "buzon_estadisticas"}
SPANISH = ("Parámetro desconocido", "aparece", "demasiado largo", "debe ser", "No existe")


@pytest.fixture
def urls(catalogo_site):
    found = endpoints(datasets())
    # The catalogue holds every kind of URL: its own pages, downloads, and the results page's.
    assert any("/rendicion-de-resultados/descargar/" in e.path for e in found)
    assert any(e.parameters for e in found)
    return found


def refused(client, path, query, name):
    response = client.get(path, query)
    text = body(response).decode()
    assert response.status_code == 400, (path, query, response.status_code, text[:200])
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert name in text, (path, query, text)
    assert any(words in text for words in SPANISH), text
    return text


def test_every_open_data_url_answers_without_parameters(client, urls):
    for endpoint in urls:
        response = client.get(endpoint.path)
        assert response.status_code == 200, endpoint.path
        body(response)


def test_the_catalogue_knows_every_open_data_url_the_resolver_serves(urls):
    served = {resolve(endpoint.path).view_name for endpoint in urls}

    def names(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from names(pattern, inner)
            elif pattern.name:
                yield f"{prefix}{pattern.name}"

    open_data = {
        name for name in names(get_resolver()) if name.split(":")[0] in OPEN_DATA_NAMESPACES
    }
    assert open_data, "no open-data URL found in the resolver"
    assert open_data <= served, open_data - served


def test_unknown_parameters_are_refused_everywhere(client, urls):
    for endpoint in urls:
        text = refused(client, endpoint.path, {"zzz": "1"}, "zzz")
        assert "Parámetro desconocido" in text
        accepted = {parameter.name for parameter in endpoint.parameters}
        for parameter in accepted:
            assert parameter in text  # the message says what the URL does take
        if "ejercicio" not in accepted:
            refused(client, endpoint.path, {"ejercicio": "2026"}, "ejercicio")


def test_a_parameter_given_twice_is_refused(client, urls):
    for endpoint in urls:
        for parameter in endpoint.parameters:
            text = refused(client, endpoint.path, {parameter.name: ["1", "2"]}, parameter.name)
            assert "aparece 2 veces" in text
        if not endpoint.parameters:
            refused(client, endpoint.path, {"zzz": ["1", "2"]}, "zzz")


def test_an_over_long_value_is_refused(client, urls):
    for endpoint in urls:
        for parameter in endpoint.parameters:
            value = "1" * (MAX_VALUE_LENGTH + 1)
            text = refused(client, endpoint.path, {parameter.name: value}, parameter.name)
            assert value not in text  # never echoed back


def test_a_bad_value_of_each_accepted_parameter_is_refused(client, urls):
    checked = 0
    for endpoint in urls:
        for parameter in endpoint.parameters:
            refused(client, endpoint.path, {parameter.name: parameter.invalid}, parameter.name)
            checked += 1
    assert checked >= 10


def test_empty_values_mean_no_filter(client, urls):
    # What the dataset page's form sends when nothing is chosen.
    for endpoint in urls:
        if endpoint.parameters:
            query = {parameter.name: "" for parameter in endpoint.parameters}
            assert client.get(endpoint.path, query).status_code == 200, endpoint.path
