"""Every page type has a factory, and each factory builds a page that passes validation."""

import importlib

import factory
import pytest
from django.apps import apps
from wagtail.models import Page

from home.models import HomePage

PROJECT_APPS = ["home", "ejes", "estructura", "buzon", "resultados", "visitas", "search"]


def project_page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model._meta.app_label in PROJECT_APPS
    ]


def factories():
    found = {}
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.base.Factory):
                model = value._meta.model
                if model is not None:
                    found[model] = value
    return found


def test_every_page_type_has_a_factory():
    missing = [m.__name__ for m in project_page_models() if m not in factories()]
    assert not missing, f"page types without a factory: {missing}"


def build_page(model, home, made):
    """A live page of this type, under parents of the types it allows, built by its factory."""
    if model is HomePage:
        return home
    if model not in made:
        parent_model = next(m for m in model.allowed_parent_page_models() if m is not Page)
        made[model] = factories()[model](parent=build_page(parent_model, home, made))
    return made[model]


def required_fields(model):
    """The fields of a page type's own (not Wagtail's) that a form may not leave empty."""
    own = {field.name for field in model._meta.get_fields() if field.model is model}
    return [
        field
        for field in model._meta.concrete_fields
        if field.name in own and not field.blank and not field.auto_created
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("model", project_page_models(), ids=lambda model: model.__name__)
def test_each_factory_builds_a_valid_page_with_every_required_field(home, model):
    page = build_page(model, home, {})
    page.full_clean()  # raises on any required field the factory left empty
    for field in required_fields(model):
        assert field.value_from_object(page) not in (None, "", [], {}), field.name
    assert page.live and page.url


@pytest.mark.django_db
def test_factories_classify_publications_and_projects(home, ejes_index, estructura, eje, organo):
    from estructura.factories import ProyectoPageFactory, PublicacionPageFactory

    publicacion = PublicacionPageFactory(parent=organo, ejes=[eje])
    proyecto = ProyectoPageFactory(parent=organo, ejes=[eje])
    for page in (ejes_index, estructura, eje, organo, publicacion, proyecto):
        page.full_clean()
    assert list(publicacion.ejes.all()) == [eje]
    assert list(eje.publicaciones.all()) == [publicacion]
    assert list(eje.proyectos.all()) == [proyecto]


# The records the figures, the inbox and the registers are built from.
RECORD_MODELS = [
    "buzon.Ticket",
    "estructura.EnlaceAcreditado",
    "estructura.Reunion",
    "estructura.ActualizacionPlataforma",
    "visitas.VisitaDiaria",
]


def test_every_record_the_tests_build_has_a_factory():
    missing = [label for label in RECORD_MODELS if apps.get_model(label) not in factories()]
    assert not missing, f"records without a factory: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("label", RECORD_MODELS)
def test_each_record_factory_builds_a_valid_row(home, organo, label, django_user_model):
    model = apps.get_model(label)
    needs = {
        "estructura.EnlaceAcreditado": lambda: {
            "usuario": django_user_model.objects.create_user("enlace-factory"),
            "organo": organo,
        },
        "estructura.Reunion": lambda: {"organos": [organo]},
        "estructura.ActualizacionPlataforma": lambda: {"organo": organo},
        "visitas.VisitaDiaria": lambda: {"page": organo},
    }
    record = factories()[model](**needs.get(label, dict)())
    record.full_clean()
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.django_db
def test_the_ticket_factory_files_through_the_service(home):
    from buzon.factories import TicketFactory

    ticket = TicketFactory(asunto="Horario de atención")
    assert ticket.folio.startswith("OPTI-") and ticket.key_matches(ticket.clave)
    assert ticket.entradas.count() == 1  # the service's first thread entry
