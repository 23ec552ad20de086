"""Test factories for the structure and its content (factory_boy is a test dependency)."""

import datetime

import factory
import wagtail_factories

from .choices import Periodo, TipoInformacion, TipoOrgano
from .models import EstructuraIndexPage, OrganoPage, ProyectoPage, PublicacionPage


class EstructuraIndexPageFactory(wagtail_factories.PageFactory):
    title = "Estructura Sindical"
    slug = "estructura-sindical"

    class Meta:
        model = EstructuraIndexPage


class OrganoPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Órgano {n}")
    tipo = TipoOrgano.ORGANO_GOBIERNO
    resumen = factory.Faker("sentence", locale="es_MX")

    class Meta:
        model = OrganoPage


class ClassifiedPageFactory(wagtail_factories.PageFactory):
    """Publications and projects take `ejes=[…]` like the admin's many-to-many."""

    @factory.post_generation
    def ejes(obj, create, extracted, **kwargs):
        if extracted:
            obj.ejes.set(extracted)
            if create:
                obj.save()


class PublicacionPageFactory(ClassifiedPageFactory):
    title = factory.Sequence(lambda n: f"Publicación {n}")
    resumen = factory.Faker("sentence", locale="es_MX")
    tipo_informacion = TipoInformacion.INFORME
    ejercicio = 2026
    periodo = Periodo.T3
    fecha_actualizacion = datetime.date(2026, 9, 3)

    class Meta:
        model = PublicacionPage
        skip_postgeneration_save = True


class ProyectoPageFactory(ClassifiedPageFactory):
    title = factory.Sequence(lambda n: f"Proyecto {n}")
    resumen = factory.Faker("sentence", locale="es_MX")
    descripcion = "<p>Descripción del proyecto.</p>"
    fecha_actualizacion = datetime.date(2026, 9, 3)

    class Meta:
        model = ProyectoPage
        skip_postgeneration_save = True
