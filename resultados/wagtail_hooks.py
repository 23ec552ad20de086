"""Rendición de resultados in Wagtail: the admin home panel and the API at /api/resultados/."""

from wagtail import hooks


@hooks.register("construct_homepage_panels")
def add_resultados_panel(request, panels):
    from .dashboard import ResultadosPanel, can_see_results_panel

    if can_see_results_panel(request.user):
        panels.append(ResultadosPanel())


@hooks.register("register_optisnte_api")
def register_resultados_api():
    from .api import router

    return "/resultados/", router


@hooks.register("register_live_figures")
def register_live_figures():
    from .live_figures import source

    return source
