"""A site with something of every kind the catalogue may and may not show: public
publications of two órganos, a draft, one in a private section, one inside an unpublished
órgano, a document in a private collection, obligations that apply and one that does not,
and the published results page."""

import datetime
import json
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

from buzon import services as buzon_services
from cms.models import PortalSettings
from estructura.choices import Periodo
from estructura.factories import (
    AplicabilidadFactory,
    ObligacionFactory,
    OrganoPageFactory,
    PublicacionPageFactory,
    ReunionFactory,
)
from estructura.models import PublicacionDocumento
from resultados.factories import ResultadosPageFactory
from tests.api import make_document

CONTACT_NAME = "Comité Nacional de Transparencia"
CONTACT_EMAIL = "datos@snte.example.mx"
# Dates and years only hidden content carries: finding one anywhere public is a leak.
HIDDEN_DAY = datetime.date(2026, 11, 30)
HIDDEN_YEAR = 1987  # no visible record is of that year; within the ejercicio bounds
TABLES_EDITED = datetime.date(2026, 11, 10)
MEETING_DAY = datetime.date(2026, 11, 20)


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def portal(home):
    return PortalSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        nombre_contacto=CONTACT_NAME,
        email=CONTACT_EMAIL,
    )


@pytest.fixture
def catalogo_site(portal, home, eje, organo_a, sub_organo_a, organo_b):
    obligacion = ObligacionFactory(titulo="Directorio del comité")
    for aplicabilidad in (
        AplicabilidadFactory(organo=organo_a, obligacion=obligacion),
        AplicabilidadFactory(
            organo=organo_b,
            obligacion=obligacion,
            aplica=False,
            fundamento_motivacion="No integra comité ejecutivo.",
        ),
    ):
        # As the admin's viewset logs each row it saves.
        log(aplicabilidad, "wagtail.create", timestamp=moment(TABLES_EDITED))
    informe = PublicacionPageFactory(
        parent=organo_a,
        ejes=[eje],
        title="Informe de A",
        obligacion=obligacion,
        ejercicio=2026,
        periodo=Periodo.T3,
        fecha_actualizacion=datetime.date(2026, 10, 5),
    )
    PublicacionPageFactory(
        parent=sub_organo_a,
        ejes=[eje],
        title="Acta de la comisión",
        ejercicio=2025,
        periodo=Periodo.T1,
        fecha_actualizacion=datetime.date(2025, 4, 2),
    )
    PublicacionPageFactory(parent=organo_b, ejes=[eje], title="Presupuesto de B")
    publico = make_document("Anexo público")
    PublicacionDocumento.objects.create(page=informe, document=publico)

    hidden = dict(ejercicio=HIDDEN_YEAR, periodo=Periodo.T4, fecha_actualizacion=HIDDEN_DAY)
    PublicacionPageFactory(parent=organo_a, title="Borrador oculto", live=False, **hidden)
    reservada = PublicacionPageFactory(parent=organo_b, title="Sección reservada", **hidden)
    PageViewRestriction.objects.create(page=reservada, restriction_type=PageViewRestriction.LOGIN)
    retirado = OrganoPageFactory(parent=organo_b.get_parent(), title="Órgano retirado", live=False)
    PublicacionPageFactory(parent=retirado, title="Dentro de un órgano retirado", **hidden)
    AplicabilidadFactory(organo=retirado, obligacion=obligacion)
    cerrado = OrganoPageFactory(parent=organo_b.get_parent(), title="Órgano con contraseña")
    PageViewRestriction.objects.create(
        page=cerrado, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    log(
        AplicabilidadFactory(organo=cerrado, obligacion=obligacion),
        "wagtail.create",
        timestamp=moment(HIDDEN_DAY),
    )
    privada = Collection.get_first_root_node().add_child(name="Reservada")
    CollectionViewRestriction.objects.create(
        collection=privada, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    nomina = make_document("Nómina reservada", collection=privada)
    PublicacionDocumento.objects.create(page=informe, document=nomina)
    resultados = ResultadosPageFactory(parent=home)
    ReunionFactory(fecha=MEETING_DAY, organos=[organo_a])
    # A ticket of the Buzón, to an órgano whose name its statistics may show (a hidden one
    # would be "Órganos no publicados"), filed through the service every channel uses.
    with buzon_services.at(moment(MEETING_DAY)):
        buzon_services.create_ticket(
            {"tipo": "pregunta", "asunto": "Asunto", "mensaje": "Mensaje", "organo": organo_a}
        )
    return SimpleNamespace(
        informe=informe,
        publico=publico,
        nomina=nomina,
        resultados=resultados,
        hidden_titles=[
            "Borrador oculto",
            "Sección reservada",
            "Órgano retirado",
            "Dentro de un órgano retirado",
            "Órgano con contraseña",
        ],
    )


@pytest.fixture
def data_json(client, catalogo_site):
    response = client.get("/datos-abiertos/data.json")
    assert response.status_code == 200, response.content
    return json.loads(response.content)
