"""seed_demo: the demo portal it builds, that a second run changes nothing, and its safety catch."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from cms.models import PortalSettings, UpdateCalendar
from ejes.models import EjePage, EjesIndexPage
from estructura.choices import TipoOrgano
from estructura.models import (
    EstructuraIndexPage,
    OrganoPage,
    ProyectoPage,
    PublicacionDocumento,
    PublicacionPage,
)

NATIONAL_ORGANOS = {
    "Congreso Nacional",
    "Consejo Nacional",
    "Comité Ejecutivo Nacional",
    "Comité Nacional de Vigilancia, Transparencia y Rendición de Resultados",
    "Comité Nacional Electoral",
}


def seed(**options):
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """What a second run must leave exactly as it found it."""
    User = get_user_model()
    return {
        "pages": Page.objects.count(),
        "documents": get_document_model().objects.count(),
        "collections": Collection.objects.count(),
        "users": User.objects.count(),
        "publicacion_documentos": PublicacionDocumento.objects.count(),
        "revisions": dict(Page.objects.values_list("pk", "latest_revision_id")),
        "published": dict(Page.objects.values_list("pk", "last_published_at")),
        "passwords": dict(User.objects.values_list("username", "password")),
        "settings": (UpdateCalendar.objects.count(), PortalSettings.objects.count()),
    }


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    pages, users = Page.objects.count(), get_user_model().objects.count()
    with pytest.raises(CommandError, match="DEBUG=False"):
        call_command("seed_demo", stdout=StringIO())
    assert (Page.objects.count(), get_user_model().objects.count()) == (pages, users)


@pytest.mark.django_db
def test_builds_ejes_structure_publications_and_accounts(demo_site):

    ejes_index = EjesIndexPage.objects.get(slug="ejes")
    estructura = EstructuraIndexPage.objects.get(slug="estructura-sindical")
    assert ejes_index.show_in_menus and estructura.show_in_menus
    assert ejes_index.title == "Ejes" and estructura.title == "Estructura Sindical"

    ejes = EjePage.objects.child_of(ejes_index).live()
    assert ejes.count() >= 5
    transparencia = ejes.get(slug="transparencia")
    assert EjePage.objects.child_of(transparencia).exists(), "a tema nested under an eje"

    organos = OrganoPage.objects.live()
    assert organos.count() >= 8
    assert NATIONAL_ORGANOS <= set(organos.values_list("title", flat=True))
    cen = organos.get(title="Comité Ejecutivo Nacional")
    secretarias = OrganoPage.objects.child_of(cen)
    assert secretarias.count() >= 4
    assert set(secretarias.values_list("tipo", flat=True)) == {TipoOrgano.SECRETARIA_CEN}
    assert organos.filter(tipo=TipoOrgano.ORGANISMO_AUXILIAR).count() >= 3
    assert organos.filter(tipo=TipoOrgano.SECCION).count() >= 3
    assert cen.titulares.exists() and cen.funciones.startswith("<p>")

    publicaciones = PublicacionPage.objects.live()
    assert publicaciones.count() >= 40
    today = datetime.date.today()
    for publicacion in publicaciones:
        assert publicacion.live_revision_id is not None
        assert 1 <= publicacion.ejes.count() <= 2
        assert publicacion.fecha_actualizacion <= today
        assert publicacion.fecha_validacion >= publicacion.fecha_actualizacion
        assert [block.block_type for block in publicacion.body][:2] == ["heading", "paragraph"]
        documentos = list(publicacion.documentos.select_related("document__collection"))
        assert documentos, publicacion.title
        for documento in documentos:
            with documento.document.file.open("rb") as pdf:
                assert pdf.read(4) == b"%PDF"
            assert documento.document.collection.name == publicacion.organo.title
    quarters = set(
        publicaciones.filter(periodo__startswith="T").values_list("ejercicio", "periodo")
    )
    assert len(quarters) == 4
    assert publicaciones.exclude(ley="").exists()
    assert set(publicaciones.values_list("periodicidad", flat=True)) >= {"trimestral", "anual"}

    opti = ProyectoPage.objects.get(title="Transparencia Proactiva OPTISNTE")
    assert opti.organo.title == (
        "Comité Nacional de Vigilancia, Transparencia y Rendición de Resultados"
    )
    assert opti.estrategia == transparencia
    assert list(opti.indicadores.values_list("cifra", "etiqueta")) == [
        ("42", "reuniones de trabajo"),
        ("72 %", "de tickets resueltos del Buzón OPTISNTE"),
        ("426,000", "visitas al portal"),
        ("20 %", "de crecimiento en redes sociales"),
    ]
    assert opti.responsables.filter(nombre="Profa. Mirna Isabel Saldívar Paz").exists()
    assert {"Operar permanentemente el OPTISNTE"} <= set(
        opti.acciones.values_list("descripcion", flat=True)
    )
    assert opti.resultados.count() >= 7
    assert "2012" in opti.antecedentes and "2014" in opti.antecedentes
    assert ProyectoPage.objects.live().count() >= 3

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("clave-de-prueba")
    for organo in organos.exclude(tipo=TipoOrgano.SECCION):
        for role in ("enlace", "supervisor"):
            user = User.objects.get(username=f"{role}-{organo.slug}")
            assert not user.is_staff and not user.user_permissions.exists()
            assert user.first_name and user.email
            assert user.check_password("clave-de-prueba")

    site_calendar = UpdateCalendar.objects.get()
    assert site_calendar.months == [3, 6, 9, 12]
    assert PortalSettings.objects.get().email == "transparencia@snte.org.mx"


@pytest.mark.django_db
def test_second_run_creates_nothing_and_changes_nothing(demo_site):
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "Páginas: 0 creadas" in output
    assert "Documentos: 0 creados" in output
    assert "Usuarios: 0 creados" in output
    assert PublicacionPage.objects.count() == get_document_model().objects.count()
