"""Choices of the structure: kinds of órgano, types of information, periods."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoOrgano(models.TextChoices):
    ORGANO_GOBIERNO = "organo_gobierno", _("Órgano Nacional de Gobierno")
    SECRETARIA_CEN = "secretaria_cen", _("Secretaría del Comité Ejecutivo Nacional")
    COMITE_COMISION = "comite_comision", _("Comité o Comisión Nacional")
    ORGANISMO_AUXILIAR = "organismo_auxiliar", _("Organismo Auxiliar")
    SECCION = "seccion", _("Sección sindical")
    OTRO = "otro", _("Otro")


class TipoInformacion(models.TextChoices):
    NORMATIVIDAD = "normatividad", _("Normatividad")
    ESTRUCTURA = "estructura", _("Estructura orgánica")
    FUNCIONES = "funciones", _("Funciones y atribuciones")
    INFORME = "informe", _("Informe de actividades")
    FINANZAS = "finanzas", _("Información financiera")
    PRESUPUESTO = "presupuesto", _("Presupuesto y ejercicio de recursos")
    ACUERDOS = "acuerdos", _("Actas y acuerdos")
    CONVOCATORIA = "convocatoria", _("Convocatorias")
    PROGRAMA = "programa", _("Programas y planes de trabajo")
    ESTADISTICA = "estadistica", _("Estadística")
    DIRECTORIO = "directorio", _("Directorio")
    OTRO = "otro", _("Otra información de interés")


class Periodo(models.TextChoices):
    T1 = "T1", _("Primer trimestre (enero–marzo)")
    T2 = "T2", _("Segundo trimestre (abril–junio)")
    T3 = "T3", _("Tercer trimestre (julio–septiembre)")
    T4 = "T4", _("Cuarto trimestre (octubre–diciembre)")
    S1 = "S1", _("Primer semestre (enero–junio)")
    S2 = "S2", _("Segundo semestre (julio–diciembre)")
    ANUAL = "A", _("Anual")

    @classmethod
    def months(cls, value):
        """First and last month of a period."""
        return {
            cls.T1: (1, 3),
            cls.T2: (4, 6),
            cls.T3: (7, 9),
            cls.T4: (10, 12),
            cls.S1: (1, 6),
            cls.S2: (7, 12),
            cls.ANUAL: (1, 12),
        }[value]


class TipoReunion(models.TextChoices):
    ORGANO_GOBIERNO = "organo_gobierno", _("Con un Órgano Nacional de Gobierno")
    ENLACES = "enlaces", _("Con enlaces acreditados")
