"""data.json: the catalogue in the fields Mexico's open-data implementation guide asks of each
dataset (identifier, title, description, modified, contactPoint, mbox, landingPage,
accrualPeriodicity, and each distribution's downloadURL, mediaType and byteSize)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cms.files import absolute_url

from .catalogo import LANGUAGE, LICENSE_URL, PUBLISHER


def _date(day):
    return day.isoformat() if day else None


def _temporal(period):
    return f"{period[0].isoformat()}/{period[1].isoformat()}" if period else None


def _compact(item):
    # An unknown value is left out, never sent as an empty string a harvester would keep.
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def catalogue_title():
    return _("Datos abiertos del OPTISNTE")


def catalogue_description():
    return _(
        "Los conjuntos de datos públicos del Observatorio Público de Transparencia e "
        "Información del SNTE: publicaciones de transparencia, obligaciones y su "
        "cumplimiento, y rendición de resultados."
    )


def dataset_item(dataset, sizes, contact):
    return _compact(
        {
            "identifier": dataset.qualified_identifier,
            "title": dataset.title,
            "description": dataset.description,
            "keyword": list(dataset.keywords),
            "modified": _date(dataset.modified),
            "publisher": {"name": str(PUBLISHER)},
            "contactPoint": contact.name,
            "mbox": contact.email,
            "landingPage": dataset.landing_page,
            "accrualPeriodicity": dataset.accrual.iso,
            "temporal": _temporal(dataset.temporal),
            "language": [LANGUAGE],
            "license": LICENSE_URL,
            "accessLevel": "public",
            "distribution": [
                _compact(
                    {
                        "title": f"{dataset.title} ({distribution.format.name})",
                        "downloadURL": distribution.url,
                        "mediaType": distribution.format.media_type,
                        "format": distribution.format.name,
                        "byteSize": sizes.get(distribution.path),
                        "modified": _date(dataset.modified),
                        "license": LICENSE_URL,
                    }
                )
                for distribution in dataset.distributions
            ],
        }
    )


def catalogue(found, sizes, contact):
    return _compact(
        {
            "title": catalogue_title(),
            "description": catalogue_description(),
            "homepage": absolute_url(reverse("open_data:index")),
            "modified": _date(max((d.modified for d in found if d.modified), default=None)),
            "publisher": {"name": str(PUBLISHER)},
            "language": [LANGUAGE],
            "license": LICENSE_URL,
            "dataset": [dataset_item(dataset, sizes, contact) for dataset in found],
        }
    )
