"""The demo portal as plain data: ejes, the Estructura Sindical, its publications and projects.

Names of people, figures and statute articles are illustrative: they look like the real thing so
the portal can be shown and tested, but they are not the union's official record.
"""

from cms.choices import Periodicidad
from estructura.choices import TipoInformacion, TipoOrgano

LGTAIP = "Ley General de Transparencia y Acceso a la Información Pública"
ESTATUTO = "Estatuto del Sindicato Nacional de Trabajadores de la Educación"
SEDE = "Venustiano Carranza 70, Centro, Cuauhtémoc, 06000 Ciudad de México"
HORARIO = "Lunes a viernes, de 9:00 a 15:00 y de 17:00 a 19:00 horas"

HOME = {
    "intro": (
        "<p>El Observatorio Público de Transparencia e Información del SNTE reúne lo que hacen "
        "los <b>Órganos Nacionales de Gobierno</b> y los <b>Organismos Auxiliares</b> del "
        "Sindicato y cómo ejercen sus recursos, para que cualquier agremiado o ciudadano pueda "
        "consultarlo por <i>Ejes</i> o por <i>Estructura Sindical</i>.</p>"
    ),
    "buzon_texto": (
        "¿Tienes una pregunta, una solicitud de información, una queja o una sugerencia? "
        "Escríbenos en el Buzón OPTISNTE: recibirás un folio para dar seguimiento a tu caso."
    ),
}

EJES_INDEX = {
    "slug": "ejes",
    "title": "Ejes",
    "intro": (
        "<p>Los ejes clasifican la información de todos los órganos por tema: cada publicación "
        "y cada proyecto indica a qué eje responde.</p>"
    ),
}

ESTRUCTURA_INDEX = {
    "slug": "estructura-sindical",
    "title": "Estructura Sindical",
    "intro": (
        "<p>La estructura del Sindicato tal como la establece su Estatuto: los Órganos Nacionales "
        "de Gobierno, los comités y comisiones nacionales, los Organismos Auxiliares y las "
        "secciones sindicales. Cada órgano publica aquí su información.</p>"
    ),
}

# The eje of the OPTI project itself: its projects name it as their estrategia.
EJE_OPTI = "transparencia"

EJES = [
    {
        "slug": "transparencia",
        "title": "Transparencia y rendición de cuentas",
        "resumen": (
            "Información pública sobre la organización, las decisiones y el uso de los recursos "
            "del Sindicato, y los mecanismos con los que sus órganos rinden cuentas a los "
            "agremiados y a la sociedad."
        ),
        "descripcion": (
            "<p>Este eje reúne la estrategia del Observatorio Público de Transparencia e "
            "Información (OPTI): las obligaciones de transparencia que el Sindicato asumió en su "
            "Estatuto, la información financiera de sus órganos y los informes de resultados que "
            "se actualizan cada trimestre.</p>"
            "<p>Aquí se encuentran también el Buzón OPTISNTE y los datos abiertos del portal.</p>"
        ),
        "temas": [
            {
                "slug": "datos-abiertos",
                "title": "Datos abiertos",
                "resumen": (
                    "Conjuntos de datos del Sindicato en formatos abiertos y reutilizables, "
                    "con su periodo y fecha de actualización."
                ),
                "descripcion": (
                    "<p>Las cifras que el portal publica pueden descargarse para su análisis: "
                    "padrones agregados, estados financieros y estadísticas de atención.</p>"
                ),
            },
            {
                "slug": "informacion-financiera",
                "title": "Información financiera",
                "resumen": (
                    "Ingresos, egresos, presupuesto y ejercicio de los recursos de los órganos "
                    "nacionales del Sindicato."
                ),
                "descripcion": (
                    "<p>Estados de ingresos y egresos, presupuesto anual y su ejercicio por "
                    "trimestre, conforme a las obligaciones de transparencia de los sindicatos.</p>"
                ),
            },
        ],
    },
    {
        "slug": "derechos-laborales",
        "title": "Gestión y defensa de derechos laborales",
        "resumen": (
            "Gestiones, asesoría y representación de los trabajadores de la educación ante las "
            "autoridades educativas, y el seguimiento de sus resultados."
        ),
        "descripcion": (
            "<p>Reúne los informes de las gestiones laborales atendidas por el Comité Ejecutivo "
            "Nacional y las secciones: plazas, cambios de adscripción, promociones, "
            "reconocimientos y conflictos laborales.</p>"
        ),
    },
    {
        "slug": "formacion-docente",
        "title": "Formación y profesionalización docente",
        "resumen": (
            "Programas de formación continua, actualización y desarrollo profesional que el "
            "Sindicato ofrece a sus agremiados."
        ),
        "descripcion": (
            "<p>Cursos, diplomados y posgrados de los Organismos Auxiliares, con su oferta, "
            "matrícula y resultados en cada periodo.</p>"
        ),
    },
    {
        "slug": "seguridad-social",
        "title": "Seguridad social y bienestar",
        "resumen": (
            "Gestiones en materia de salud, pensiones, vivienda y prestaciones de los "
            "trabajadores de la educación y sus familias."
        ),
        "descripcion": (
            "<p>Seguimiento de los trámites ante el ISSSTE y el FOVISSSTE, de los seguros y "
            "prestaciones, y de los programas de bienestar y cultura para los agremiados.</p>"
        ),
    },
    {
        "slug": "equidad-e-inclusion",
        "title": "Equidad, igualdad de género e inclusión",
        "resumen": (
            "Acciones para la igualdad sustantiva entre mujeres y hombres, la no discriminación "
            "y la inclusión en la vida sindical y en la escuela."
        ),
        "descripcion": (
            "<p>Programas, protocolos y estadísticas desagregadas por sexo que muestran cómo "
            "avanza la igualdad en los órganos del Sindicato.</p>"
        ),
    },
    {
        "slug": "vida-democratica",
        "title": "Participación y vida democrática sindical",
        "resumen": (
            "Congresos, consejos, procesos electorales y acuerdos de los órganos de gobierno: "
            "cómo deciden los agremiados la vida del Sindicato."
        ),
        "descripcion": (
            "<p>Convocatorias, actas y acuerdos de los órganos colegiados y resultados de los "
            "procesos de elección de las dirigencias seccionales.</p>"
        ),
    },
]


def cifras(*rows):
    """Illustrative figures of a publication: (concepto, mínimo, máximo, unidad de cms.formats)."""
    return list(rows)


TRIMESTRAL = Periodicidad.TRIMESTRAL
SEMESTRAL = Periodicidad.SEMESTRAL
ANUAL = Periodicidad.ANUAL

# The tree of the Estructura Sindical. Each órgano lists its publication series: a series yields
# one PublicacionPage per period (the last four quarters, two semesters or one year).
ORGANOS = [
    {
        "slug": "congreso-nacional",
        "title": "Congreso Nacional",
        "tipo": TipoOrgano.ORGANO_GOBIERNO,
        "siglas": "CN",
        "resumen": (
            "Máxima autoridad del Sindicato. Se integra con los delegados electos por las "
            "secciones y reforma el Estatuto, la Declaración de Principios y el Programa de Acción."
        ),
        "funciones": [
            "Reformar el Estatuto, la Declaración de Principios y el Programa de Acción.",
            "Elegir a los integrantes del Comité Ejecutivo Nacional y de los comités nacionales.",
            "Conocer y, en su caso, aprobar los informes del Comité Ejecutivo Nacional.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 41 a 49.",
        "titulares": [("Mesa de los Debates del Congreso Nacional", "Presidencia")],
        "email": "congreso.nacional@snte.org.mx",
        "telefono": "55 5140 0600",
        "publicaciones": [
            {
                "slug": "estatuto-vigente",
                "title": "Estatuto vigente y reformas aprobadas",
                "tipo": TipoInformacion.NORMATIVIDAD,
                "ejes": ["vida-democratica", "transparencia"],
                "periodicidad": ANUAL,
                "ley": LGTAIP,
                "articulo": "Artículo 78",
                "fraccion": "Fracción I",
                "resumen": (
                    "Texto vigente del Estatuto del Sindicato y relación de las reformas "
                    "aprobadas por el Congreso Nacional, {periodo}."
                ),
                "cifras": cifras(
                    ("Artículos del Estatuto", 240, 260, "numero"),
                    ("Artículos reformados", 3, 18, "numero"),
                    ("Delegados con derecho a voto", 2800, 3400, "numero"),
                ),
            }
        ],
    },
    {
        "slug": "consejo-nacional",
        "title": "Consejo Nacional",
        "tipo": TipoOrgano.ORGANO_GOBIERNO,
        "siglas": "CONAC",
        "resumen": (
            "Órgano de gobierno que sigue al Congreso Nacional en jerarquía. Evalúa el "
            "cumplimiento de los acuerdos del Congreso y aprueba los planes de trabajo."
        ),
        "funciones": [
            "Vigilar el cumplimiento de los acuerdos del Congreso Nacional.",
            "Aprobar el plan de trabajo y el presupuesto anual del Comité Ejecutivo Nacional.",
            "Convocar al Congreso Nacional en los términos del Estatuto.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 50 a 57.",
        "titulares": [("Presidencia del Consejo Nacional", "Presidencia")],
        "email": "consejo.nacional@snte.org.mx",
        "telefono": "55 5140 0610",
        "publicaciones": [
            {
                "slug": "acuerdos-del-consejo-nacional",
                "title": "Acuerdos del Consejo Nacional",
                "tipo": TipoInformacion.ACUERDOS,
                "ejes": ["vida-democratica"],
                "periodicidad": ANUAL,
                "ley": LGTAIP,
                "articulo": "Artículo 78",
                "fraccion": "Fracción IV",
                "resumen": (
                    "Acuerdos adoptados por el Consejo Nacional en sus sesiones ordinarias y "
                    "extraordinarias, {periodo}."
                ),
                "cifras": cifras(
                    ("Sesiones ordinarias", 1, 2, "numero"),
                    ("Sesiones extraordinarias", 0, 2, "numero"),
                    ("Acuerdos aprobados", 12, 40, "numero"),
                ),
            }
        ],
    },
    {
        "slug": "comite-ejecutivo-nacional",
        "title": "Comité Ejecutivo Nacional",
        "tipo": TipoOrgano.ORGANO_GOBIERNO,
        "siglas": "CEN",
        "resumen": (
            "Órgano ejecutivo y de representación del Sindicato. Conduce la gestión sindical "
            "por medio de su Presidencia y sus secretarías."
        ),
        "funciones": [
            "Representar al Sindicato ante las autoridades y ante terceros.",
            "Ejecutar los acuerdos del Congreso Nacional y del Consejo Nacional.",
            "Coordinar el trabajo de las secciones y de los Organismos Auxiliares.",
            "Rendir informes periódicos de sus actividades y del ejercicio de los recursos.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 58 a 63.",
        "titulares": [
            ("Mtro. Ernesto Valladares Quiroga", "Presidente"),
            ("Mtra. Rosa Elena Bustamante Ortiz", "Secretaria General"),
        ],
        "email": "cen@snte.org.mx",
        "telefono": "55 5140 0700",
        "publicaciones": [
            {
                "slug": "informe-de-actividades-del-cen",
                "title": "Informe de actividades del Comité Ejecutivo Nacional",
                "tipo": TipoInformacion.INFORME,
                "ejes": ["vida-democratica", "transparencia"],
                "periodicidad": TRIMESTRAL,
                "resumen": (
                    "Principales actividades, gestiones y acuerdos del Comité Ejecutivo Nacional "
                    "durante el {periodo}."
                ),
                "cifras": cifras(
                    ("Sesiones del pleno del CEN", 3, 8, "numero"),
                    ("Acuerdos aprobados", 15, 60, "numero"),
                    ("Reuniones con autoridades educativas", 10, 35, "numero"),
                    ("Visitas de trabajo a secciones", 8, 30, "numero"),
                ),
            },
            {
                "slug": "directorio-del-cen",
                "title": "Directorio del Comité Ejecutivo Nacional",
                "tipo": TipoInformacion.DIRECTORIO,
                "ejes": ["transparencia"],
                "periodicidad": SEMESTRAL,
                "ley": LGTAIP,
                "articulo": "Artículo 79",
                "fraccion": "Fracción II",
                "resumen": (
                    "Integrantes del Comité Ejecutivo Nacional, su cargo y datos de contacto "
                    "institucional, {periodo}."
                ),
                "cifras": cifras(
                    ("Carteras del CEN", 40, 48, "numero"),
                    ("Integrantes mujeres", 18, 24, "numero"),
                    ("Integrantes hombres", 20, 26, "numero"),
                ),
            },
            {
                "slug": "contratos-y-convenios",
                "title": "Contratos y convenios con autoridades",
                "tipo": TipoInformacion.ACUERDOS,
                "ejes": ["transparencia", "derechos-laborales"],
                "periodicidad": SEMESTRAL,
                "ley": LGTAIP,
                "articulo": "Artículo 79",
                "fraccion": "Fracción I",
                "resumen": (
                    "Relación de contratos y convenios celebrados entre el Sindicato y las "
                    "autoridades, {periodo}."
                ),
                "cifras": cifras(
                    ("Convenios con autoridades federales", 1, 6, "numero"),
                    ("Convenios con autoridades estatales", 4, 20, "numero"),
                    ("Minutas de seguimiento", 6, 25, "numero"),
                ),
            },
        ],
        "children": [
            {
                "slug": "secretaria-de-organizacion",
                "title": "Secretaría de Organización",
                "tipo": TipoOrgano.SECRETARIA_CEN,
                "siglas": "SO",
                "resumen": (
                    "Mantiene actualizado el padrón de agremiados y coordina la organización "
                    "de las secciones, delegaciones y centros de trabajo."
                ),
                "funciones": [
                    "Integrar y mantener actualizado el padrón de agremiados.",
                    "Coordinar la renovación de las estructuras seccionales y delegacionales.",
                    "Expedir las credenciales sindicales.",
                ],
                "fundamento": f"{ESTATUTO}, artículo 64.",
                "titulares": [
                    ("Profr. Julián Armando Cortés Villalobos", "Secretario de Organización")
                ],
                "email": "organizacion@snte.org.mx",
                "telefono": "55 5140 0720",
                "publicaciones": [
                    {
                        "slug": "padron-de-agremiados",
                        "title": "Padrón de agremiados por entidad federativa",
                        "tipo": TipoInformacion.ESTADISTICA,
                        "ejes": ["transparencia", "vida-democratica"],
                        "periodicidad": TRIMESTRAL,
                        "ley": LGTAIP,
                        "articulo": "Artículo 79",
                        "fraccion": "Fracción III",
                        "resumen": (
                            "Número de agremiados por entidad federativa y por sección, "
                            "agregado y sin datos personales, {periodo}."
                        ),
                        "cifras": cifras(
                            ("Agremiados activos", 1_350_000, 1_420_000, "numero"),
                            ("Altas en el periodo", 4_000, 12_000, "numero"),
                            ("Bajas en el periodo", 2_500, 9_000, "numero"),
                            ("Secciones sindicales", 55, 55, "numero"),
                        ),
                    }
                ],
            },
            {
                "slug": "secretaria-de-finanzas",
                "title": "Secretaría de Finanzas",
                "tipo": TipoOrgano.SECRETARIA_CEN,
                "siglas": "SF",
                "resumen": (
                    "Administra el patrimonio y los recursos del Sindicato y rinde cuentas de "
                    "su ejercicio ante los órganos de gobierno."
                ),
                "funciones": [
                    "Recibir y administrar las cuotas sindicales y demás ingresos.",
                    "Elaborar el proyecto de presupuesto anual y los estados financieros.",
                    "Informar trimestralmente del ejercicio de los recursos.",
                ],
                "fundamento": f"{ESTATUTO}, artículo 65.",
                "titulares": [("C.P. Adriana Lizbeth Mondragón Salas", "Secretaria de Finanzas")],
                "email": "finanzas@snte.org.mx",
                "telefono": "55 5140 0730",
                "publicaciones": [
                    {
                        "slug": "ingresos-y-egresos",
                        "title": "Estado de ingresos y egresos",
                        "tipo": TipoInformacion.FINANZAS,
                        "ejes": ["transparencia", "informacion-financiera"],
                        "periodicidad": TRIMESTRAL,
                        "ley": LGTAIP,
                        "articulo": "Artículo 79",
                        "fraccion": "Fracción IV",
                        "resumen": (
                            "Ingresos por cuotas y otros conceptos, y egresos por capítulo de "
                            "gasto del Comité Ejecutivo Nacional, {periodo}."
                        ),
                        "cifras": cifras(
                            ("Ingresos por cuotas sindicales", 380_000_000, 420_000_000, "pesos"),
                            ("Otros ingresos", 2_000_000, 9_000_000, "pesos"),
                            ("Gasto de operación", 150_000_000, 210_000_000, "pesos"),
                            ("Apoyos a secciones", 90_000_000, 130_000_000, "pesos"),
                        ),
                    },
                    {
                        "slug": "presupuesto-anual",
                        "title": "Presupuesto y ejercicio de recursos",
                        "tipo": TipoInformacion.PRESUPUESTO,
                        "ejes": ["informacion-financiera"],
                        "periodicidad": ANUAL,
                        "ley": LGTAIP,
                        "articulo": "Artículo 79",
                        "fraccion": "Fracción IV",
                        "resumen": (
                            "Presupuesto aprobado por el Consejo Nacional y su ejercicio por "
                            "capítulo de gasto, {periodo}."
                        ),
                        "cifras": cifras(
                            ("Presupuesto aprobado", 1_500_000_000, 1_700_000_000, "pesos"),
                            ("Presupuesto ejercido", 1_400_000_000, 1_650_000_000, "pesos"),
                            ("Avance del ejercicio", 88, 99, "porcentaje"),
                        ),
                    },
                ],
            },
            {
                "slug": "secretaria-de-asuntos-laborales",
                "title": "Secretaría de Asuntos Laborales",
                "tipo": TipoOrgano.SECRETARIA_CEN,
                "siglas": "SAL",
                "resumen": (
                    "Defiende los derechos laborales de los trabajadores de la educación y da "
                    "seguimiento a sus gestiones ante las autoridades educativas."
                ),
                "funciones": [
                    "Asesorar y representar a los agremiados en sus asuntos laborales.",
                    "Dar seguimiento a las gestiones de plazas, promociones y cambios.",
                    "Intervenir en la solución de conflictos laborales.",
                ],
                "fundamento": f"{ESTATUTO}, artículo 66.",
                "titulares": [
                    ("Lic. Octavio Rangel Echeverría", "Secretario de Asuntos Laborales")
                ],
                "email": "asuntos.laborales@snte.org.mx",
                "telefono": "55 5140 0740",
                "publicaciones": [
                    {
                        "slug": "gestiones-laborales",
                        "title": "Gestiones laborales atendidas",
                        "tipo": TipoInformacion.INFORME,
                        "ejes": ["derechos-laborales", "equidad-e-inclusion"],
                        "periodicidad": TRIMESTRAL,
                        "resumen": (
                            "Gestiones laborales recibidas, atendidas y resueltas, por tipo de "
                            "trámite y con desagregación por sexo, {periodo}."
                        ),
                        "cifras": cifras(
                            ("Gestiones recibidas", 1_800, 3_200, "numero"),
                            ("Gestiones resueltas", 1_500, 2_900, "numero"),
                            ("Gestiones de mujeres", 55, 64, "porcentaje"),
                            ("Conflictos laborales atendidos", 40, 120, "numero"),
                        ),
                    }
                ],
            },
            {
                "slug": "secretaria-de-seguridad-social",
                "title": "Secretaría de Seguridad Social",
                "tipo": TipoOrgano.SECRETARIA_CEN,
                "siglas": "SSS",
                "resumen": (
                    "Gestiona ante el ISSSTE, el FOVISSSTE y las aseguradoras las prestaciones "
                    "de salud, pensión, vivienda y seguros de los agremiados."
                ),
                "funciones": [
                    "Gestionar las prestaciones de seguridad social de los agremiados.",
                    "Orientar sobre pensiones, jubilaciones y créditos de vivienda.",
                    "Dar seguimiento a los seguros institucionales.",
                ],
                "fundamento": f"{ESTATUTO}, artículo 67.",
                "titulares": [
                    ("Dra. Claudia Ivonne Treviño Lazcano", "Secretaria de Seguridad Social")
                ],
                "email": "seguridad.social@snte.org.mx",
                "telefono": "55 5140 0750",
                "publicaciones": [
                    {
                        "slug": "gestiones-de-seguridad-social",
                        "title": "Gestiones ante el ISSSTE y el FOVISSSTE",
                        "tipo": TipoInformacion.ESTADISTICA,
                        "ejes": ["seguridad-social"],
                        "periodicidad": TRIMESTRAL,
                        "resumen": (
                            "Trámites de salud, pensión, créditos de vivienda y seguros "
                            "gestionados para los agremiados, {periodo}."
                        ),
                        "cifras": cifras(
                            ("Trámites de pensión", 900, 2_400, "numero"),
                            ("Créditos de vivienda gestionados", 600, 1_800, "numero"),
                            ("Quejas de servicio médico atendidas", 300, 900, "numero"),
                            ("Pagos de seguro institucional", 200, 700, "numero"),
                        ),
                    }
                ],
            },
            {
                "slug": "secretaria-de-comunicacion-social",
                "title": "Secretaría de Comunicación Social",
                "tipo": TipoOrgano.SECRETARIA_CEN,
                "siglas": "SCS",
                "resumen": (
                    "Informa a los agremiados y a la sociedad sobre las actividades del "
                    "Sindicato por medios propios, redes sociales y prensa."
                ),
                "funciones": [
                    "Difundir las actividades y posicionamientos del Sindicato.",
                    "Administrar los medios y redes sociales institucionales.",
                    "Atender a los medios de comunicación.",
                ],
                "fundamento": f"{ESTATUTO}, artículo 68.",
                "titulares": [
                    ("Lic. Fernanda Sofía Alcántara Ruelas", "Secretaria de Comunicación Social")
                ],
                "email": "comunicacion@snte.org.mx",
                "telefono": "55 5140 0760",
                "publicaciones": [
                    {
                        "slug": "informe-de-comunicacion-social",
                        "title": "Informe de comunicación social",
                        "tipo": TipoInformacion.INFORME,
                        "ejes": ["transparencia", "equidad-e-inclusion"],
                        "periodicidad": SEMESTRAL,
                        "resumen": (
                            "Campañas, boletines y alcance de los medios institucionales del "
                            "Sindicato, {periodo}."
                        ),
                        "cifras": cifras(
                            ("Boletines de prensa", 40, 110, "numero"),
                            ("Publicaciones en redes sociales", 600, 1_400, "numero"),
                            ("Crecimiento de seguidores", 8, 24, "porcentaje"),
                        ),
                    }
                ],
            },
        ],
    },
    {
        "slug": "comite-nacional-de-vigilancia-transparencia",
        "title": "Comité Nacional de Vigilancia, Transparencia y Rendición de Resultados",
        "tipo": TipoOrgano.COMITE_COMISION,
        "siglas": "CNVTRR",
        "resumen": (
            "Vigila el cumplimiento del Estatuto y de las obligaciones de transparencia, y "
            "coordina el Observatorio Público de Transparencia e Información (OPTISNTE)."
        ),
        "funciones": [
            "Vigilar que los órganos del Sindicato cumplan el Estatuto y sus acuerdos.",
            "Coordinar la publicación y actualización trimestral de la información en el OPTISNTE.",
            "Atender el Buzón OPTISNTE y turnar los casos a los órganos responsables.",
            "Presentar el informe de rendición de resultados ante el Consejo Nacional.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 95 a 99.",
        "titulares": [
            (
                "Profa. Mirna Isabel Saldívar Paz",
                "Presidenta del Comité Nacional de Vigilancia, Transparencia y Rendición de "
                "Resultados",
            ),
            ("Mtro. Héctor Iván Solís Camarena", "Secretario Técnico del OPTISNTE"),
        ],
        "email": "transparencia@snte.org.mx",
        "telefono": "55 5140 0800",
        "publicaciones": [
            {
                "slug": "informe-de-transparencia",
                "title": "Informe de transparencia y rendición de resultados",
                "tipo": TipoInformacion.INFORME,
                "ejes": ["transparencia", "datos-abiertos"],
                "periodicidad": TRIMESTRAL,
                "ley": LGTAIP,
                "articulo": "Artículo 78",
                "resumen": (
                    "Avance de la actualización de la información de los órganos, atención "
                    "del Buzón OPTISNTE y reuniones de trabajo, {periodo}."
                ),
                "cifras": cifras(
                    ("Órganos que actualizaron en tiempo", 85, 100, "porcentaje"),
                    ("Tickets del Buzón recibidos", 120, 320, "numero"),
                    ("Tickets resueltos", 65, 80, "porcentaje"),
                    ("Reuniones con enlaces acreditados", 6, 14, "numero"),
                ),
            }
        ],
        "proyectos": ["optisnte"],
    },
    {
        "slug": "comite-nacional-electoral",
        "title": "Comité Nacional Electoral",
        "tipo": TipoOrgano.COMITE_COMISION,
        "siglas": "CNE",
        "resumen": (
            "Organiza y califica los procesos de elección de las dirigencias del Sindicato con "
            "voto personal, libre, directo y secreto."
        ),
        "funciones": [
            "Emitir las convocatorias de los procesos electorales sindicales.",
            "Registrar planillas y organizar la jornada electoral.",
            "Calificar las elecciones y expedir las constancias de mayoría.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 100 a 104.",
        "titulares": [
            ("Mtra. Gabriela Anaya Portillo", "Presidenta del Comité Nacional Electoral")
        ],
        "email": "electoral@snte.org.mx",
        "telefono": "55 5140 0820",
        "publicaciones": [
            {
                "slug": "procesos-electorales-seccionales",
                "title": "Convocatorias y resultados de procesos electorales seccionales",
                "tipo": TipoInformacion.CONVOCATORIA,
                "ejes": ["vida-democratica", "equidad-e-inclusion"],
                "periodicidad": TRIMESTRAL,
                "ley": LGTAIP,
                "articulo": "Artículo 78",
                "fraccion": "Fracción III",
                "resumen": (
                    "Convocatorias emitidas, planillas registradas y resultados de las "
                    "elecciones seccionales, {periodo}."
                ),
                "cifras": cifras(
                    ("Procesos electorales realizados", 1, 6, "numero"),
                    ("Planillas registradas", 3, 18, "numero"),
                    ("Participación de la base", 58, 81, "porcentaje"),
                    ("Mujeres en las planillas", 46, 55, "porcentaje"),
                ),
            }
        ],
    },
    {
        "slug": "fundacion-snte",
        "title": "Fundación SNTE para la Cultura del Maestro Mexicano",
        "tipo": TipoOrgano.ORGANISMO_AUXILIAR,
        "siglas": "Fundación SNTE",
        "resumen": (
            "Organismo auxiliar que promueve la cultura, la lectura y el reconocimiento del "
            "magisterio mexicano."
        ),
        "funciones": [
            "Promover actividades culturales y editoriales para los trabajadores de la educación.",
            "Organizar certámenes, ferias del libro y reconocimientos al magisterio.",
        ],
        "fundamento": f"{ESTATUTO}, artículo 131.",
        "titulares": [("Mtra. Irene Zavala Montiel", "Directora General")],
        "email": "fundacion@snte.org.mx",
        "telefono": "55 5140 0900",
        "publicaciones": [
            {
                "slug": "programa-de-actividades-culturales",
                "title": "Programa de actividades culturales",
                "tipo": TipoInformacion.PROGRAMA,
                "ejes": ["seguridad-social", "equidad-e-inclusion"],
                "periodicidad": TRIMESTRAL,
                "resumen": (
                    "Actividades culturales y editoriales realizadas y sus participantes, "
                    "{periodo}."
                ),
                "cifras": cifras(
                    ("Actividades culturales", 20, 70, "numero"),
                    ("Participantes", 3_000, 15_000, "numero"),
                    ("Títulos editados", 2, 9, "numero"),
                ),
            }
        ],
        "proyectos": ["lectura"],
    },
    {
        "slug": "instituto-de-estudios-sindicales",
        "title": "Instituto de Estudios Sindicales de América",
        "tipo": TipoOrgano.ORGANISMO_AUXILIAR,
        "siglas": "IESA",
        "resumen": (
            "Centro de investigación y formación sindical del SNTE: estudios, seminarios y "
            "publicaciones sobre el trabajo docente y el sindicalismo."
        ),
        "funciones": [
            "Realizar investigación sobre el sindicalismo y la profesión docente.",
            "Formar cuadros sindicales mediante seminarios y diplomados.",
        ],
        "fundamento": f"{ESTATUTO}, artículo 132.",
        "titulares": [("Dr. Mauricio Ledesma Arriaga", "Director")],
        "email": "iesa@snte.org.mx",
        "telefono": "55 5140 0910",
        "publicaciones": [
            {
                "slug": "programa-de-investigacion",
                "title": "Programa de investigación y formación sindical",
                "tipo": TipoInformacion.PROGRAMA,
                "ejes": ["formacion-docente", "equidad-e-inclusion"],
                "periodicidad": SEMESTRAL,
                "resumen": (
                    "Investigaciones en curso, seminarios impartidos y publicaciones del "
                    "Instituto, {periodo}."
                ),
                "cifras": cifras(
                    ("Investigaciones en curso", 4, 12, "numero"),
                    ("Seminarios impartidos", 6, 20, "numero"),
                    ("Participantes en seminarios", 300, 1_500, "numero"),
                ),
            }
        ],
    },
    {
        "slug": "sistema-nacional-de-desarrollo-profesional",
        "title": "Sistema Nacional de Desarrollo Profesional",
        "tipo": TipoOrgano.ORGANISMO_AUXILIAR,
        "siglas": "SINADEP",
        "resumen": (
            "Organismo auxiliar que ofrece formación continua, actualización y posgrados a los "
            "trabajadores de la educación."
        ),
        "funciones": [
            "Diseñar y ofrecer cursos, diplomados y posgrados para los agremiados.",
            "Certificar competencias profesionales en coordinación con instituciones educativas.",
        ],
        "fundamento": f"{ESTATUTO}, artículo 133.",
        "titulares": [("Mtra. Verónica Elizondo Pacheco", "Coordinadora Nacional")],
        "email": "sinadep@snte.org.mx",
        "telefono": "55 5140 0920",
        "publicaciones": [
            {
                "slug": "oferta-de-formacion",
                "title": "Oferta de formación y profesionalización docente",
                "tipo": TipoInformacion.PROGRAMA,
                "ejes": ["formacion-docente"],
                "periodicidad": TRIMESTRAL,
                "resumen": (
                    "Cursos, diplomados y posgrados ofrecidos, matrícula y tasa de "
                    "acreditación, {periodo}."
                ),
                "cifras": cifras(
                    ("Cursos y diplomados ofrecidos", 25, 80, "numero"),
                    ("Docentes inscritos", 8_000, 30_000, "numero"),
                    ("Tasa de acreditación", 70, 92, "porcentaje"),
                ),
            }
        ],
        "proyectos": ["formacion-continua"],
    },
    {
        "slug": "seccion-10",
        "title": "Sección 10 · Ciudad de México",
        "tipo": TipoOrgano.SECCION,
        "siglas": "Sección 10",
        "resumen": "Sección sindical de los trabajadores de la educación en la Ciudad de México.",
        "funciones": [
            "Representar a los agremiados de la sección ante la autoridad educativa local.",
            "Ejecutar en su ámbito los acuerdos de los órganos nacionales.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 105 a 120.",
        "titulares": [("Profr. Arturo Nájera Gallegos", "Secretario General de la Sección")],
        "email": "seccion10@snte.org.mx",
        "telefono": "55 5512 1010",
        "domicilio": "Ciudad de México",
        "publicaciones": [
            {
                "slug": "informe-de-la-seccion",
                "title": "Informe de actividades de la Sección 10",
                "tipo": TipoInformacion.INFORME,
                "ejes": ["derechos-laborales"],
                "periodicidad": TRIMESTRAL,
                "resumen": (
                    "Gestiones, asambleas y actividades de la Sección 10 en la Ciudad de México, "
                    "{periodo}."
                ),
                "cifras": cifras(
                    ("Gestiones atendidas", 300, 900, "numero"),
                    ("Asambleas delegacionales", 10, 40, "numero"),
                    ("Agremiados de la sección", 60_000, 64_000, "numero"),
                ),
            }
        ],
    },
    {
        "slug": "seccion-36",
        "title": "Sección 36 · Estado de México",
        "tipo": TipoOrgano.SECCION,
        "siglas": "Sección 36",
        "resumen": (
            "Sección sindical de los trabajadores de la educación del Valle de México, en el "
            "Estado de México."
        ),
        "funciones": [
            "Representar a los agremiados de la sección ante la autoridad educativa local.",
            "Ejecutar en su ámbito los acuerdos de los órganos nacionales.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 105 a 120.",
        "titulares": [("Profa. Beatriz Olvera Santillán", "Secretaria General de la Sección")],
        "email": "seccion36@snte.org.mx",
        "telefono": "55 5365 3636",
        "domicilio": "Estado de México",
        "publicaciones": [
            {
                "slug": "informe-de-la-seccion",
                "title": "Informe de actividades de la Sección 36",
                "tipo": TipoInformacion.INFORME,
                "ejes": ["derechos-laborales", "seguridad-social"],
                "periodicidad": SEMESTRAL,
                "resumen": "Gestiones y actividades de la Sección 36, {periodo}.",
                "cifras": cifras(
                    ("Gestiones atendidas", 800, 2_000, "numero"),
                    ("Asambleas delegacionales", 20, 70, "numero"),
                    ("Agremiados de la sección", 52_000, 56_000, "numero"),
                ),
            }
        ],
    },
    {
        "slug": "seccion-56",
        "title": "Sección 56 · Veracruz",
        "tipo": TipoOrgano.SECCION,
        "siglas": "Sección 56",
        "resumen": "Sección sindical de los trabajadores de la educación del estado de Veracruz.",
        "funciones": [
            "Representar a los agremiados de la sección ante la autoridad educativa local.",
            "Ejecutar en su ámbito los acuerdos de los órganos nacionales.",
        ],
        "fundamento": f"{ESTATUTO}, artículos 105 a 120.",
        "titulares": [("Profr. Ramiro Cházaro Landa", "Secretario General de la Sección")],
        "email": "seccion56@snte.org.mx",
        "telefono": "228 812 5656",
        "domicilio": "Xalapa, Veracruz",
        "publicaciones": [
            {
                "slug": "informe-de-la-seccion",
                "title": "Informe de actividades de la Sección 56",
                "tipo": TipoInformacion.INFORME,
                "ejes": ["derechos-laborales", "equidad-e-inclusion"],
                "periodicidad": SEMESTRAL,
                "resumen": "Gestiones y actividades de la Sección 56 en Veracruz, {periodo}.",
                "cifras": cifras(
                    ("Gestiones atendidas", 700, 1_800, "numero"),
                    ("Asambleas delegacionales", 15, 60, "numero"),
                    ("Agremiados de la sección", 38_000, 41_000, "numero"),
                ),
            }
        ],
    },
]

# Project sheets, keyed by the name an órgano uses in its "proyectos" list.
PROYECTOS = {
    "optisnte": {
        "slug": "transparencia-proactiva-optisnte",
        "title": "Transparencia Proactiva OPTISNTE",
        "resumen": (
            "Operación permanente del Observatorio Público de Transparencia e Información del "
            "SNTE y puesta en marcha de su versión 2.0."
        ),
        "responsables": [
            (
                "Profa. Mirna Isabel Saldívar Paz",
                "Presidenta del Comité Nacional de Vigilancia, Transparencia y Rendición de "
                "Resultados",
            ),
            ("Mtro. Héctor Iván Solís Camarena", "Secretario Técnico del OPTISNTE"),
        ],
        "estrategia": EJE_OPTI,
        "ejes": ["transparencia", "datos-abiertos", "vida-democratica"],
        "contacto": (
            "Comité Nacional de Vigilancia, Transparencia y Rendición de Resultados\n"
            "transparencia@snte.org.mx · 55 5140 0800\n"
            f"{SEDE}"
        ),
        "descripcion": (
            "<p>El OPTISNTE es el espacio en el que los Órganos Nacionales de Gobierno y los "
            "Organismos Auxiliares del Sindicato publican lo que hacen y cómo usan sus recursos, "
            "para que los agremiados y cualquier ciudadano puedan darles seguimiento.</p>"
            "<p>El proyecto mantiene la información actualizada cada trimestre, atiende el Buzón "
            "OPTISNTE y acompaña a los enlaces acreditados de cada órgano.</p>"
        ),
        "indicadores": [
            # The third item binds the indicator to a figure counted by the results hub.
            ("42", "reuniones de trabajo con enlaces acreditados", "reuniones_enlaces"),
            ("72 %", "de tickets resueltos del Buzón OPTISNTE", "porcentaje_tickets_resueltos"),
            ("426,000", "visitas al portal", "visitas_portal"),
            ("20 %", "de crecimiento en redes sociales"),
        ],
        "logros": (
            "<ul><li>Información de todos los Órganos Nacionales de Gobierno actualizada en cada "
            "ventana trimestral.</li>"
            "<li>Red de enlaces acreditados en los órganos nacionales y los Organismos "
            "Auxiliares.</li>"
            "<li>Atención del Buzón OPTISNTE con folio y seguimiento público.</li></ul>"
        ),
        "antecedentes": (
            "<p>En octubre de 2012 el VI Congreso Nacional Extraordinario del SNTE reformó el "
            "Estatuto para incorporar las obligaciones de transparencia y rendición de cuentas "
            "del Sindicato y creó el Comité Nacional de Vigilancia, Transparencia y Rendición de "
            "Resultados.</p>"
            "<p>El Observatorio Público de Transparencia e Información (OPTI) opera desde agosto "
            "de 2014; su versión 2.0 reúne en un solo sistema la información, el Buzón y la "
            "rendición de resultados.</p>"
        ),
        "objetivo_especifico": (
            "<p>Garantizar que la información pública de los órganos del Sindicato esté "
            "disponible, completa y actualizada cada trimestre, y que las solicitudes del Buzón "
            "OPTISNTE reciban respuesta en tiempo.</p>"
        ),
        "acciones": [
            "Operar permanentemente el OPTISNTE",
            "Diseñar y poner en marcha la versión 2.0 del OPTISNTE",
            "Capacitar a los enlaces acreditados de los órganos nacionales",
            "Dar seguimiento a la actualización trimestral de la información",
        ],
        # Counted from the records for the year (issue 13: nothing the system counts is typed);
        # (concepto, nota, figure key).
        "periodo_resultados": "anio",
        "resultados": [
            ("Tickets recibidos en el Buzón OPTISNTE", "", "tickets_recibidos"),
            ("Tickets resueltos", "", "tickets_resueltos"),
            ("% de tickets resueltos", "", "porcentaje_tickets_resueltos"),
            ("Tickets pendientes", "En atención por los órganos", "tickets_pendientes"),
            (
                "Actualizaciones a la Plataforma Nacional de Transparencia",
                "Formatos cargados",
                "actualizaciones_plataforma",
            ),
            ("Actualizaciones OPTI", "Publicaciones y proyectos", "actualizaciones_opti"),
            ("Reuniones con Órganos Nacionales de Gobierno", "", "reuniones_organos_gobierno"),
            ("Reuniones con enlaces acreditados", "", "reuniones_enlaces"),
        ],
        # What the system cannot count is typed, and says where it comes from.
        "fuente_capturados": "Coordinación de Comunicación Social, métricas de las redes",
    },
    "lectura": {
        "slug": "programa-nacional-de-fomento-a-la-lectura",
        "title": "Programa Nacional de Fomento a la Lectura",
        "resumen": (
            "Ferias del libro, círculos de lectura y ediciones de autores docentes en las "
            "secciones del país."
        ),
        "responsables": [("Mtra. Irene Zavala Montiel", "Directora General de la Fundación SNTE")],
        "estrategia": "seguridad-social",
        "ejes": ["seguridad-social", "formacion-docente"],
        "contacto": "fundacion@snte.org.mx · 55 5140 0900",
        "descripcion": (
            "<p>Promueve la lectura entre los trabajadores de la educación y sus familias con "
            "ferias del libro, círculos de lectura y la edición de obras de autores docentes.</p>"
        ),
        "indicadores": [
            ("18", "ferias del libro"),
            ("240", "círculos de lectura activos"),
            ("12", "títulos de autores docentes"),
        ],
        "logros": "<p>Presencia del programa en las 32 entidades federativas.</p>",
        "antecedentes": (
            "<p>La Fundación SNTE para la Cultura del Maestro Mexicano edita y difunde obras "
            "del magisterio desde su creación.</p>"
        ),
        "objetivo_especifico": (
            "<p>Ampliar el acceso a la lectura y a la obra de autores docentes en todas las "
            "secciones.</p>"
        ),
        "acciones": [
            "Organizar ferias del libro seccionales",
            "Formar y acompañar círculos de lectura",
            "Editar obras de autores docentes",
        ],
        "fuente_capturados": "Informe anual de la Fundación SNTE",
        "resultados": [
            ("Ferias del libro realizadas", "18", ""),
            ("Círculos de lectura activos", "240", ""),
            ("Ejemplares distribuidos", "36,500", ""),
        ],
    },
    "formacion-continua": {
        "slug": "programa-de-formacion-continua",
        "title": "Programa de Formación Continua y Certificación Docente",
        "resumen": (
            "Cursos, diplomados y certificaciones en línea y presenciales para los trabajadores "
            "de la educación."
        ),
        "responsables": [("Mtra. Verónica Elizondo Pacheco", "Coordinadora Nacional del SINADEP")],
        "estrategia": "formacion-docente",
        "ejes": ["formacion-docente", "derechos-laborales"],
        "contacto": "sinadep@snte.org.mx · 55 5140 0920",
        "descripcion": (
            "<p>Oferta de formación continua alineada con las necesidades de los docentes y con "
            "los procesos de promoción y reconocimiento.</p>"
        ),
        "indicadores": [
            ("64", "cursos y diplomados"),
            ("21,300", "docentes inscritos"),
            ("84 %", "de acreditación"),
        ],
        "logros": "<p>Plataforma en línea con cobertura en todas las secciones.</p>",
        "antecedentes": (
            "<p>El Sistema Nacional de Desarrollo Profesional coordina la oferta formativa del "
            "Sindicato.</p>"
        ),
        "objetivo_especifico": (
            "<p>Acercar a cada docente una oferta de formación gratuita y con valor para su "
            "desarrollo profesional.</p>"
        ),
        "acciones": [
            "Diseñar la oferta anual de cursos y diplomados",
            "Operar la plataforma de formación en línea",
            "Certificar competencias con instituciones de educación superior",
        ],
        "fuente_capturados": "Registro de inscripciones del Sistema Nacional de Desarrollo Profesional",
        "resultados": [
            ("Cursos y diplomados ofrecidos", "64", ""),
            ("Docentes inscritos", "21,300", ""),
            ("Docentes acreditados", "17,900", "84 % de los inscritos"),
        ],
    },
}

# Publications caught at each step of the publication workflow, so the admin shows the whole
# cycle at once: the órgano's enlace drafts each one for the latest quarter and `estado` says how
# far it went. Their slugs are fixed (no period), so a rerun finds them wherever they have got to.
BORRADOR = "borrador"
EN_REVISION = "en revisión"
CAMBIOS_SOLICITADOS = "cambios solicitados"
APROBADA = "aprobada"

FLUJO_DE_PUBLICACION = [
    {
        "organo": "comite-nacional-de-vigilancia-transparencia",
        "estado": BORRADOR,
        "slug": "solicitudes-de-informacion-atendidas",
        "title": "Solicitudes de información atendidas",
        "tipo": TipoInformacion.ESTADISTICA,
        "ejes": ["transparencia"],
        "ley": LGTAIP,
        "articulo": "Artículo 78",
        "resumen": (
            "Solicitudes de información recibidas por el Comité, su tema y el tiempo en que "
            "se respondieron, {periodo}."
        ),
        "cifras": cifras(
            ("Solicitudes recibidas", 40, 120, "numero"),
            ("Respondidas en plazo", 80, 98, "porcentaje"),
            ("Días promedio de respuesta", 4, 12, "numero"),
        ),
    },
    {
        "organo": "comite-nacional-de-vigilancia-transparencia",
        "estado": EN_REVISION,
        "slug": "verificacion-de-obligaciones-de-transparencia",
        "title": "Verificación de obligaciones de transparencia",
        "tipo": TipoInformacion.INFORME,
        "ejes": ["transparencia", "datos-abiertos"],
        "ley": LGTAIP,
        "articulo": "Artículo 78",
        "resumen": (
            "Resultado de la revisión de la información que cada órgano publicó en el "
            "OPTISNTE, {periodo}."
        ),
        "cifras": cifras(
            ("Órganos verificados", 12, 20, "numero"),
            ("Obligaciones cumplidas", 82, 97, "porcentaje"),
            ("Observaciones emitidas", 5, 30, "numero"),
        ),
    },
    {
        "organo": "comite-nacional-de-vigilancia-transparencia",
        "estado": CAMBIOS_SOLICITADOS,
        "slug": "atencion-del-buzon-optisnte",
        "title": "Atención del Buzón OPTISNTE",
        "tipo": TipoInformacion.ESTADISTICA,
        "ejes": ["transparencia"],
        "resumen": (
            "Tickets del Buzón OPTISNTE recibidos, turnados y resueltos por tipo de solicitud, "
            "{periodo}."
        ),
        "cifras": cifras(
            ("Tickets recibidos", 120, 320, "numero"),
            ("Tickets turnados a los órganos", 60, 200, "numero"),
            ("Tickets resueltos", 65, 80, "porcentaje"),
        ),
        # The enlace sent it without its PDF; the supervisor's comment says so.
        "documento": False,
        "comentario": "Falta el documento del {periodo}: adjúntalo y vuelve a enviarla.",
    },
    {
        "organo": "comite-nacional-electoral",
        "estado": EN_REVISION,
        "slug": "calendario-de-elecciones-seccionales",
        "title": "Calendario de elecciones seccionales",
        "tipo": TipoInformacion.CONVOCATORIA,
        "ejes": ["vida-democratica"],
        "ley": LGTAIP,
        "articulo": "Artículo 78",
        "fraccion": "Fracción III",
        "resumen": (
            "Secciones que renuevan su dirigencia, fechas de sus congresos y estado de sus "
            "convocatorias, {periodo}."
        ),
        "cifras": cifras(
            ("Congresos seccionales programados", 2, 9, "numero"),
            ("Convocatorias emitidas", 1, 6, "numero"),
        ),
    },
    {
        "organo": "fundacion-snte",
        "estado": APROBADA,
        "slug": "donativos-y-apoyos-otorgados",
        "title": "Donativos y apoyos otorgados",
        "tipo": TipoInformacion.FINANZAS,
        "ejes": ["informacion-financiera"],
        "ley": LGTAIP,
        "articulo": "Artículo 79",
        "resumen": (
            "Donativos recibidos y apoyos entregados por la Fundación, con su monto y "
            "destino, {periodo}."
        ),
        "cifras": cifras(
            ("Donativos recibidos", 150_000, 900_000, "pesos"),
            ("Apoyos entregados", 40, 160, "numero"),
            ("Monto de los apoyos", 100_000, 800_000, "pesos"),
        ),
        "comentario": "Aprobada. Gracias por incluir el destino de cada apoyo.",
    },
]

PORTAL = {
    "nombre_contacto": "Comité Nacional de Vigilancia, Transparencia y Rendición de Resultados",
    "email": "transparencia@snte.org.mx",
    "telefono": "55 5140 0800",
    "domicilio": SEDE,
    "horario": HORARIO,
    "facebook": "https://www.facebook.com/SNTEnacional",
    "x_twitter": "https://x.com/SNTEnacional",
    "youtube": "https://www.youtube.com/@SNTEnacional",
    "instagram": "https://www.instagram.com/snte_nacional",
}

ADMIN_USERNAME = "admin"
ACCOUNT_EMAIL_DOMAIN = "optisnte.example"  # reserved: demo mail can never reach a real inbox
# A member of the national OPTI team (estructura.roles.ADMIN_GROUP_NAME).
OPTI_NACIONAL_USERNAME = "opti-nacional"

# Given names and surnames of the demo enlaces and supervisores, picked in turn.
NOMBRES = [
    "Alejandra",
    "Bernardo",
    "Carmen",
    "Daniel",
    "Elena",
    "Francisco",
    "Guadalupe",
    "Hugo",
    "Isabel",
    "Jorge",
    "Karina",
    "Luis",
    "Martha",
    "Norberto",
    "Olga",
    "Pablo",
    "Queta",
    "Raúl",
    "Silvia",
    "Tomás",
    "Úrsula",
    "Víctor",
    "Ximena",
    "Yolanda",
]
APELLIDOS = [
    "Aguilar",
    "Beltrán",
    "Cervantes",
    "Domínguez",
    "Escobar",
    "Fuentes",
    "Galván",
    "Herrera",
    "Ibarra",
    "Juárez",
    "Lara",
    "Medina",
    "Navarro",
    "Ochoa",
    "Palacios",
    "Quintero",
    "Rosales",
    "Sandoval",
    "Tapia",
    "Urbina",
    "Valdez",
    "Zamora",
]


# --- Obligations (estructura.Obligacion, seeded by migration 0008) ----------------------------

# The obligation each demo series fills, by the series' slug.
OBLIGACION_DE_SERIE = {
    "estatuto-vigente": "estatuto-normatividad",
    "acuerdos-del-consejo-nacional": "estatuto-acuerdos",
    "informe-de-actividades-del-cen": "estatuto-informe",
    "directorio-del-cen": "lgtaip-79-ii",
    "contratos-y-convenios": "lgtaip-79-i",
    "padron-de-agremiados": "lgtaip-79-iii",
    "ingresos-y-egresos": "lgtaip-79-iv",
    "presupuesto-anual": "estatuto-presupuesto",
    "gestiones-laborales": "estatuto-gestiones",
    "gestiones-de-seguridad-social": "estatuto-gestiones",
    "informe-de-comunicacion-social": "estatuto-informe",
    "informe-de-transparencia": "estatuto-informe",
    "procesos-electorales-seccionales": "estatuto-electoral",
    "programa-de-actividades-culturales": "estatuto-programa",
    "programa-de-investigacion": "estatuto-programa",
    "oferta-de-formacion": "estatuto-programa",
    "informe-de-la-seccion": "estatuto-informe",
}

# The union's fracciones are the Comité Ejecutivo Nacional's: every other national órgano says
# so in its tabla de aplicabilidad, with the reason.
FRACCIONES_DEL_CEN = ("lgtaip-79-i", "lgtaip-79-ii", "lgtaip-79-iii", "lgtaip-79-iv")
MOTIVO_FRACCIONES_DEL_CEN = (
    "No aplica: conforme al {estatuto}, el Comité Ejecutivo Nacional representa al Sindicato y "
    "es quien celebra los contratos y convenios, integra el directorio, lleva el padrón y recibe "
    "y ejerce los recursos; esta información la publican el Comité Ejecutivo Nacional y sus "
    "secretarías."
)

# Obligations that apply but whose órgano has not published yet: the demo's honest "vencida".
PENDIENTES = [
    ("comite-nacional-electoral", "estatuto-informe"),
    ("fundacion-snte", "estatuto-informe"),
]

# Rows of the formats whose information is a table (estructura.PublicacionFila), by series.
# The directory is the same every period; the resources received fall inside each period
# (days after its first day), so the demo's dates are always the period's own.
DIRECTORIO_DEL_CEN = [
    ("Guadalupe Ortiz Zamora", "Presidenta del Comité Ejecutivo Nacional", "2024-02-16"),
    ("María de Lourdes Vargas Ruiz", "Secretaria General", "2024-02-16"),
    ("José Luis Medina Ortega", "Secretario de Organización", "2024-02-16"),
    ("Ana Karen Salinas Prieto", "Secretaria de Finanzas", "2024-02-16"),
    ("Roberto Iván Galindo Pech", "Secretario de Transparencia", "2024-02-16"),
]
RECURSOS_RECIBIDOS = [
    (3, "Cuotas sindicales", "132450000.00", "Gasto de operación del Comité Ejecutivo Nacional"),
    (18, "Aportaciones por convenio", "8250000.50", "Programas de formación sindical"),
    (41, "Donativo en especie (mobiliario)", "315000.00", "Equipamiento de la Sección 36"),
]
INFORME_DE_EJERCICIO = "https://snte.org.mx/transparencia/informes/{clave}"
