"""Template context every public page needs: the two navigations."""

from wagtail.models import Site

from .query import private_q


def navigation(request):
    """The home page's live children (Ejes, Estructura Sindical, …) as the main menu.

    One query per request, and none for the admin or the API, which never render it.
    """
    if request.path.startswith(("/admin/", "/api/")):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {"main_menu": []}
    root = site.root_page
    sections = list(
        root.get_children()
        .live()
        .exclude(private_q())
        .only("pk", "title", "url_path", "path", "depth", "show_in_menus")
    )
    # The footer lists every section (the Buzón included, whether or not it is in the menu);
    # one query serves both.
    return {
        "main_menu": [page for page in sections if page.show_in_menus],
        "site_sections": sections,
        "site_root": root,
    }
