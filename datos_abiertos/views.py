"""/datos-abiertos/: the catalogue's page, one page per dataset, data.json and the DCAT
JSON-LD. They take no parameters (cms.parameters refuses any) and are the same for everyone."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render

from cms.parameters import no_parameters
from cms.sharing import mark_cacheable

from . import catalogo, data_json, dcat, schema_org
from .measure import byte_sizes

# Measuring renders every download; a shared cache keeps harvesters from doing it each time.
CACHE_SECONDS = 300


def _json(request, item, content_type):
    response = HttpResponse(
        json.dumps(item, ensure_ascii=False, indent=1), content_type=content_type
    )
    return mark_cacheable(request, response, CACHE_SECONDS)


@no_parameters
def data_json_view(request):
    """data.json (Mexico's open-data guide)."""
    found = catalogo.datasets()
    item = data_json.catalogue(found, byte_sizes(found, request), catalogo.contact(request))
    return _json(request, item, "application/json; charset=utf-8")


@no_parameters
def catalogo_jsonld(request):
    """The DCAT catalogue as JSON-LD."""
    found = catalogo.datasets()
    item = dcat.catalogue(found, byte_sizes(found, request), catalogo.contact(request))
    return _json(request, item, "application/ld+json; charset=utf-8")


@no_parameters
def index(request):
    """Every dataset, its downloads, the machine-readable catalogues and the licence."""
    response = render(
        request,
        "datos_abiertos/index.html",
        {
            "datasets": catalogo.datasets(),
            "contact": catalogo.contact(request),
            "license_name": catalogo.LICENSE_NAME,
            "license_url": catalogo.LICENSE_URL,
        },
    )
    return mark_cacheable(request, response, CACHE_SECONDS)


@no_parameters
def dataset(request, identifier):
    """One dataset: what it holds, its downloads with their sizes, the filters its downloads
    take and its schema.org `Dataset` markup."""
    found = catalogo.find(identifier)
    if found is None:
        raise Http404
    sizes = byte_sizes([found], request)
    contact = catalogo.contact(request)
    response = render(
        request,
        "datos_abiertos/dataset.html",
        {
            "dataset": found,
            "downloads": [(d, sizes.get(d.path)) for d in found.distributions],
            "filters": [(f.parameter, f.choices()) for f in found.filters],
            "contact": contact,
            "license_name": catalogo.LICENSE_NAME,
            "license_url": catalogo.LICENSE_URL,
            "markup": schema_org.script_body(schema_org.dataset_markup(found, sizes, contact)),
        },
    )
    return mark_cacheable(request, response, CACHE_SECONDS)
