"""Test factories for the structure and its content (factory_boy is a test dependency)."""

import datetime

import factory
import wagtail_factories

from cms.choices import Periodicidad

from .choices import Periodo, TipoInformacion, TipoOrgano, TipoReunion
from .models import (
    Aplicabilidad,
    EstructuraIndexPage,
    Obligacion,
    OrganoPage,
    ProyectoPage,
    PublicacionPage,
)
from .registers import ActualizacionPlataforma, EnlaceAcreditado, Reunion


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


# --- The registers the quarterly figures count (estructura/registers.py) ----------------------


class EnlaceAcreditadoFactory(factory.django.DjangoModelFactory):
    """An enlace accredited to an órgano; pass `usuario` and `organo`."""

    fecha_acreditacion = factory.LazyFunction(lambda: datetime.date.today())
    oficio = factory.Sequence(lambda n: f"OPTI/{n:03d}")

    class Meta:
        model = EnlaceAcreditado


class ReunionFactory(factory.django.DjangoModelFactory):
    """A working meeting; `organos=[…]` sets the órganos that met."""

    fecha = factory.LazyFunction(lambda: datetime.date.today())
    tipo = TipoReunion.ORGANO_GOBIERNO
    asistentes = "Ana Torres\nLuis Méndez"
    acuerdos = "Publicar el informe trimestral."

    class Meta:
        model = Reunion
        skip_postgeneration_save = True  # the hook below saves when it sets órganos

    @factory.post_generation
    def organos(self, create, extracted, **kwargs):
        if extracted:
            self.organos.set(extracted)
            if create:
                self.save()


class ActualizacionPlataformaFactory(factory.django.DjangoModelFactory):
    """An upload of one format to the national platform; pass `organo`."""

    formato = "Art. 70 fracción I"
    ejercicio = factory.LazyFunction(lambda: datetime.date.today().year)
    periodo = Periodo.T1
    fecha = factory.LazyFunction(lambda: datetime.date.today())

    class Meta:
        model = ActualizacionPlataforma


# --- Obligations (estructura/models/obligaciones.py) ------------------------------------------


class ObligacionFactory(factory.django.DjangoModelFactory):
    clave = factory.Sequence(lambda n: f"obligacion-{n}")
    ley = "Ley General de Transparencia y Acceso a la Información Pública"
    articulo = "Artículo 79"
    fraccion = factory.Sequence(lambda n: f"Fracción {n + 1}")
    titulo = factory.Sequence(lambda n: f"Obligación {n}")
    periodicidad = Periodicidad.TRIMESTRAL

    class Meta:
        model = Obligacion


class AplicabilidadFactory(factory.django.DjangoModelFactory):
    obligacion = factory.SubFactory(ObligacionFactory)
    aplica = True

    class Meta:
        model = Aplicabilidad
