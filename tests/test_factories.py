"""Every page type has a factory, and each factory builds a page that passes validation."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Page

PROJECT_APPS = ["home", "ejes", "estructura", "buzon", "resultados", "search"]


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
            model = getattr(getattr(value, "_meta", None), "model", None)
            if model is not None:
                found[model] = value
    return found


def test_every_page_type_has_a_factory():
    missing = [m.__name__ for m in project_page_models() if m not in factories()]
    assert not missing, f"page types without a factory: {missing}"


@pytest.mark.django_db
def test_factories_build_valid_pages(home, ejes_index, estructura, eje, organo):
    from estructura.factories import ProyectoPageFactory, PublicacionPageFactory

    publicacion = PublicacionPageFactory(parent=organo, ejes=[eje])
    proyecto = ProyectoPageFactory(parent=organo, ejes=[eje])
    for page in (ejes_index, estructura, eje, organo, publicacion, proyecto):
        page.full_clean()
    assert list(publicacion.ejes.all()) == [eje]
    assert list(eje.publicaciones.all()) == [publicacion]
    assert list(eje.proyectos.all()) == [proyecto]
