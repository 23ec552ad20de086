"""Idempotent get-or-create of the demo portal: pages, documents, site settings and accounts.

Everything is looked up by its natural key (a page by its slug under its parent, a document by
title in its órgano's collection, a user by username, a membership by user and group) and created
only when missing; nothing that exists is modified, so a second run changes nothing. The roles
set-up (groups, permissions, collections, workflows) is `estructura`'s own idempotent code.
"""

import calendar
import datetime
import random
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageLogEntry, Revision, Site, WorkflowState
from wagtail.utils.file import hash_filelike

from cms.choices import Periodicidad
from cms.formats import cifra
from cms.models import PortalSettings, UpdateCalendar
from ejes.models import EjePage, EjesIndexPage
from estructura.choices import Periodo, TipoOrgano
from estructura.models import (
    Aplicabilidad,
    EstructuraIndexPage,
    Obligacion,
    OrganoPage,
    OrganoRoles,
    OrganoTitular,
    ProyectoAccion,
    ProyectoIndicador,
    ProyectoPage,
    ProyectoResponsable,
    ProyectoResultado,
    PublicacionDocumento,
    PublicacionFila,
    PublicacionPage,
)
from estructura.roles import ADMIN_GROUP_NAME, ensure_roles, setup_all
from estructura.sipot.values import clean_row
from estructura.workflows import ensure_workflows
from home.models import HomePage
from resultados.figures import FIGURES_BY_KEY

from . import data
from .pdf import publicacion_pdf
from .resultados import ensure_resultados
from .tickets import ensure_buzon

PERIODOS_POR_PERIODICIDAD = {
    Periodicidad.TRIMESTRAL: ([Periodo.T1, Periodo.T2, Periodo.T3, Periodo.T4], 4),
    Periodicidad.SEMESTRAL: ([Periodo.S1, Periodo.S2], 2),
    Periodicidad.ANUAL: ([Periodo.ANUAL], 1),
}

NOMBRE_PERIODO = {
    Periodo.T1: "primer trimestre",
    Periodo.T2: "segundo trimestre",
    Periodo.T3: "tercer trimestre",
    Periodo.T4: "cuarto trimestre",
    Periodo.S1: "primer semestre",
    Periodo.S2: "segundo semestre",
}


class DemoConflict(Exception):
    """Something with a demo natural key exists but is not what the demo expects."""


@dataclass(frozen=True)
class PeriodoInformado:
    """A period a publication reports on, and the update window in which it is published."""

    ejercicio: int
    clave: str
    ventana: datetime.date
    limite: datetime.date

    @property
    def nombre(self):
        if self.clave == Periodo.ANUAL:
            return f"ejercicio {self.ejercicio}"
        return f"{NOMBRE_PERIODO[self.clave]} de {self.ejercicio}"

    @property
    def slug(self):
        if self.clave == Periodo.ANUAL:
            return str(self.ejercicio)
        return f"{self.ejercicio}-{self.clave.lower()}"


def recent_periods(update_calendar, periodicidad, today):
    """The latest periods whose update window has opened by `today`, oldest first.

    A period is reported in the first update window after it ends (the quarter July–September
    in the December window, with the default calendar), so no demo date lies in the future.
    """
    claves, count = PERIODOS_POR_PERIODICIDAD[periodicidad]
    found = []
    year = today.year
    while len(found) < count:
        for clave in reversed(claves):
            last_month = Periodo.months(clave)[1]
            end = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
            start, deadline = update_calendar.reporting_window(end)
            if start <= today:
                found.append(PeriodoInformado(year, clave, start, deadline))
                if len(found) == count:
                    break
        year -= 1
    return list(reversed(found))


def stable_seed(*parts):
    """A number that depends only on `parts`, so reruns and other machines agree."""
    return zlib.crc32("/".join(str(part) for part in parts).encode())


def illustrative_figures(rows, seed):
    generator = random.Random(seed)  # noqa: S311 - demo figures, not security
    return [
        (concepto, cifra(generator.randint(low, high), formato))
        for concepto, low, high, formato in rows
    ]


def at_office_hours(day, hour=10):
    """`day` at `hour` in the project time zone, never later than now."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(moment, timezone.now())


@contextmanager
def notifications_muted():
    """Wagtail emails reviewers and authors at each workflow step; the demo's history is
    staged, not news, so its steps tell nobody (and print no emails on `make run`)."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield


WORKFLOW_STATUS = {
    WorkflowState.STATUS_IN_PROGRESS: data.EN_REVISION,
    WorkflowState.STATUS_NEEDS_CHANGES: data.CAMBIOS_SOLICITADOS,
}


def workflow_status(page):
    """Where `page` stands in the publication cycle, in the words of `data.FLUJO_DE_PUBLICACION`."""
    state = page.current_workflow_state
    if state is not None:
        return WORKFLOW_STATUS[state.status]
    return data.APROBADA if page.live else data.BORRADOR


@dataclass
class Tally:
    created: int = 0
    found: int = 0


class DemoBuilder:
    """Builds the demo portal under the existing HomePage; see the module docstring."""

    TALLIES = [
        "Páginas",
        "Documentos",
        "Colecciones",
        "Usuarios",
        "Membresías en grupos",
        "Ajustes del sitio",
        "Tickets del Buzón",
        "Aplicabilidad de obligaciones",
    ]

    def __init__(self, *, password, today=None, report=None):
        self.password = password
        self.today = today or datetime.date.today()
        self.report = report or (lambda message, level: None)
        self.tallies = {name: Tally() for name in self.TALLIES}
        self.pages_by_type = Counter()
        self.pages_created_by_type = Counter()
        self.home_updated = False
        self.ejes = {}
        self.organos = []
        self.roles = {}
        self.accounts = {}
        self.flujo = []
        self._password_hash = None

    # Entry point

    def build(self):
        home = HomePage.objects.first()
        if home is None:
            raise DemoConflict("no hay portada (HomePage): corre primero `manage.py migrate`.")
        site = Site.objects.filter(root_page=home).first() or Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) == ("localhost", 80):
            # The migration's placeholder: point it at `make run`'s server, so absolute URLs
            # (API html_url, sitemap, Open Graph) work locally. A site someone set is kept.
            site.hostname, site.port = "127.0.0.1", 8000
            site.save(update_fields=["hostname", "port"])
        self.calendar = self.ensure_settings(site)
        self.launch = min(
            periodo.ventana
            for periodicidad in PERIODOS_POR_PERIODICIDAD
            for periodo in recent_periods(self.calendar, periodicidad, self.today)
        )
        self.admin = self.ensure_user(
            data.ADMIN_USERNAME,
            first_name="Administración",
            last_name="OPTISNTE",
            is_staff=True,
            is_superuser=True,
        )
        # Collections that exist already: an órgano's roles collection not among them is new.
        self.known_collections = set(Collection.objects.values_list("pk", flat=True))

        self.ensure_home(home)
        ejes_index = self.ensure_page(
            home,
            EjesIndexPage,
            slug=data.EJES_INDEX["slug"],
            title=data.EJES_INDEX["title"],
            intro=data.EJES_INDEX["intro"],
            show_in_menus=True,
        )
        for eje in data.EJES:
            self.ensure_eje(ejes_index, eje)

        estructura = self.ensure_page(
            home,
            EstructuraIndexPage,
            slug=data.ESTRUCTURA_INDEX["slug"],
            title=data.ESTRUCTURA_INDEX["title"],
            intro=data.ESTRUCTURA_INDEX["intro"],
            show_in_menus=True,
        )
        self.obligaciones = {
            obligacion.clave: obligacion for obligacion in Obligacion.objects.all()
        }
        self.aplica = {}
        for organo in data.ORGANOS:
            self.ensure_organo(estructura, organo)
        self.ensure_aplicabilidad()

        # Every group, permission and workflow, for the demo's órganos and any other.
        setup_all()
        ensure_workflows()
        self.ensure_accounts()
        for ejemplo in data.FLUJO_DE_PUBLICACION:
            self.ensure_en_flujo(ejemplo)
        # Last: the tickets are routed to the órganos and answered by their enlaces.
        ensure_buzon(self, home)
        # After every page exists: the results count their visits.
        ensure_resultados(self, home)
        return self

    def ensure_aplicabilidad(self):
        """Each órgano's tabla de aplicabilidad: what its series fill applies (at the series'
        periodicity), the union's fracciones say why they do not apply outside the CEN, and two
        obligations apply to órganos that have not published them yet (the demo's vencidas)."""
        by_slug = {organo.slug: organo for organo in self.organos}
        rows = {key: {"aplica": True, "periodicidad": value} for key, value in self.aplica.items()}
        for slug, clave in data.PENDIENTES:
            rows.setdefault((by_slug[slug], clave), {"aplica": True, "periodicidad": ""})
        motivo = data.MOTIVO_FRACCIONES_DEL_CEN.format(estatuto=data.ESTATUTO)
        for organo in self.organos:
            if organo.tipo != TipoOrgano.ORGANO_GOBIERNO:
                continue
            for clave in data.FRACCIONES_DEL_CEN:
                rows.setdefault((organo, clave), {"aplica": False, "fundamento_motivacion": motivo})
        tally = self.tallies["Aplicabilidad de obligaciones"]
        for (organo, clave), fields in rows.items():
            obligacion = self.obligaciones[clave]
            if fields.get("periodicidad") == obligacion.periodicidad:
                fields["periodicidad"] = ""
            _row, created = Aplicabilidad.objects.get_or_create(
                organo=organo, obligacion=obligacion, defaults=fields
            )
            tally.created += created
            tally.found += not created

    # Pages

    def ensure_page(self, parent, model, *, slug, published_at=None, **fields):
        """The child of `parent` with `slug`; created with `fields` and published if missing."""
        label = model._meta.verbose_name_plural
        self.pages_by_type[label] += 1
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            page = existing.specific
            if not isinstance(page, model):
                raise DemoConflict(
                    f"{page.url_path} es un {type(page).__name__}, no un {model.__name__}."
                )
            self.tallies["Páginas"].found += 1
            self.report(f"  = {page.url_path}", 3)
            return page

        when = at_office_hours(published_at or self.launch, hour=9 if published_at is None else 10)
        # Wagtail logs the creation itself ("wagtail.create", by the owner).
        page = model(slug=slug, live=False, owner=self.admin, **fields)
        parent.add_child(instance=page)
        # save_revision validates the page (full_clean) before anything goes live.
        revision = page.save_revision(user=self.admin)
        revision.publish(user=self.admin)
        # Demo history: the page was published on its update date, not on the day of the seed,
        # so the audit log counts it in the right quarter.
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        Revision.objects.filter(pk=revision.pk).update(created_at=when)
        PageLogEntry.objects.filter(page_id=page.pk).update(timestamp=when)

        self.tallies["Páginas"].created += 1
        self.pages_created_by_type[label] += 1
        self.report(f"  + {page.url_path}", 2)
        return model.objects.get(pk=page.pk)

    def ensure_home(self, home):
        """Fill the home page's blank texts; text someone wrote is left alone."""
        self.tallies["Páginas"].found += 1
        self.pages_by_type[HomePage._meta.verbose_name_plural] += 1
        changed = False
        for field, value in [
            ("lema", HomePage._meta.get_field("lema").default),
            ("intro", data.HOME["intro"]),
            ("buzon_texto", data.HOME["buzon_texto"]),
        ]:
            if not getattr(home, field):
                setattr(home, field, value)
                changed = True
        if changed:
            home.save_revision(user=self.admin).publish(user=self.admin)
            self.home_updated = True
            self.report("  ~ portada: textos completados", 2)

    def ensure_eje(self, parent, eje):
        page = self.ensure_page(
            parent,
            EjePage,
            slug=eje["slug"],
            title=eje["title"],
            resumen=eje["resumen"],
            descripcion=eje.get("descripcion", ""),
            show_in_menus=isinstance(parent, EjesIndexPage),
        )
        if eje["slug"] in self.ejes:
            raise DemoConflict(f"El slug de eje «{eje['slug']}» se repite en los datos.")
        self.ejes[eje["slug"]] = page
        for tema in eje.get("temas", []):
            self.ensure_eje(page, tema)
        return page

    def ensure_organo(self, parent, organo):
        page = self.ensure_page(
            parent,
            OrganoPage,
            slug=organo["slug"],
            title=organo["title"],
            tipo=organo["tipo"],
            siglas=organo.get("siglas", ""),
            resumen=organo["resumen"],
            funciones="".join(f"<p>{escape(item)}</p>" for item in organo["funciones"]),
            fundamento=organo.get("fundamento", ""),
            email=organo.get("email", ""),
            telefono=organo.get("telefono", ""),
            domicilio=organo.get("domicilio", data.SEDE),
            horario=data.HORARIO,
            titulares=[
                OrganoTitular(nombre=nombre, cargo=cargo) for nombre, cargo in organo["titulares"]
            ],
        )
        self.organos.append(page)
        self.report(f"{page.title}", 2)
        collection = self.organo_collection(page)

        # Sub-órganos first, so the admin's explorer lists them before the publications.
        for child in organo.get("children", []):
            self.ensure_organo(page, child)
        for serie in organo.get("publicaciones", []):
            self.aplica[(page, data.OBLIGACION_DE_SERIE[serie["slug"]])] = serie["periodicidad"]
            for periodo in recent_periods(self.calendar, serie["periodicidad"], self.today):
                self.ensure_publicacion(page, serie, periodo, collection)
        for key in organo.get("proyectos", []):
            self.ensure_proyecto(page, data.PROYECTOS[key])
        return page

    def update_dates(self, key, periodo):
        """Publication and validation dates inside the period's update window, never future."""
        seed = stable_seed(key, periodo.slug)
        actualizacion = min(
            periodo.ventana + datetime.timedelta(days=seed % 5), periodo.limite, self.today
        )
        validacion = min(actualizacion + datetime.timedelta(days=2 + seed % 3), self.today)
        return actualizacion, validacion

    def ensure_publicacion(self, organo, serie, periodo, collection):
        slug = f"{serie['slug']}-{periodo.slug}"
        existing = self.existing_publicacion(organo, slug)
        if existing is not None:
            return existing
        actualizacion, validacion = self.update_dates(organo.slug + serie["slug"], periodo)
        fields, render = self.publicacion_content(
            organo, serie, periodo, slug, actualizacion, validacion
        )
        document = self.ensure_document(
            collection, title=fields["title"], filename=f"{organo.slug}-{slug}.pdf", render=render
        )
        return self.ensure_page(
            organo,
            PublicacionPage,
            slug=slug,
            published_at=actualizacion,
            documentos=[PublicacionDocumento(document=document, titulo=f"{serie['title']} (PDF)")],
            **fields,
        )

    def existing_publicacion(self, organo, slug):
        """The publication `slug` under `organo` if it exists, its documents counted as found."""
        existing = Page.objects.child_of(organo).filter(slug=slug).first()
        if existing is None:
            return None
        # Its documents are already attached: never make new ones for an existing page.
        self.tallies["Documentos"].found += PublicacionDocumento.objects.filter(
            page_id=existing.pk
        ).count()
        return self.ensure_page(organo, PublicacionPage, slug=slug)

    def publicacion_content(self, organo, serie, periodo, slug, actualizacion, validacion):
        """The fields of a publication of `serie` for `periodo`, and how to render its PDF."""
        title = f"{serie['title']}, {periodo.nombre}"
        resumen = serie["resumen"].format(periodo=periodo.nombre)
        figures = illustrative_figures(serie["cifras"], stable_seed(organo.slug, slug))
        fundamento = ", ".join(
            part
            for part in (serie.get("ley"), serie.get("articulo"), serie.get("fraccion"))
            if part
        )
        fields = {
            "title": title,
            "resumen": resumen,
            "body": publicacion_body(resumen, figures, periodo),
            "ejes": [self.ejes[eje] for eje in serie["ejes"]],
            "tipo_informacion": serie["tipo"],
            # The workflow's example drafts fill no obligation of the catalogue.
            "obligacion": self.obligaciones.get(data.OBLIGACION_DE_SERIE.get(serie["slug"])),
            "ejercicio": periodo.ejercicio,
            "periodo": periodo.clave,
            "fecha_actualizacion": actualizacion,
            "fecha_validacion": validacion,
            "filas": demo_filas(serie["slug"], periodo, self.obligaciones),
            "periodicidad": serie["periodicidad"],
            "ley": serie.get("ley", ""),
            "articulo": serie.get("articulo", ""),
            "fraccion": serie.get("fraccion", ""),
        }

        def render():
            return publicacion_pdf(
                title=title,
                organo=organo.title,
                periodo=periodo.nombre.capitalize(),
                fecha_actualizacion=actualizacion,
                cifras=figures,
                fundamento=fundamento,
            )

        return fields, render

    @staticmethod
    def resultado(row, fuente, actualizacion):
        """A row of the sheet's "Rendición de resultados": (concepto, nota, figure key) is
        counted from the records; (concepto, valor, nota) is a dato capturado with its source."""
        concepto, second, third = row
        if third in FIGURES_BY_KEY:
            return ProyectoResultado(concepto=concepto, nota=second, figura=third)
        return ProyectoResultado(
            concepto=concepto, valor=second, nota=third, fuente=fuente, fecha_dato=actualizacion
        )

    def ensure_proyecto(self, organo, proyecto):
        latest = recent_periods(self.calendar, Periodicidad.TRIMESTRAL, self.today)[-1]
        actualizacion, _ = self.update_dates(proyecto["slug"], latest)
        fuente = proyecto.get("fuente_capturados", "")
        return self.ensure_page(
            organo,
            ProyectoPage,
            slug=proyecto["slug"],
            published_at=actualizacion,
            title=proyecto["title"],
            resumen=proyecto["resumen"],
            responsables=[
                ProyectoResponsable(nombre=nombre, cargo=cargo)
                for nombre, cargo in proyecto["responsables"]
            ],
            estrategia=self.ejes[proyecto["estrategia"]],
            ejes=[self.ejes[eje] for eje in proyecto["ejes"]],
            contacto=proyecto["contacto"],
            descripcion=proyecto["descripcion"],
            indicadores=[
                ProyectoIndicador(
                    cifra=cifra,
                    etiqueta=etiqueta,
                    periodo=f"Ejercicio {latest.ejercicio}",
                    figura=figura[0] if figura else "",
                    fuente="" if figura else fuente,
                    fecha_dato=None if figura else actualizacion,
                )
                for cifra, etiqueta, *figura in proyecto["indicadores"]
            ],
            logros=proyecto["logros"],
            antecedentes=proyecto["antecedentes"],
            objetivo_especifico=proyecto["objetivo_especifico"],
            acciones=[ProyectoAccion(descripcion=accion) for accion in proyecto["acciones"]],
            periodo_resultados=proyecto.get("periodo_resultados", "anio"),
            resultados=[
                self.resultado(row, fuente, actualizacion) for row in proyecto["resultados"]
            ],
            fecha_actualizacion=actualizacion,
            periodicidad=Periodicidad.TRIMESTRAL,
        )

    # Documents and collections

    def organo_collection(self, organo):
        """The órgano's own collection (its roles', under "Órganos"): its enlaces upload there.

        A new OrganoPage gets its roles from estructura's post_save handler; an older one that
        has none yet gets them here.
        """
        roles = OrganoRoles.objects.select_related("coleccion").filter(organo=organo).first()
        if roles is None:
            roles = ensure_roles(organo)
        self.roles[organo.pk] = roles
        tally = self.tallies["Colecciones"]
        if roles.coleccion_id in self.known_collections:
            tally.found += 1
        else:
            tally.created += 1
        return roles.coleccion

    def ensure_document(self, collection, *, title, filename, render, uploaded_by=None):
        """The document titled `title` in `collection`; its PDF is rendered only if missing."""
        tally = self.tallies["Documentos"]
        Document = get_document_model()
        document = Document.objects.filter(title=title, collection=collection).first()
        if document is not None:
            tally.found += 1
            return document
        content = render()
        document = Document(
            title=title, collection=collection, uploaded_by_user=uploaded_by or self.admin
        )
        document.file.save(filename, ContentFile(content), save=False)
        document.file_size = len(content)
        document.file_hash = hash_filelike(ContentFile(content))
        document.save()
        tally.created += 1
        return document

    # Site settings

    def ensure_settings(self, site):
        tally = self.tallies["Ajustes del sitio"]
        update_calendar = UpdateCalendar.objects.filter(site=site).first()
        if update_calendar is None:
            # Left at the model's defaults (March, June, September, December; days 1 to 7).
            update_calendar = UpdateCalendar(site=site)
            update_calendar.full_clean()
            update_calendar.save()
            tally.created += 1
        else:
            tally.found += 1

        portal = PortalSettings.objects.filter(site=site).first()
        if portal is None:
            portal = PortalSettings(site=site, **data.PORTAL)
            portal.full_clean()
            portal.save()
            tally.created += 1
        else:
            tally.found += 1
        return update_calendar

    # Accounts

    def ensure_user(self, username, **fields):
        tally = self.tallies["Usuarios"]
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            tally.found += 1
            return user
        if self._password_hash is None:
            # One hash for every demo account: hashing is deliberately slow, and these
            # accounts share one known password anyway.
            self._password_hash = make_password(self.password)
        user = User(
            username=username,
            email=f"{username}@{data.ACCOUNT_EMAIL_DOMAIN}",
            password=self._password_hash,
            **fields,
        )
        user.full_clean()
        user.save()
        tally.created += 1
        self.report(f"  + usuario {username}", 2)
        return user

    def ensure_membership(self, user, group):
        """`user` in `group`: added if missing, never twice."""
        tally = self.tallies["Membresías en grupos"]
        if user.groups.filter(pk=group.pk).exists():
            tally.found += 1
            return
        user.groups.add(group)
        tally.created += 1
        self.report(f"  + {user.username} en «{group.name}»", 2)

    def account_organos(self):
        """The órganos that get an enlace and a supervisor: every one except the secciones."""
        return [organo for organo in self.organos if organo.tipo != TipoOrgano.SECCION]

    def ensure_accounts(self):
        count = len(data.NOMBRES)
        for index, organo in enumerate(self.account_organos()):
            roles = OrganoRoles.objects.select_related("enlaces", "supervisores").get(organo=organo)
            groups = {"enlace": roles.enlaces, "supervisor": roles.supervisores}
            for offset, role in enumerate(["enlace", "supervisor"]):
                person = 2 * index + offset
                user = self.ensure_user(
                    f"{role}-{organo.slug}",
                    first_name=data.NOMBRES[person % count],
                    last_name=" ".join(
                        data.APELLIDOS[(person * 3 + shift) % len(data.APELLIDOS)]
                        for shift in (0, 1)
                    ),
                    # Not staff: their groups give them the Wagtail admin (access_admin),
                    # limited to their órgano's pages and collection.
                    is_staff=False,
                )
                self.accounts[role, organo.slug] = user
                self.ensure_membership(user, groups[role])

        self.opti_nacional = self.ensure_user(
            data.OPTI_NACIONAL_USERNAME,
            first_name="Coordinación",
            last_name="Nacional OPTI",
            is_staff=False,
        )
        self.ensure_membership(self.opti_nacional, Group.objects.get(name=ADMIN_GROUP_NAME))

    # The publication workflow

    def ensure_en_flujo(self, ejemplo):
        """A publication drafted by the órgano's enlace and taken to `ejemplo["estado"]`.

        Done as the admin does it: a draft revision by the enlace, then the workflow started by
        the enlace and the supervisor's decision on its task. A page that exists is left where
        it is, whatever state it reached since.
        """
        organo = next((o for o in self.organos if o.slug == ejemplo["organo"]), None)
        if organo is None or ("enlace", organo.slug) not in self.accounts:
            raise DemoConflict(f"El ejemplo «{ejemplo['slug']}» no tiene un órgano con cuentas.")
        slug = ejemplo["slug"]
        existing = self.existing_publicacion(organo, slug)
        if existing is not None:
            self.flujo.append(existing)
            return existing

        enlace = self.accounts["enlace", organo.slug]
        supervisor = self.accounts["supervisor", organo.slug]
        estado = ejemplo["estado"]
        periodo = recent_periods(self.calendar, Periodicidad.TRIMESTRAL, self.today)[-1]
        # Written today: these pages are the work in progress, not backdated history.
        fields, render = self.publicacion_content(
            organo,
            {**ejemplo, "periodicidad": Periodicidad.TRIMESTRAL},
            periodo,
            slug,
            actualizacion=self.today,
            validacion=self.today if estado == data.APROBADA else None,
        )
        documentos = []
        if ejemplo.get("documento", True):
            document = self.ensure_document(
                self.roles[organo.pk].coleccion,
                title=fields["title"],
                filename=f"{organo.slug}-{slug}.pdf",
                render=render,
                uploaded_by=enlace,
            )
            documentos.append(
                PublicacionDocumento(document=document, titulo=f"{ejemplo['title']} (PDF)")
            )

        # Wagtail logs the creation itself ("wagtail.create", by the owner: the enlace).
        page = PublicacionPage(slug=slug, live=False, owner=enlace, documentos=documentos, **fields)
        organo.add_child(instance=page)
        page.save_revision(user=enlace)
        if estado != data.BORRADOR:
            with notifications_muted():
                self.take_through_workflow(page, ejemplo, periodo, enlace, supervisor)

        label = PublicacionPage._meta.verbose_name_plural
        self.pages_by_type[label] += 1
        self.pages_created_by_type[label] += 1
        self.tallies["Páginas"].created += 1
        page = PublicacionPage.objects.get(pk=page.pk)
        self.report(f"  + {page.url_path} ({workflow_status(page)})", 2)
        self.flujo.append(page)
        return page

    def take_through_workflow(self, page, ejemplo, periodo, enlace, supervisor):
        workflow = page.get_workflow()
        if workflow is None:
            raise DemoConflict(f"{page.url_path} no tiene un flujo de publicación asignado.")
        workflow.start(page, enlace)
        comment = ejemplo.get("comentario", "").format(periodo=periodo.nombre)
        estado = ejemplo["estado"]
        if estado == data.CAMBIOS_SOLICITADOS:
            page.current_workflow_task_state.reject(user=supervisor, comment=comment)
        elif estado == data.APROBADA:
            # The órgano's supervisor approves; an órgano that asks for Validación OPTI adds the
            # national team's step. The last approval publishes the page.
            for reviewer, note in ((supervisor, comment), (self.opti_nacional, "")):
                task_state = page.current_workflow_task_state
                if task_state is None:
                    break
                task_state.approve(user=reviewer, comment=note)

    def flujo_summary(self):
        """(estado, title, admin edit URL) of each workflow example, as it stands now."""
        return [
            (workflow_status(page), page.title, reverse("wagtailadmin_pages:edit", args=[page.pk]))
            for page in self.flujo
        ]


def demo_filas(slug, periodo, obligaciones):
    """The demo rows of a series whose format is a table, cleaned as any row is."""
    if slug == "directorio-del-cen":
        valores = [
            {
                "Nombre": nombre,
                "Cargo": cargo,
                "Fecha de inicio del cargo": inicio,
                "Correo institucional": f"cargo{n}@snte.org.mx",
                "Teléfono institucional": f"55 5140 0700 ext. {101 + n}",
            }
            for n, (nombre, cargo, inicio) in enumerate(data.DIRECTORIO_DEL_CEN)
        ]
    elif slug == "ingresos-y-egresos":
        first = datetime.date(periodo.ejercicio, Periodo.months(periodo.clave)[0], 1)
        valores = [
            {
                "Fecha de recepción": (first + datetime.timedelta(days=day)).isoformat(),
                "Tipo de recurso": tipo,
                "Monto": monto,
                "Destino": destino,
                "Hipervínculo al informe de ejercicio": data.INFORME_DE_EJERCICIO.format(
                    clave=f"{periodo.slug}-{n + 1}"
                ),
            }
            for n, (day, tipo, monto, destino) in enumerate(data.RECURSOS_RECIBIDOS)
        ]
    else:
        return []
    columnas = list(obligaciones[data.OBLIGACION_DE_SERIE[slug]].columnas.all())
    return [PublicacionFila(valores=clean_row(columnas, each)) for each in valores]


def publicacion_body(resumen, figures, periodo):
    """The StreamField body of a publication, in Wagtail's JSON form (type/value)."""
    return [
        {"type": "heading", "value": {"text": "Resumen", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>{escape(resumen)}</p>"},
        {"type": "heading", "value": {"text": "Cifras del periodo", "level": "h2"}},
        {
            "type": "table",
            "value": {
                "data": [["Concepto", "Valor"], *[list(row) for row in figures]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": f"Cifras ilustrativas, {periodo.nombre}",
            },
        },
        {
            "type": "paragraph",
            "value": (
                "<p>El documento adjunto contiene el detalle de la información. Las cifras de "
                "esta publicación son ilustrativas: forman parte del contenido de "
                "demostración del portal.</p>"
            ),
        },
    ]
