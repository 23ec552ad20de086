"""Template helpers for the public site: what a template cannot compute with its own tags."""

from django import template
from wagtail.models import Page, Site

from cms.files import public_file
from cms.formats import cifra, dia_y_mes, fecha_hora, fecha_larga
from cms.query import private_q

register = template.Library()


@register.simple_tag
def update_summary(page, calendar=None):
    """The line "Actualizado el …; próxima actualización …" (the calendar is passed in once)."""
    return page.update_summary(calendar)


@register.simple_tag
def is_overdue(page, calendar=None):
    """Whether the page's next update is past due: `{% is_overdue page calendar as overdue %}`."""
    return page.is_overdue(calendar)


@register.simple_tag
def next_due_date(page, calendar=None):
    """The date the next update is due, or None: `{% next_due_date page calendar as due %}`."""
    return page.next_due_date(calendar)


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page):
    """The live ancestors of `page` from the site's home page down (the page itself excluded).

    A live page may sit under an unpublished one; that one is neither named nor linked.
    (A private ancestor is as visible as the page being shown, which is below it.)
    """
    site_root = context.get("site_root")
    min_depth = site_root.depth if site_root is not None else 2
    return list(
        Page.objects.ancestor_of(page)
        .live()
        .filter(depth__gte=min_depth)
        .order_by("depth")
        .only("pk", "title", "url_path", "path", "depth")
    )


@register.simple_tag(takes_context=True)
def live_slugurl(context, slug):
    """URL of the live, public page with this slug on the current site, or "" if none.

    Unlike Wagtail's {% slugurl %}, a draft or private page never gives a link.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    pages = Page.objects.live().exclude(private_q()).filter(slug=slug)
    if site is not None:
        pages = pages.in_site(site)
    page = pages.first()
    return page.get_url(request=request) if page else ""


@register.filter
def is_within(page, section):
    """True when `page` is `section` or lies below it (marks the current menu section)."""
    if page is None or section is None or not hasattr(page, "path"):
        return False
    return page.path.startswith(section.path)


@register.filter
def verbose_name(obj):
    """A model instance's verbose name (templates cannot read `_meta`)."""
    model = getattr(obj, "specific_class", None) or type(obj)
    return model._meta.verbose_name


@register.simple_tag
def page_description(page):
    """What describes a page when shared: its search description, else its resumen or lema."""
    if page is None:
        return ""
    for name in ("search_description", "resumen", "lema"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""


# Dates always through cms.formats (months in lower case): Django's es-MX "F" capitalises them.
register.filter("fecha_larga", fecha_larga)
register.filter("fecha_hora", fecha_hora)
register.filter("dia_y_mes", dia_y_mes)
# `{{ total|cifra }}`, `{{ share|cifra:"porcentaje" }}`: a figure as the site writes it.
register.filter("cifra", cifra)
# `{% if page.imagen|archivo_publico %}`: a file in a private collection is never shown.
register.filter("archivo_publico", public_file)
