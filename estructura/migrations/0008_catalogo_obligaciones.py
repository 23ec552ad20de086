"""Seeds the catalogue of obligations: the union's fracciones of the transparency law and the
statute's own. Written out here (not imported) so the migration keeps meaning what it meant.

Facts: unions that receive or spend public resources are sujetos obligados (LGTAIP 2015, art.
23); art. 79 asks them for I contracts and agreements with authorities, II the directory of the
executive committee, III the padrón de socios and IV the public resources received and how they
were spent, updated at least quarterly (art. 62). The law of 20 March 2025 renumbered the
articles; the union article's new number is unconfirmed, so article and fracción stay data that
the Administración OPTI corrects in the admin. The statute's obligations cite the Estatuto
without an article until the legal area confirms it.
"""

from django.db import migrations

LGTAIP = "Ley General de Transparencia y Acceso a la Información Pública (2015)"
ESTATUTO = "Estatuto del SNTE"
BIENAL = "Ejercicio en curso y el inmediato anterior"
VIGENTE = "Información vigente"

# (clave, ley, artículo, fracción, título, descripción, periodicidad, conservación, columns)
CATALOGO = [
    (
        "lgtaip-79-i",
        LGTAIP,
        "Artículo 79",
        "Fracción I",
        "Contratos y convenios con autoridades",
        "Contratos y convenios celebrados entre el Sindicato y las autoridades.",
        "trimestral",
        BIENAL,
        [
            ("Fecha de firma", "fecha"),
            ("Autoridad con la que se celebra", "texto"),
            ("Objeto", "texto"),
            ("Monto", "moneda"),
            ("Vigencia", "texto"),
            ("Hipervínculo al documento", "url"),
        ],
    ),
    (
        "lgtaip-79-ii",
        LGTAIP,
        "Artículo 79",
        "Fracción II",
        "Directorio del Comité Ejecutivo",
        "Nombre, cargo y datos de contacto institucional de quienes integran el Comité.",
        "trimestral",
        VIGENTE,
        [
            ("Nombre", "texto"),
            ("Cargo", "texto"),
            ("Fecha de inicio del cargo", "fecha"),
            ("Correo institucional", "texto"),
            ("Teléfono institucional", "texto"),
        ],
    ),
    (
        "lgtaip-79-iii",
        LGTAIP,
        "Artículo 79",
        "Fracción III",
        "Padrón de socios",
        "Número de agremiados por entidad y sección, sin datos personales.",
        "trimestral",
        VIGENTE,
        [("Entidad", "texto"), ("Sección", "texto"), ("Número de socios", "numero")],
    ),
    (
        "lgtaip-79-iv",
        LGTAIP,
        "Artículo 79",
        "Fracción IV",
        "Recursos públicos recibidos y su ejercicio",
        "Relación detallada de los recursos públicos económicos, en especie, bienes o donativos "
        "que se reciben, y el informe detallado de su ejercicio y destino final.",
        "trimestral",
        BIENAL,
        [
            ("Fecha de recepción", "fecha"),
            ("Tipo de recurso", "texto"),
            ("Monto", "moneda"),
            ("Destino", "texto"),
            ("Hipervínculo al informe de ejercicio", "url"),
        ],
    ),
    (
        "estatuto-informe",
        ESTATUTO,
        "",
        "",
        "Informe de actividades",
        "Informe periódico de las actividades del órgano y del ejercicio de sus recursos.",
        "trimestral",
        BIENAL,
        [],
    ),
    (
        "estatuto-acuerdos",
        ESTATUTO,
        "",
        "",
        "Actas y acuerdos de los órganos de gobierno",
        "Actas y acuerdos de las sesiones de los órganos de gobierno.",
        "anual",
        BIENAL,
        [],
    ),
    (
        "estatuto-normatividad",
        ESTATUTO,
        "",
        "",
        "Estatuto vigente y sus reformas",
        "Texto vigente del Estatuto y relación de las reformas aprobadas.",
        "anual",
        VIGENTE,
        [],
    ),
    (
        "estatuto-presupuesto",
        ESTATUTO,
        "",
        "",
        "Presupuesto anual y su ejercicio",
        "Presupuesto aprobado por el Consejo Nacional y su ejercicio por capítulo de gasto.",
        "anual",
        BIENAL,
        [],
    ),
    (
        "estatuto-programa",
        ESTATUTO,
        "",
        "",
        "Programa de trabajo",
        "Programa de actividades del órgano y su avance.",
        "semestral",
        BIENAL,
        [],
    ),
    (
        "estatuto-electoral",
        ESTATUTO,
        "",
        "",
        "Procesos electorales y convocatorias",
        "Convocatorias, calendario y resultados de los procesos electorales sindicales.",
        "trimestral",
        BIENAL,
        [],
    ),
    (
        "estatuto-gestiones",
        ESTATUTO,
        "",
        "",
        "Gestiones y servicios a los agremiados",
        "Estadística de las gestiones atendidas, sin datos personales.",
        "trimestral",
        BIENAL,
        [],
    ),
]


def seed(apps, schema_editor):
    Obligacion = apps.get_model("estructura", "Obligacion")
    Columna = apps.get_model("estructura", "ObligacionColumna")
    for orden, row in enumerate(CATALOGO, start=1):
        clave, ley, articulo, fraccion, titulo, descripcion, periodicidad, conservacion, cols = row
        obligacion, created = Obligacion.objects.get_or_create(
            clave=clave,
            defaults={
                "ley": ley,
                "articulo": articulo,
                "fraccion": fraccion,
                "titulo": titulo,
                "descripcion": descripcion,
                "periodicidad": periodicidad,
                "conservacion": conservacion,
                "orden": orden * 10,
            },
        )
        if created:
            Columna.objects.bulk_create(
                Columna(obligacion=obligacion, nombre=nombre, tipo=tipo, sort_order=index)
                for index, (nombre, tipo) in enumerate(cols)
            )


def unseed(apps, schema_editor):
    Obligacion = apps.get_model("estructura", "Obligacion")
    Obligacion.objects.filter(
        clave__in=[row[0] for row in CATALOGO], publicaciones__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("estructura", "0007_obligaciones")]

    operations = [migrations.RunPython(seed, unseed)]
