"""The Buzón in the Wagtail admin: its roles' permissions (the inbox itself is in viewsets.py)."""

from wagtail import hooks


@hooks.register("register_organo_role_permissions")
def buzon_role_permissions():
    # Which tickets each role sees is decided by Ticket.objects.visible_to(); these only
    # open the inbox. Personal data and routing are the national team's.
    inbox = [("buzon", "view_ticket"), ("buzon", "change_ticket")]
    return {
        "enlaces": inbox,
        "supervisores": inbox,
        "administracion": [
            *inbox,
            ("buzon", "ver_todos_tickets"),
            ("buzon", "datos_personales"),
            ("buzon", "change_buzonsettings"),
        ],
    }


@hooks.register("register_optisnte_api")
def register_buzon_api():
    from .api import router

    return "/buzon/", router


@hooks.register("register_admin_viewset")
def register_ticket_viewset():
    from .viewsets import ticket_viewset

    return ticket_viewset


@hooks.register("construct_homepage_panels")
def add_buzon_panel(request, panels):
    from .dashboard import BuzonPanel, can_see_inbox

    if can_see_inbox(request.user):
        panels.append(BuzonPanel(request.user))
