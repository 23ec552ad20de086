"""schema.org `Dataset` markup for a dataset's page, so that dataset search engines find it."""

import json

from django.utils.safestring import mark_safe

from .catalogo import LICENSE_URL, PUBLISHER

# Inside <script> the JSON must never close the element nor open a comment (as json_script).
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def dataset_markup(dataset, sizes, contact):
    organisation = {"@type": "Organization", "name": str(PUBLISHER)}
    if contact.email:
        organisation["contactPoint"] = {
            "@type": "ContactPoint",
            "name": contact.name,
            "email": contact.email,
            "contactType": "datos abiertos",
        }
    item = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description,
        "url": dataset.landing_page,
        "identifier": dataset.qualified_identifier,
        "keywords": list(dataset.keywords),
        "inLanguage": "es-MX",
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": organisation,
        "publisher": organisation,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": distribution.format.media_type,
                "contentUrl": distribution.url,
                **(
                    {"contentSize": f"{sizes[distribution.path]} B"}
                    if sizes.get(distribution.path) is not None
                    else {}
                ),
            }
            for distribution in dataset.distributions
        ],
    }
    if dataset.modified:
        item["dateModified"] = dataset.modified.isoformat()
    if dataset.temporal:
        start, end = dataset.temporal
        item["temporalCoverage"] = (
            start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"
        )
    return item


def script_body(item):
    """The JSON of `item`, safe to write between <script type="application/ld+json"> tags."""
    return mark_safe(json.dumps(item, ensure_ascii=False).translate(ESCAPES))  # noqa: S308
