"""Idempotent get-or-create of the demo portal: pages, documents, site settings and accounts.

Everything is looked up by its natural key (a page by its slug under its parent, a document by
title and collection, a collection by name, a user by username) and created only when missing;
nothing that exists is modified, so a second run changes nothing.
"""

import calendar
import datetime
import random
import zlib
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageLogEntry, Revision, Site
from wagtail.utils.file import hash_filelike

from cms.choices import Periodicidad
from cms.models import PortalSettings, UpdateCalendar
from ejes.models import EjePage, EjesIndexPage
from estructura.choices import Periodo, TipoOrgano
from estructura.models import (
    EstructuraIndexPage,
    OrganoPage,
    OrganoTitular,
    ProyectoAccion,
    ProyectoIndicador,
    ProyectoPage,
    ProyectoResponsable,
    ProyectoResultado,
    PublicacionDocumento,
    PublicacionPage,
)
from home.models import HomePage

from . import data
from .pdf import publicacion_pdf

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


def first_window_after(update_calendar, day):
    """The (start, deadline) of the first update window that opens after `day`."""
    for start, deadline in update_calendar.windows_from(day.year):
        if start > day:
            return start, deadline
    raise AssertionError("windows_from never ends")  # pragma: no cover


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
            start, deadline = first_window_after(update_calendar, end)
            if start <= today:
                found.append(PeriodoInformado(year, clave, start, deadline))
                if len(found) == count:
                    break
        year -= 1
    return list(reversed(found))


def stable_seed(*parts):
    """A number that depends only on `parts`, so reruns and other machines agree."""
    return zlib.crc32("/".join(str(part) for part in parts).encode())


def format_cifra(value, formato):
    if formato == "moneda":
        return f"${value:,.2f}"
    if formato == "porcentaje":
        return f"{value} %"
    return f"{value:,}"


def illustrative_figures(rows, seed):
    generator = random.Random(seed)  # noqa: S311 - demo figures, not security
    return [
        (concepto, format_cifra(generator.randint(low, high), formato))
        for concepto, low, high, formato in rows
    ]


def at_office_hours(day, hour=10):
    """`day` at `hour` in the project time zone, never later than now."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(moment, timezone.now())


@dataclass
class Tally:
    created: int = 0
    found: int = 0


class DemoBuilder:
    """Builds the demo portal under the existing HomePage; see the module docstring."""

    TALLIES = ["Páginas", "Documentos", "Colecciones", "Usuarios", "Ajustes del sitio"]

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
        self.root_collection = Collection.get_first_root_node()

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
        for organo in data.ORGANOS:
            self.ensure_organo(estructura, organo)

        self.ensure_accounts()
        return self

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
        # Named from the data, not the page: an órgano renamed in the admin keeps its collection.
        collection = self.ensure_collection(organo["title"])

        # Sub-órganos first, so the admin's explorer lists them before the publications.
        for child in organo.get("children", []):
            self.ensure_organo(page, child)
        for serie in organo.get("publicaciones", []):
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
        title = f"{serie['title']}, {periodo.nombre}"
        resumen = serie["resumen"].format(periodo=periodo.nombre)
        actualizacion, validacion = self.update_dates(organo.slug + serie["slug"], periodo)
        figures = illustrative_figures(serie["cifras"], stable_seed(organo.slug, slug))
        fundamento = ", ".join(
            part
            for part in (serie.get("ley"), serie.get("articulo"), serie.get("fraccion"))
            if part
        )

        existing = Page.objects.child_of(organo).filter(slug=slug).first()
        if existing is not None:
            # Its documents are already attached: never make new ones for an existing page.
            self.tallies["Documentos"].found += PublicacionDocumento.objects.filter(
                page_id=existing.pk
            ).count()
            return self.ensure_page(organo, PublicacionPage, slug=slug)

        document = self.ensure_document(
            collection,
            title=title,
            filename=f"{organo.slug}-{slug}.pdf",
            render=lambda: publicacion_pdf(
                title=title,
                organo=organo.title,
                periodo=periodo.nombre.capitalize(),
                fecha_actualizacion=actualizacion,
                cifras=figures,
                fundamento=fundamento,
            ),
        )
        return self.ensure_page(
            organo,
            PublicacionPage,
            slug=slug,
            published_at=actualizacion,
            title=title,
            resumen=resumen,
            body=publicacion_body(resumen, figures, periodo),
            ejes=[self.ejes[eje] for eje in serie["ejes"]],
            tipo_informacion=serie["tipo"],
            ejercicio=periodo.ejercicio,
            periodo=periodo.clave,
            fecha_actualizacion=actualizacion,
            fecha_validacion=validacion,
            periodicidad=serie["periodicidad"],
            ley=serie.get("ley", ""),
            articulo=serie.get("articulo", ""),
            fraccion=serie.get("fraccion", ""),
            documentos=[PublicacionDocumento(document=document, titulo=f"{serie['title']} (PDF)")],
        )

    def ensure_proyecto(self, organo, proyecto):
        latest = recent_periods(self.calendar, Periodicidad.TRIMESTRAL, self.today)[-1]
        actualizacion, _ = self.update_dates(proyecto["slug"], latest)
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
                    cifra=cifra, etiqueta=etiqueta, periodo=f"Ejercicio {latest.ejercicio}"
                )
                for cifra, etiqueta in proyecto["indicadores"]
            ],
            logros=proyecto["logros"],
            antecedentes=proyecto["antecedentes"],
            objetivo_especifico=proyecto["objetivo_especifico"],
            acciones=[ProyectoAccion(descripcion=accion) for accion in proyecto["acciones"]],
            resultados=[
                ProyectoResultado(concepto=concepto, valor=valor, nota=nota)
                for concepto, valor, nota in proyecto["resultados"]
            ],
            fecha_actualizacion=actualizacion,
            periodicidad=Periodicidad.TRIMESTRAL,
        )

    # Documents and collections

    def ensure_collection(self, name):
        """A collection per órgano, under the root: where its enlaces will be allowed to upload."""
        tally = self.tallies["Colecciones"]
        collection = self.root_collection.get_children().filter(name=name).first()
        if collection is not None:
            tally.found += 1
            return collection
        tally.created += 1
        return self.root_collection.add_child(name=name)

    def ensure_document(self, collection, *, title, filename, render):
        """The document titled `title` in `collection`; its PDF is rendered only if missing."""
        tally = self.tallies["Documentos"]
        Document = get_document_model()
        document = Document.objects.filter(title=title, collection=collection).first()
        if document is not None:
            tally.found += 1
            return document
        content = render()
        document = Document(title=title, collection=collection, uploaded_by_user=self.admin)
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

    def account_organos(self):
        """The órganos that get an enlace and a supervisor: every one except the secciones."""
        return [organo for organo in self.organos if organo.tipo != TipoOrgano.SECCION]

    def ensure_accounts(self):
        count = len(data.NOMBRES)
        for index, organo in enumerate(self.account_organos()):
            for offset, role in enumerate(["enlace", "supervisor"]):
                person = 2 * index + offset
                self.ensure_user(
                    f"{role}-{organo.slug}",
                    first_name=data.NOMBRES[person % count],
                    last_name=" ".join(
                        data.APELLIDOS[(person * 3 + shift) % len(data.APELLIDOS)]
                        for shift in (0, 1)
                    ),
                    # Plain accounts: the groups and permissions issue gives them their roles.
                    is_staff=False,
                )


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
