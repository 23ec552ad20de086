"""The records behind each results figure (the drill-down lists): for every key of FIGURES, the
rows a figure counts for one period, and one órgano where the figure can be narrowed to it.

Each list is built from the same queryset its figure counts (``buzon.statistics``'s
``tickets_*_qs``, ``estructura.audit.publish_entries``/``updates_of``, ``figures.reuniones_qs``,
``cargas_qs``, ``visitas_qs``), so the count of a list is its figure. A list is read in slices
(``listado[a:b]``, what Django's Paginator asks for) at a fixed number of queries per slice.

What the public sees: never a name, email, address or message of a ticket (not even its
subject, which the citizen wrote), nor the title of a page or órgano the public may not reach
(``cms.query.is_public``): a ticket turned to a draft órgano reads "Órgano no publicado".
"""

import statistics
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from wagtail.models import Page, PageLogEntry

from buzon import statistics as buzon_statistics
from buzon.statistics import answer_days, answered_by_close, resolved_by_close
from cms.formats import DIAS, PORCENTAJE, cifra
from cms.periods import Periodo
from cms.query import is_public, memoized
from estructura.audit import ACTION_LABELS, publish_entries, updates_of
from estructura.models import OrganoPage, attach_organos
from estructura.obligaciones import EstadoSerie, cierre_en
from estructura.registers import Reunion

from .figures import (
    FIGURES_BY_KEY,
    REUNION_TIPOS,
    cargas_qs,
    reuniones_qs,
    visitas_qs,
)

# Rows on one page of a drill-down list.
PAGE_SIZE = 50

TICKETS, ACTUALIZACIONES, CARGAS, REUNIONES, CUMPLIMIENTO, VISITAS = (
    "tickets",
    "actualizaciones",
    "cargas",
    "reuniones",
    "cumplimiento",
    "visitas",
)
KIND_OF = {
    "tickets_recibidos": TICKETS,
    "tickets_resueltos": TICKETS,
    "tickets_pendientes": TICKETS,
    "porcentaje_tickets_resueltos": TICKETS,
    "mediana_dias_respuesta": TICKETS,
    "actualizaciones_opti": ACTUALIZACIONES,
    "actualizaciones_plataforma": CARGAS,
    "reuniones_organos_gobierno": REUNIONES,
    "reuniones_enlaces": REUNIONES,
    "cumplimiento_obligaciones": CUMPLIMIENTO,
    "visitas_portal": VISITAS,
}
# The figures whose records belong to an órgano (``?organo=``).
BY_ORGANO = {TICKETS, ACTUALIZACIONES, CARGAS, REUNIONES}

ORGANO_NO_PUBLICADO = _lazy("Órgano no publicado")
PAGINA_NO_PUBLICA = _lazy("Página no pública")
PAGINAS_NO_PUBLICAS = _lazy("Páginas no públicas")
SIN_TURNAR = _lazy("Sin turnar")


def slug_of(key):
    """The figure's key as it reads in a URL: tickets-recibidos."""
    return key.replace("_", "-")


def key_of(slug):
    """The figure key a URL names, or None."""
    key = slug.replace("-", "_")
    return key if "_" not in slug and key in FIGURES_BY_KEY else None


def local_day(moment):
    return timezone.localtime(moment, buzon_statistics.local_zone()).date() if moment else None


def organo_label(organo):
    if organo is None:
        return str(SIN_TURNAR)
    return organo.title if is_public(organo) else str(ORGANO_NO_PUBLICADO)


@dataclass(frozen=True)
class Columna:
    key: str
    label: str


class Listado:
    """The rows behind one figure: ``count()`` and slices of rows (dicts keyed by the
    columns' keys, plus ``<key>_url`` where a cell links somewhere)."""

    columns: list = []

    def count(self):
        raise NotImplementedError

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("a Listado is read in slices")
        return self.rows(item)

    def rows(self, item):
        raise NotImplementedError

    def all(self):
        return self[0 : self.count()]


# --- tickets ------------------------------------------------------------------------------------

# Only the columns the public list shows are read: the personal data never leaves the database.
TICKET_FIELDS = (
    "folio",
    "tipo",
    "estado",
    "creado",
    "respondido_en",
    "resuelto_en",
    "organo",
    "organo__title",
    "organo__live",
    "organo__path",
    "organo__depth",
)


class TicketListado(Listado):
    columns = [
        Columna("folio", _lazy("Folio")),
        Columna("tipo", _lazy("Tipo")),
        Columna("organo", _lazy("Órgano")),
        Columna("estado", _lazy("Estado actual")),
        Columna("recibido", _lazy("Recibido")),
        Columna("respondido", _lazy("Primera respuesta")),
        Columna("resuelto", _lazy("Resuelto")),
        Columna("resuelto_al_cierre", _lazy("Resuelto al cierre del periodo")),
        Columna("dias_respuesta", _lazy("Días para responder")),
    ]

    def __init__(self, tickets, end):
        self.tickets = tickets.order_by("creado", "pk")
        self.end = end
        self._count = None
        self._resumen = None

    def count(self):
        if self._count is None:
            self._count = self.tickets.count()
        return self._count

    def rows(self, item):
        found = self.tickets.select_related("organo").only(*TICKET_FIELDS)[item]
        return [self.row(ticket) for ticket in found]

    def row(self, ticket):
        answered = answered_by_close(ticket, self.end)
        return {
            "folio": ticket.folio,
            "tipo": ticket.get_tipo_display(),
            "organo": organo_label(ticket.organo),
            "estado": ticket.get_estado_display(),
            "recibido": local_day(ticket.creado),
            "respondido": local_day(ticket.respondido_en),
            "resuelto": local_day(ticket.resuelto_en),
            "resuelto_al_cierre": _("Sí") if resolved_by_close(ticket, self.end) else _("No"),
            "dias_respuesta": round(answer_days(ticket), 1) if answered else None,
        }

    def resumen(self):
        """(resolved by the close, the days to answer of those answered by it): the
        percentage and the median, read from the listed tickets; one query, once."""
        if self._resumen is None:
            self._resumen = self._read_resumen()
        return self._resumen

    def _read_resumen(self):
        resolved, days = 0, []
        for ticket in self.tickets.only("creado", "respondido_en", "resuelto_en"):
            resolved += resolved_by_close(ticket, self.end)
            if answered_by_close(ticket, self.end):
                days.append(answer_days(ticket))
        return resolved, days


TICKET_QUERYSETS = {
    "tickets_recibidos": buzon_statistics.tickets_recibidos_qs,
    "tickets_resueltos": buzon_statistics.tickets_resueltos_qs,
    "tickets_pendientes": buzon_statistics.tickets_pendientes_qs,
    # The percentage and the median are read from the tickets received.
    "porcentaje_tickets_resueltos": buzon_statistics.tickets_recibidos_qs,
    "mediana_dias_respuesta": buzon_statistics.tickets_recibidos_qs,
}


# --- OPTI updates (the publication log) ---------------------------------------------------------


class ActualizacionListado(Listado):
    columns = [
        Columna("fecha", _lazy("Fecha")),
        Columna("pagina", _lazy("Publicación o proyecto")),
        Columna("tipo", _lazy("Tipo")),
        Columna("organo", _lazy("Órgano")),
        Columna("accion", _lazy("Acción")),
    ]

    def __init__(self, start, end, organo=None):
        self.entries = publish_entries(start, end, organo=organo)
        self._ids = None

    @property
    def ids(self):
        if self._ids is None:
            self._ids = updates_of(self.entries)
        return self._ids

    def count(self):
        return len(self.ids)

    def rows(self, item):
        ids = self.ids[item]
        if not ids:
            return []
        by_pk = PageLogEntry.objects.in_bulk(ids)
        entries = [by_pk[pk] for pk in ids if pk in by_pk]
        pages = Page.objects.only(
            "pk", "title", "path", "depth", "live", "url_path", "content_type"
        ).in_bulk({entry.page_id for entry in entries})
        attach_organos(list(pages.values()))
        rows = []
        for entry in entries:
            page = pages.get(entry.page_id)
            visible = is_public(page)
            organo = getattr(page, "organo", None) if page else None
            content_type = ContentType.objects.get_for_id(
                page.content_type_id if page else entry.content_type_id
            )
            rows.append(
                {
                    "fecha": timezone.localtime(entry.timestamp, buzon_statistics.local_zone()),
                    "pagina": page.title if visible else str(PAGINA_NO_PUBLICA),
                    "pagina_url": page.url if visible else None,
                    "tipo": str(content_type.model_class()._meta.verbose_name).capitalize()
                    if content_type.model_class()
                    else "",
                    "organo": organo_label(organo) if organo else "",
                    "accion": str(ACTION_LABELS.get(entry.action, entry.action)),
                }
            )
        return rows


# --- uploads to the national platform -----------------------------------------------------------


class QuerysetListado(Listado):
    """A list that is a queryset, read in slices with its related rows joined or prefetched."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def rows(self, item):
        return [self.row(record) for record in self.queryset[item]]


def document_url(document):
    # The document's own serve view checks its collection's privacy on every download.
    return document.url if document is not None else None


class CargaListado(QuerysetListado):
    columns = [
        Columna("fecha", _lazy("Fecha de carga")),
        Columna("formato", _lazy("Formato u obligación")),
        Columna("periodo", _lazy("Periodo que se informa")),
        Columna("organo", _lazy("Órgano")),
        Columna("acuse", _lazy("Acuse de carga")),
    ]

    def __init__(self, start, end, organo=None):
        found = cargas_qs(start, end)
        if organo is not None:
            found = found.filter(organo__path__startswith=organo.path)
        super().__init__(found.select_related("organo", "acuse").order_by("fecha", "pk"))

    def row(self, carga):
        url = document_url(carga.acuse)
        return {
            "fecha": carga.fecha,
            "formato": carga.formato,
            "periodo": f"{carga.get_periodo_display()} {carga.ejercicio}",
            "organo": organo_label(carga.organo),
            "acuse": _("Descargar acuse") if url else "",
            "acuse_url": url,
        }


# --- meetings -----------------------------------------------------------------------------------


class ReunionListado(QuerysetListado):
    columns = [
        Columna("fecha", _lazy("Fecha")),
        Columna("tipo", _lazy("Tipo de reunión")),
        Columna("organos", _lazy("Órganos")),
        Columna("asistentes", _lazy("Número de asistentes")),
        Columna("acuerdos", _lazy("Acuerdos")),
        Columna("minuta", _lazy("Minuta")),
    ]

    def __init__(self, start, end, tipo, organo=None):
        found = reuniones_qs(start, end, tipo)
        if organo is not None:
            # A subquery rather than a join: a meeting with two órganos of the subtree is one.
            found = found.filter(
                pk__in=Reunion.organos.through.objects.filter(
                    organopage__path__startswith=organo.path
                ).values("reunion_id")
            )
        organos = OrganoPage.objects.only("pk", "title", "path", "depth", "live").order_by("title")
        super().__init__(
            found.select_related("minuta")
            .prefetch_related(Prefetch("organos", queryset=organos))
            .order_by("fecha", "pk")
        )

    def row(self, reunion):
        organos = list(reunion.organos.all())
        shown = [organo.title for organo in organos if is_public(organo)]
        hidden = len(organos) - len(shown)
        if hidden:
            shown.append(
                ngettext("%(count)s órgano no publicado", "%(count)s órganos no publicados", hidden)
                % {"count": hidden}
            )
        url = document_url(reunion.minuta)
        return {
            "fecha": reunion.fecha,
            "tipo": reunion.get_tipo_display(),
            "organos": "; ".join(shown),
            "asistentes": reunion.numero_asistentes,
            "acuerdos": reunion.acuerdos,
            "minuta": _("Descargar minuta") if url else "",
            "minuta_url": url,
        }


# --- visits -------------------------------------------------------------------------------------


class VisitaListado(Listado):
    """Pages by their visits in the period, most visited first; the pages the public may not
    reach (drafts since, private sections, deleted) add up in one last row."""

    columns = [
        Columna("pagina", _lazy("Página")),
        Columna("visitas", _lazy("Visitas")),
    ]

    def __init__(self, start, end):
        self.visitas = visitas_qs(start, end)
        self._rows = None

    @property
    def every_row(self):
        if self._rows is None:
            totals = dict(
                self.visitas.values("page_id")
                .annotate(total=Sum("visitas"))
                .order_by()
                .values_list("page_id", "total")
            )
            pages = Page.objects.only("pk", "title", "path", "depth", "live", "url_path").in_bulk(
                list(totals)
            )
            named, hidden = [], 0
            for page_id, total in totals.items():
                page = pages.get(page_id)
                if is_public(page):
                    named.append({"pagina": page.title, "pagina_url": page.url, "visitas": total})
                else:
                    hidden += total
            named.sort(key=lambda row: (-row["visitas"], row["pagina"]))
            if hidden:
                named.append(
                    {"pagina": str(PAGINAS_NO_PUBLICAS), "pagina_url": None, "visitas": hidden}
                )
            self._rows = named
        return self._rows

    def count(self):
        return len(self.every_row)

    def total(self):
        return sum(row["visitas"] for row in self.every_row)

    def rows(self, item):
        return self.every_row[item]


# --- compliance ---------------------------------------------------------------------------------


class CumplimientoListado(Listado):
    """The series the compliance figure judges: every applicable (órgano, obligación) the day
    after the period's last window closed, with its state that day and its latest record by
    the deadline (``estructura.obligaciones.cierre_en``'s, the figure's own). Its count is the
    figure's denominator, the "aplicables"; the heading says how many were up to date."""

    columns = [
        Columna("organo", _lazy("Órgano")),
        Columna("obligacion", _lazy("Obligación")),
        Columna("estado", _lazy("Estado al cierre")),
        Columna("registro", _lazy("Último registro publicado al cierre")),
    ]

    def __init__(self, cierre):
        self.cierre = cierre
        found = cierre.series if cierre is not None else ()
        self.series = [serie for serie in found if serie.estado != EstadoSerie.NO_APLICA]

    def count(self):
        return len(self.series)

    def rows(self, item):
        return [self.row(serie) for serie in self.series[item]]

    def row(self, serie):
        # Only live, public órganos and records are loaded (estructura.obligaciones).
        actual = serie.actual
        return {
            "organo": serie.organo.title,
            "organo_url": serie.organo.url,
            "obligacion": str(serie.obligacion),
            "estado": serie.estado_texto,
            "registro": actual.title if actual else None,
            "registro_url": actual.url if actual else None,
        }


# --- the drill-down of one figure ---------------------------------------------------------------


@dataclass
class Registros:
    """One figure's records for one period (and órgano): the list, its count and how the
    page says it."""

    key: str
    periodo: Periodo
    organo: OrganoPage | None
    listado: Listado

    @property
    def figure(self):
        return FIGURES_BY_KEY[self.key]

    @property
    def kind(self):
        return KIND_OF[self.key]

    @property
    def slug(self):
        return slug_of(self.key)

    def count(self):
        return self.listado.count()

    def valor(self):
        """The figure as the listed records give it: what `resultados(periodo)` says too."""
        if self.key == "porcentaje_tickets_resueltos":
            resolved, _days = self.listado.resumen()
            count = self.count()
            return round(100 * resolved / count, 1) if count else None
        if self.key == "mediana_dias_respuesta":
            _resolved, days = self.listado.resumen()
            return round(statistics.median(days), 1) if days else None
        if self.key == "visitas_portal":
            return self.listado.total()
        if self.key == "cumplimiento_obligaciones":
            cierre = self.cierre()
            return cierre.cumplimiento.porcentaje if cierre is not None else None
        return self.count()

    def cierre(self):
        """The close compliance is judged at (figures.compliance_at_close's): its list's."""
        return self.listado.cierre

    def heading(self):
        """The sentence that states the count and the period: «12 tickets recibidos en T3 2026»."""
        count = self.count()
        values = {"count": cifra(count), "periodo": self.periodo.label}
        if self.key == "porcentaje_tickets_resueltos":
            resolved, _days = self.listado.resumen()
            valor = self.valor()
            values.update(valor=cifra(valor, PORCENTAJE), resueltos=cifra(resolved))
            text = ngettext(
                "%(valor)s de tickets resueltos en %(periodo)s: %(resueltos)s de %(count)s "
                "ticket recibido",
                "%(valor)s de tickets resueltos en %(periodo)s: %(resueltos)s de %(count)s "
                "tickets recibidos",
                count,
            )
        elif self.key == "mediana_dias_respuesta":
            _resolved, days = self.listado.resumen()
            valor = self.valor()
            values.update(valor=cifra(valor, DIAS, short=True), respondidos=cifra(len(days)))
            text = ngettext(
                "Mediana de %(valor)s días para responder en %(periodo)s: %(respondidos)s "
                "respondidos de %(count)s ticket recibido",
                "Mediana de %(valor)s días para responder en %(periodo)s: %(respondidos)s "
                "respondidos de %(count)s tickets recibidos",
                count,
            )
        elif self.key == "visitas_portal":
            total = self.listado.total()
            values["total"] = cifra(total)
            text = ngettext(
                "%(total)s visitas al portal en %(periodo)s, en %(count)s página",
                "%(total)s visitas al portal en %(periodo)s, en %(count)s páginas",
                count,
            )
        elif self.key == "cumplimiento_obligaciones":
            cierre = self.cierre()
            if cierre is None or cierre.cumplimiento.porcentaje is None:
                text = _("Sin dato de cumplimiento en %(periodo)s: no cerró ninguna ventana")
            else:
                values.update(
                    valor=cifra(cierre.cumplimiento.porcentaje, PORCENTAJE),
                    cumplen=cifra(cierre.cumplimiento.cumplen),
                    aplicables=cifra(cierre.cumplimiento.aplicables),
                )
                text = _(
                    "%(valor)s de obligaciones de transparencia al día en %(periodo)s "
                    "(%(cumplen)s de %(aplicables)s aplicables)"
                )
        else:
            singular, plural = HEADINGS[self.key]
            text = ngettext(singular, plural, count)
        text = text % values
        if self.organo is not None:
            text = _("%(text)s · %(organo)s") % {"text": text, "organo": self.organo.title}
        return text


# (singular, plural) of the count figures' headings; %(count)s and %(periodo)s.
HEADINGS = {
    "tickets_recibidos": (
        "%(count)s ticket recibido en %(periodo)s",
        "%(count)s tickets recibidos en %(periodo)s",
    ),
    "tickets_resueltos": (
        "%(count)s ticket resuelto al cierre, de los recibidos en %(periodo)s",
        "%(count)s tickets resueltos al cierre, de los recibidos en %(periodo)s",
    ),
    "tickets_pendientes": (
        "%(count)s ticket pendiente al cierre, de los recibidos en %(periodo)s",
        "%(count)s tickets pendientes al cierre, de los recibidos en %(periodo)s",
    ),
    "actualizaciones_opti": (
        "%(count)s actualización OPTI en %(periodo)s",
        "%(count)s actualizaciones OPTI en %(periodo)s",
    ),
    "actualizaciones_plataforma": (
        "%(count)s actualización a la Plataforma Nacional de Transparencia en %(periodo)s",
        "%(count)s actualizaciones a la Plataforma Nacional de Transparencia en %(periodo)s",
    ),
    "reuniones_organos_gobierno": (
        "%(count)s reunión con Órganos Nacionales de Gobierno en %(periodo)s",
        "%(count)s reuniones con Órganos Nacionales de Gobierno en %(periodo)s",
    ),
    "reuniones_enlaces": (
        "%(count)s reunión con enlaces acreditados en %(periodo)s",
        "%(count)s reuniones con enlaces acreditados en %(periodo)s",
    ),
}


def registros(key, periodo: Periodo, organo=None) -> Registros:
    """The records behind figure `key` for `periodo` (and `organo`, an OrganoPage, where the
    figure's records belong to one: tickets turned to it; updates, uploads and meetings of it
    or the órganos below it). KeyError for an unknown key, ValueError for an órgano given to a
    figure that has none."""
    kind = KIND_OF[key]
    if organo is not None and kind not in BY_ORGANO:
        raise ValueError(f"{key} is not counted by órgano")
    start, end = periodo.bounds
    if kind == TICKETS:
        listado = TicketListado(TICKET_QUERYSETS[key](start, end, organo=organo), end)
    elif kind == ACTUALIZACIONES:
        listado = ActualizacionListado(start, end, organo)
    elif kind == CARGAS:
        listado = CargaListado(start, end, organo)
    elif kind == REUNIONES:
        listado = ReunionListado(start, end, REUNION_TIPOS[key], organo)
    elif kind == VISITAS:
        listado = VisitaListado(start, end)
    else:
        listado = CumplimientoListado(cierre_en(start, end))
    return Registros(key, periodo, organo, listado)


def obligaciones_url():
    return reverse("obligaciones:index")


# --- the one way to link to a drill-down --------------------------------------------------------


def results_page():
    """The live results page the drill-downs hang from (once per request), or None."""
    from .models import ResultadosPage

    return memoized("resultados.page", lambda: ResultadosPage.objects.live().first())


def drilldown_url(key, periodo: Periodo, organo=None, page=None):
    """The URL of figure `key`'s records for `periodo` (and `organo` where the figure has
    one), or None when there is no live results page."""
    page = page or results_page()
    if page is None or key not in FIGURES_BY_KEY:
        return None
    base = page.url
    if base is None:
        return None
    query = periodo.query()
    if organo is not None and KIND_OF[key] in BY_ORGANO:
        query["organo"] = str(getattr(organo, "pk", organo))
    subpage = page.reverse_subpage("registros", args=(slug_of(key),))
    return f"{base.rstrip('/')}/{subpage}?{urlencode(query)}"
