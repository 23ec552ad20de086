"""The Buzón of the demo: its page and about a hundred tickets over the last four quarters.

Each ticket lives its life through the services the public page and the inbox call (filing,
routing by the national OPTI team, the enlace taking it, notes, the answer, the citizen's
thanks, the closing), each step run at its moment of the demo year (``services.at``), so the
folios, due dates, states, thread and emails are the real ones and the figures and the inbox
look like a year of real use: about four in five resolved, a median of four to eight days to
answer, some overdue, some not yet routed. The emails are built by the real tasks and kept
(locmem), never mailed to the invented addresses.

Each demo ticket has a fixed follow-up key (``demo_key(n)``), so a second run finds them all by
their key hash and adds none, whatever the day, and anyone can try the follow-up page with the
folio and key the seed prints. Names and emails are invented, at example.org.
"""

import datetime
import random
import unicodedata
from contextlib import contextmanager

from django.core import mail
from django.test.utils import override_settings
from django.utils import timezone

from buzon import services
from buzon.choices import RESOLVED_STATES, EstadoTicket, TipoTicket
from buzon.models import BuzonPage, BuzonSettings, Ticket, hash_key
from buzon.services import KEY_ALPHABET, KEY_GROUP_LENGTH, KEY_GROUPS
from cms.query import memo_scope

TICKET_COUNT = 100
SEED = "optisnte-demo-buzon"

BUZON_PAGE = {
    "slug": "buzon",
    "show_in_menus": True,
    "title": "Buzón OPTISNTE",
    "intro": (
        "<p>Escríbenos para hacer una <b>pregunta</b>, una <b>solicitud de información</b>, una "
        "<b>queja</b>, una <b>sugerencia</b> o un <b>reconocimiento</b> sobre el trabajo de los "
        "órganos del SNTE. Al enviar tu mensaje recibirás un <b>folio</b> y una <b>clave de "
        "seguimiento</b>: con ellos consultas el estado de tu caso y lees la respuesta.</p>"
        "<p>Tu nombre y tu correo son opcionales.</p>"
    ),
    "aviso_privacidad": (
        "<p>El SNTE usa tu nombre, tu correo y la dirección desde la que escribes solo para "
        "atender tu ticket y avisarte de su respuesta. No se publican ni se comparten; se "
        "borran doce meses después de concluido el caso. Las cifras del Buzón se publican sin "
        "datos personales.</p>"
    ),
    "texto_confirmacion": (
        "<p>Guarda tu folio y tu clave: nadie del SNTE te los pedirá, y sin ellos no podrás "
        "consultar tu caso si no dejaste un correo.</p>"
    ),
}

# (kind, órgano slug, eje slug, subject, message, answer, internal note)
ESCENARIOS = [
    (
        TipoTicket.SOLICITUD,
        "secretaria-de-finanzas",
        "informacion-financiera",
        "Monto de las cuotas sindicales recaudadas",
        "Solicito conocer el monto total de las cuotas sindicales recaudadas en el último "
        "trimestre y en qué rubros se ejercieron.",
        "Buen día. El informe de ingresos y egresos del trimestre, con las cuotas recaudadas y "
        "su aplicación por rubro, está publicado en la página de la Secretaría de Finanzas, en "
        "la sección de publicaciones. Si necesita un desglose adicional, con gusto lo atendemos.",
        "Confirmé con contabilidad que las cifras del informe publicado son las definitivas.",
    ),
    (
        TipoTicket.PREGUNTA,
        "secretaria-de-asuntos-laborales",
        "derechos-laborales",
        "Trámite de licencia con goce de sueldo",
        "¿Qué requisitos necesito para solicitar una licencia con goce de sueldo por estudios "
        "de posgrado y ante quién la presento?",
        "Hola. La licencia por estudios se solicita ante la autoridad educativa de su entidad "
        "con el acompañamiento de su sección sindical. Necesita la constancia de inscripción al "
        "programa, el plan de estudios y su último talón de pago. La sección le orienta sobre "
        "los plazos de su entidad.",
        "Es la tercera consulta del mes sobre licencias; conviene publicar una guía breve.",
    ),
    (
        TipoTicket.QUEJA,
        "secretaria-de-seguridad-social",
        "seguridad-social",
        "Retraso en la respuesta de una gestión ante el ISSSTE",
        "Desde hace dos meses presenté mi solicitud de préstamo personal con apoyo de la "
        "Secretaría y no he recibido respuesta ni número de seguimiento.",
        "Lamentamos la demora. Localizamos su gestión: el ISSSTE la tenía detenida por un dato "
        "de su expediente que ya se corrigió. Su préstamo quedó autorizado y el depósito se "
        "refleja en la próxima quincena.",
        "Se habló con el enlace del ISSSTE; la gestión estaba detenida por la CURP mal capturada.",
    ),
    (
        TipoTicket.SUGERENCIA,
        "secretaria-de-comunicacion-social",
        "transparencia",
        "Publicar los acuerdos en formato de datos abiertos",
        "Sugiero que los acuerdos y las cifras que se publican en PDF también se ofrezcan en "
        "CSV o Excel, para poder analizarlos.",
        "Gracias por su sugerencia. El Observatorio ya ofrece las publicaciones en formatos "
        "abiertos y seguiremos sumando tablas descargables en cada actualización trimestral.",
        "",
    ),
    (
        TipoTicket.RECONOCIMIENTO,
        "fundacion-snte",
        "",
        "Agradecimiento por el programa de actividades culturales",
        "Quiero reconocer al equipo de la Fundación por el taller de lectura que llevaron a mi "
        "escuela; los alumnos quedaron muy motivados.",
        "¡Muchas gracias por escribirnos! Compartimos su mensaje con el equipo del taller. Le "
        "invitamos a consultar el programa del siguiente trimestre.",
        "",
    ),
    (
        TipoTicket.SOLICITUD,
        "comite-nacional-de-vigilancia-transparencia",
        "transparencia",
        "Versión pública del informe de transparencia",
        "Solicito la versión pública del informe anual del Comité Nacional de Vigilancia, "
        "Transparencia y Rendición de Cuentas.",
        "Buen día. La versión pública del informe está disponible en la página del Comité, en "
        "la sección de publicaciones, con su documento en PDF. Las cifras se actualizan cada "
        "trimestre.",
        "Se verificó que el PDF publicado no contenga datos personales.",
    ),
    (
        TipoTicket.PREGUNTA,
        "sistema-nacional-de-desarrollo-profesional",
        "formacion-docente",
        "Fechas de inscripción a los cursos de actualización",
        "¿Cuándo abren las inscripciones a los cursos de actualización docente del siguiente "
        "periodo y si tienen costo?",
        "Hola. Las inscripciones abren la primera semana de cada trimestre y los cursos son "
        "gratuitos para los agremiados. La oferta vigente se publica en la página del Sistema "
        "Nacional de Desarrollo Profesional.",
        "",
    ),
    (
        TipoTicket.QUEJA,
        "secretaria-de-organizacion",
        "vida-democratica",
        "No aparezco en el padrón de mi sección",
        "Soy trabajador de la educación con plaza definitiva desde hace tres años y no aparezco "
        "en el padrón de agremiados de mi sección.",
        "Revisamos el padrón con su sección: su alta estaba registrada con un número de plaza "
        "anterior. Ya se actualizó y aparecerá en la próxima publicación del padrón.",
        "Se pidió a la sección revisar otras altas de ese mismo periodo.",
    ),
    (
        TipoTicket.PREGUNTA,
        "comite-nacional-electoral",
        "vida-democratica",
        "Calendario de elecciones seccionales",
        "¿Dónde puedo consultar el calendario de los procesos electorales seccionales de este año?",
        "Hola. El calendario de los procesos electorales seccionales está en la página del "
        "Comité Nacional Electoral, dentro de sus publicaciones, y se actualiza cada trimestre.",
        "",
    ),
    (
        TipoTicket.SOLICITUD,
        "comite-ejecutivo-nacional",
        "transparencia",
        "Contratos celebrados por el Comité Ejecutivo Nacional",
        "Solicito la relación de contratos y convenios firmados por el CEN en el último "
        "semestre, con su monto y vigencia.",
        "Buen día. La relación de contratos y convenios del semestre, con proveedor, objeto, "
        "monto y vigencia, está publicada en la página del Comité Ejecutivo Nacional.",
        "La relación se cotejó con la Secretaría de Finanzas antes de responder.",
    ),
    (
        TipoTicket.SUGERENCIA,
        "instituto-de-estudios-sindicales",
        "formacion-docente",
        "Investigaciones sobre la carga administrativa docente",
        "Propongo que el Instituto realice un estudio sobre la carga administrativa que tienen "
        "los docentes de educación básica.",
        "Agradecemos su propuesta. La turnamos al comité académico del Instituto, que la "
        "considerará en el programa de investigación del próximo año.",
        "Propuesta registrada para la sesión del comité académico.",
    ),
    (
        TipoTicket.QUEJA,
        "secretaria-de-finanzas",
        "informacion-financiera",
        "Descuento de cuota duplicado en mi talón de pago",
        "En mi último talón de pago aparece dos veces el descuento de la cuota sindical.",
        "Revisamos su caso con la autoridad educativa: fue un error en la nómina de la "
        "quincena. El reembolso del descuento duplicado se aplicará en la siguiente quincena.",
        "Caso reportado también por otras dos personas de la misma entidad.",
    ),
    (
        TipoTicket.PREGUNTA,
        "consejo-nacional",
        "vida-democratica",
        "Acuerdos de la última sesión del Consejo Nacional",
        "¿Se publicaron ya los acuerdos de la última sesión del Consejo Nacional?",
        "Hola. Sí: los acuerdos de la sesión están publicados en la página del Consejo "
        "Nacional, en la sección de acuerdos, con su documento descargable.",
        "",
    ),
    (
        TipoTicket.SOLICITUD,
        "secretaria-de-seguridad-social",
        "seguridad-social",
        "Estadística de gestiones de seguridad social",
        "Solicito el número de gestiones de seguridad social atendidas por la Secretaría en el "
        "último año, por tipo de trámite.",
        "Buen día. El informe de gestiones de seguridad social, con el número de trámites por "
        "tipo, se publica cada trimestre en la página de la Secretaría.",
        "",
    ),
    (
        TipoTicket.RECONOCIMIENTO,
        "secretaria-de-asuntos-laborales",
        "derechos-laborales",
        "Gracias por el acompañamiento en mi trámite de basificación",
        "Agradezco a la Secretaría el acompañamiento en mi trámite; después de años por fin "
        "obtuve mi plaza de base.",
        "¡Nos da mucho gusto! Gracias por compartirlo; seguimos a sus órdenes.",
        "",
    ),
    (
        TipoTicket.QUEJA,
        "comite-nacional-de-vigilancia-transparencia",
        "transparencia",
        "Información desactualizada en el portal",
        "La información de algunas secciones del portal tiene más de seis meses sin actualizarse.",
        "Gracias por avisarnos. Revisamos las secciones señaladas con los órganos responsables; "
        "la información se actualizó y cada publicación indica ahora su próxima fecha de "
        "actualización.",
        "Se envió recordatorio a los enlaces con publicaciones vencidas.",
    ),
]

IMPROCEDENTE_TEXTO = (
    "El asunto no es competencia del Sindicato: corresponde a la autoridad educativa de su "
    "entidad, a la que le sugerimos dirigirse."
)
CIERRE_TEXTO = "Se cierra el ticket tras la respuesta; si lo necesita, puede abrir uno nuevo."
REPLICA = "Muchas gracias por la respuesta, quedó resuelta mi duda."
ACUSE_REPLICA = "Gracias a usted por escribirnos; quedamos a sus órdenes para lo que necesite."
KEPT_EMAIL = "django.core.mail.backends.locmem.EmailBackend"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

NOMBRES_CIUDADANOS = [
    "María Fernanda López",
    "José Antonio Ramírez",
    "Verónica Cruz",
    "Juan Carlos Morales",
    "Lucía Hernández",
    "Ricardo Gómez",
    "Patricia Díaz",
    "Arturo Mendoza",
    "Sofía Reyes",
    "Miguel Ángel Torres",
]


def demo_key(number: int) -> str:
    """The fixed follow-up key of demo ticket `number` (same alphabet and shape as real ones)."""
    generator = random.Random(f"{SEED}:clave:{number}")  # noqa: S311 - public demo keys
    return "-".join(
        "".join(generator.choice(KEY_ALPHABET) for _ in range(KEY_GROUP_LENGTH))
        for _ in range(KEY_GROUPS)
    )


def example_email(nombre: str) -> str:
    plain = unicodedata.normalize("NFKD", nombre).encode("ascii", "ignore").decode().lower()
    return ".".join(plain.split()[:2]) + "@example.org"


def quarter_start(day: datetime.date, quarters_back: int) -> datetime.date:
    index = day.year * 4 + (day.month - 1) // 3 - quarters_back
    return datetime.date(index // 4, (index % 4) * 3 + 1, 1)


def ensure_buzon_page(builder, home):
    """The Buzón page under the home page (an existing one, whatever its slug, is kept)."""
    existing = BuzonPage.objects.first()
    if existing is not None:
        builder.tallies["Páginas"].found += 1
        builder.pages_by_type[BuzonPage._meta.verbose_name_plural] += 1
        return existing
    fields = dict(BUZON_PAGE)
    return builder.ensure_page(home, BuzonPage, **fields)


class DemoTickets:
    """Plans the demo tickets (deterministic for a given day) and writes the missing ones."""

    def __init__(self, builder):
        self.builder = builder
        self.today = builder.today
        self.now = timezone.now()
        self.random = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.buzon = BuzonSettings.load()
        self.organos = {organo.slug: organo for organo in builder.organos}
        self.admin = getattr(builder, "opti_nacional", None) or builder.admin

    def enlace(self, organo):
        return self.builder.accounts.get(("enlace", organo.slug)) if organo else None

    def moment(self, day, hour, minute=0):
        aware = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(aware, self.now)

    def build(self):
        hashes = {n: hash_key(demo_key(n)) for n in range(TICKET_COUNT)}
        existing = dict(
            Ticket.objects.filter(clave_hash__in=hashes.values()).values_list("clave_hash", "pk")
        )
        plans = [self.plan(n) for n in range(TICKET_COUNT)]  # always all: same random draws
        tally = self.builder.tallies["Tickets del Buzón"]
        tally.found += len(existing)
        created = []
        # Who reaches what is asked at every step; the roles do not change while seeding.
        with memo_scope():
            for plan in plans:  # in filing order, so the folios are too
                pk = existing.get(hashes[plan["n"]])
                if pk is not None:
                    plan["ticket"] = Ticket.objects.get(pk=pk)
                    continue
                plan["ticket"] = self.file(plan, plans)
                created.append(plan["ticket"])
        tally.created += len(created)
        return created

    def file(self, plan, plans):
        """The ticket's life, through the services the public page and the inbox call, each
        step at its moment of the demo year."""
        taken, answered, resolved, closed = self.timeline(plan)
        organo, estado = plan["organo"], plan["estado"]
        enlace = self.enlace(organo)
        data = {key: plan[key] for key in ("tipo", "asunto", "mensaje", "nombre", "correo", "eje")}
        with services.at(plan["creado"]):
            ticket, _clave = services.create_ticket(
                {**data, "organo": None},
                ip=f"203.0.113.{plan['n'] % 250 + 1}",
                clave=demo_key(plan["n"]),
            )
        if organo is None:
            return ticket
        with services.at(min(plan["creado"] + datetime.timedelta(hours=1), self.now)):
            ticket = services.route(ticket, organo, self.admin)
        if estado == EstadoTicket.RECIBIDO:
            return ticket
        with services.at(min(taken, self.now)):
            ticket = services.assign(ticket, enlace, enlace)
        if plan["nota"]:
            with services.at(taken + (resolved - taken) / 2 if resolved else taken):
                services.add_note(ticket, plan["nota"], enlace)
        if estado in {EstadoTicket.IMPROCEDENTE, EstadoTicket.DUPLICADO}:
            # A duplicado is never the first of its scenario (plan()), so an original exists.
            original = self.original(plan, plans) if estado == EstadoTicket.DUPLICADO else None
            texto = IMPROCEDENTE_TEXTO
            if original is not None:
                texto = (
                    f"Este asunto ya se atiende en el ticket {original.folio}; "
                    "le daremos respuesta por ese folio."
                )
            with services.at(resolved):
                ticket = services.change_state(ticket, estado, enlace, texto, duplicado_de=original)
        if answered:
            with services.at(answered):
                ticket = services.answer(ticket, plan["respuesta"], enlace)
        if closed:
            if plan["replica"]:
                # The citizen thanks them: back in the inbox, acknowledged, then closed.
                replied = answered + (closed - answered) / 3
                with services.at(replied):
                    services.citizen_reply(ticket, REPLICA)
                with services.at(answered + (closed - answered) * 2 / 3):
                    ticket = services.answer(ticket, ACUSE_REPLICA, enlace)
            with services.at(closed):
                ticket = services.change_state(ticket, EstadoTicket.CERRADO, enlace, CIERRE_TEXTO)
        return ticket

    def original(self, plan, plans):
        """An earlier ticket of the same scenario that is not a duplicado itself, or None."""
        scenario = plan["n"] % len(ESCENARIOS)
        for earlier in plans[: plan["n"]]:
            if (
                earlier["n"] % len(ESCENARIOS) == scenario
                and earlier["estado"] != EstadoTicket.DUPLICADO
            ):
                return earlier["ticket"]
        return None

    # Planning: where, when and how far each ticket got

    def plan(self, n):
        generator = self.random
        tipo, organo_slug, eje_slug, asunto, mensaje, respuesta, nota = ESCENARIOS[
            n % len(ESCENARIOS)
        ]
        start = quarter_start(self.today, 3)
        span = (self.today - start).days
        # The first on the first day of the four quarters, the last today.
        day = start + datetime.timedelta(days=n * span // (TICKET_COUNT - 1))
        creado = self.moment(day, generator.randint(7, 21), generator.randint(0, 59))
        age = (self.now - creado).total_seconds() / 86400
        # Days to the first answer: mostly within the week, a few slow ones.
        delay = generator.choice([0.3, 1.2, 2.5, 3.4, 4.1, 4.6, 5.2, 6.3, 7.5, 9.1, 12.4, 16.8])
        roll = generator.random()
        organo = self.organos.get(organo_slug)
        if self.enlace(organo) is None or (age < 3 and n % 2 == 0) or n % 29 == 0:
            organo = None  # waiting for the OPTI to route it
        if organo is None:
            estado = EstadoTicket.RECIBIDO
        elif age < delay or roll < 0.12:
            # Not answered yet; the slow ones (roll) are overdue by now.
            estado = EstadoTicket.EN_ATENCION if age > 0.5 else EstadoTicket.RECIBIDO
        elif roll < 0.16:
            estado = EstadoTicket.IMPROCEDENTE
        elif roll < 0.2 and n >= len(ESCENARIOS):
            estado = EstadoTicket.DUPLICADO
        elif age > delay + 5 and roll < 0.75:
            estado = EstadoTicket.CERRADO
        else:
            estado = EstadoTicket.RESPONDIDO
        nombre = NOMBRES_CIUDADANOS[n % len(NOMBRES_CIUDADANOS)] if n % 3 else ""
        return {
            "n": n,
            "tipo": tipo,
            "organo": organo,
            "eje": self.builder.ejes.get(eje_slug),
            "asunto": asunto,
            "mensaje": mensaje,
            "respuesta": respuesta,
            "nota": nota if n % 2 else "",
            "creado": creado,
            "delay": delay,
            "estado": estado,
            "nombre": nombre,
            "correo": example_email(nombre) if nombre and n % 4 else "",
            "cierre_dias": generator.uniform(2, 6),
            "replica": n % 5 == 0,
        }

    def timeline(self, plan):
        """(taken, answered, resolved, closed) moments of a plan, as the services set them."""
        creado, estado = plan["creado"], plan["estado"]
        taken = creado + datetime.timedelta(hours=3)
        answered = resolved = closed = None
        if estado in {EstadoTicket.RESPONDIDO, EstadoTicket.CERRADO}:
            answered = resolved = creado + datetime.timedelta(days=plan["delay"])
        elif estado in {EstadoTicket.IMPROCEDENTE, EstadoTicket.DUPLICADO}:
            resolved = creado + datetime.timedelta(days=min(plan["delay"], 2))
        if estado == EstadoTicket.CERRADO:
            closed = answered + datetime.timedelta(days=plan["cierre_dias"])
        clip = [min(moment, self.now) if moment else None for moment in (answered, resolved)]
        return taken, *clip, min(closed, self.now) if closed else None


@contextmanager
def emails_kept():
    """While the demo is seeded, and while its transaction commits (when the services' emails
    leave), email goes to a local outbox and tasks run at once, whatever queue and mail server
    the site uses: the emails are built by the real tasks, and the invented addresses of the
    demo get nothing. Yields the outbox."""
    outbox = getattr(mail, "outbox", None)  # a test's, given back as it was
    with override_settings(EMAIL_BACKEND=KEPT_EMAIL, TASKS=IMMEDIATE_TASKS):
        mail.outbox = kept = []
        try:
            yield kept
        finally:
            if outbox is None:
                del mail.outbox
            else:
                mail.outbox = outbox


def ensure_buzon(builder, home):
    """The Buzón page and the demo tickets; returns the tickets created now."""
    ensure_buzon_page(builder, home)
    return DemoTickets(builder).build()


def demo_sample():
    """(folio, key) of a demo ticket with an answer, to try the follow-up page; or None."""
    for n in range(TICKET_COUNT):
        ticket = (
            Ticket.objects.filter(clave_hash=hash_key(demo_key(n)), estado__in=RESOLVED_STATES)
            .exclude(respondido_en=None)
            .first()
        )
        if ticket is not None:
            return ticket.folio, demo_key(n)
    return None
