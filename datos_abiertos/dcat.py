"""The catalogue as DCAT JSON-LD (the shapes of DCAT-AP: dcat:Catalog, dcat:Dataset,
dcat:Distribution, dct:license), for harvesters that read RDF, such as CKAN's DCAT extension."""

from django.urls import reverse

from cms.files import absolute_url

from .catalogo import EU_AUTHORITY, LICENSE_URL, PUBLISHER
from .data_json import catalogue_description, catalogue_title

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SPANISH = {"@id": EU_AUTHORITY + "language/SPA"}


def _text(value):
    return {"@value": str(value), "@language": "es"}


def _date(day):
    return {"@value": day.isoformat(), "@type": "xsd:date"} if day else None


def _compact(item):
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def _publisher():
    return {"@type": "foaf:Organization", "foaf:name": str(PUBLISHER)}


def _contact_point(contact):
    return _compact(
        {
            "@type": "vcard:Organization",
            "vcard:fn": contact.name,
            "vcard:hasEmail": {"@id": f"mailto:{contact.email}"} if contact.email else None,
        }
    )


def distribution_node(dataset, distribution, size):
    return _compact(
        {
            "@id": f"{dataset.landing_page}#{distribution.format.name.lower()}",
            "@type": "dcat:Distribution",
            "dct:title": _text(f"{dataset.title} ({distribution.format.name})"),
            "dcat:accessURL": {"@id": dataset.landing_page},
            "dcat:downloadURL": {"@id": distribution.url},
            "dcat:mediaType": {
                "@id": f"https://www.iana.org/assignments/media-types/{distribution.format.media_type}"
            },
            "dct:format": {"@id": distribution.format.dcat},
            "dcat:byteSize": {"@value": str(size), "@type": "xsd:nonNegativeInteger"}
            if size is not None
            else None,
            "dct:modified": _date(dataset.modified),
            "dct:license": {"@id": LICENSE_URL},
        }
    )


def dataset_node(dataset, sizes, contact):
    temporal = dataset.temporal
    return _compact(
        {
            "@id": dataset.landing_page,
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.qualified_identifier,
            "dct:title": _text(dataset.title),
            "dct:description": _text(dataset.description),
            "dcat:keyword": [_text(keyword) for keyword in dataset.keywords],
            "dct:modified": _date(dataset.modified),
            "dct:publisher": _publisher(),
            "dcat:contactPoint": _contact_point(contact),
            "dcat:landingPage": {"@id": dataset.landing_page},
            "dct:accrualPeriodicity": {"@id": dataset.accrual.dcat},
            "dct:temporal": {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": _date(temporal[0]),
                "dcat:endDate": _date(temporal[1]),
            }
            if temporal
            else None,
            "dct:language": SPANISH,
            "dct:license": {"@id": LICENSE_URL},
            "dcat:distribution": [
                distribution_node(dataset, d, sizes.get(d.path)) for d in dataset.distributions
            ],
        }
    )


def catalogue(found, sizes, contact):
    home = absolute_url(reverse("open_data:index"))
    return _compact(
        {
            "@context": CONTEXT,
            "@id": home,
            "@type": "dcat:Catalog",
            "dct:title": _text(catalogue_title()),
            "dct:description": _text(catalogue_description()),
            "foaf:homepage": {"@id": home},
            "dct:publisher": _publisher(),
            "dct:language": SPANISH,
            "dct:license": {"@id": LICENSE_URL},
            "dct:modified": _date(max((d.modified for d in found if d.modified), default=None)),
            "dcat:dataset": [dataset_node(dataset, sizes, contact) for dataset in found],
        }
    )
