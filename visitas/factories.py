"""Test factories for the page-view counts (factory_boy is a test dependency)."""

import datetime

import factory

from .models import VisitaDiaria


class VisitaDiariaFactory(factory.django.DjangoModelFactory):
    """One page's views on one day; pass `page`."""

    dia = factory.LazyFunction(lambda: datetime.date.today())
    visitas = 1

    class Meta:
        model = VisitaDiaria
