"""Test factories for ejes (factory_boy is a test dependency)."""

import factory
import wagtail_factories

from .models import EjePage, EjesIndexPage


class EjesIndexPageFactory(wagtail_factories.PageFactory):
    title = "Ejes"
    slug = "ejes"

    class Meta:
        model = EjesIndexPage


class EjePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Eje {n}")
    resumen = factory.Faker("sentence", locale="es_MX")

    class Meta:
        model = EjePage
