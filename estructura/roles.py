"""Roles per órgano: its groups, their page and collection permissions, and the national team.

Everything here is idempotent: calling it again brings permissions back to what they should
be (adding what is missing, removing what is not ours), so `setup_roles` can run on every
deploy and the signal handlers can call it on every save.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from cms.query import path_prefixes

from .models import OrganoPage, OrganoRoles

ADMIN_GROUP_NAME = "Administración OPTI"
ORGANOS_COLLECTION_NAME = "Órganos"

# Enlaces draft and edit inside their órgano; only supervisors publish (Wagtail's own codenames).
ENLACE_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
SUPERVISOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "lock_page",
    "unlock_page",
    "publish_page",
]
ADMIN_PAGE_PERMISSIONS = [*SUPERVISOR_PAGE_PERMISSIONS, "bulk_delete_page"]

# Files: enlaces upload and pick their órgano's files (and edit the ones they uploaded);
# supervisors may also edit and delete any of them.
ENLACE_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
]
SUPERVISOR_COLLECTION_PERMISSIONS = [
    *ENLACE_COLLECTION_PERMISSIONS,
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
]
ADMIN_COLLECTION_PERMISSIONS = [
    *SUPERVISOR_COLLECTION_PERMISSIONS,
    ("wagtailcore", "add_collection"),
    ("wagtailcore", "change_collection"),
    ("wagtailcore", "delete_collection"),
]

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# What the national team manages beyond pages and files: users, groups, workflows, settings.
ADMIN_MODEL_PERMISSIONS = [
    ADMIN_ACCESS,
    *[
        (app, f"{action}_{model}")
        for app, model in [("auth", "user"), ("auth", "group")]
        for action in ("add", "change", "delete", "view")
    ],
    *[
        ("wagtailcore", f"{action}_{model}")
        for model in ("workflow", "task")
        for action in ("add", "change", "delete")
    ],
    ("cms", "change_updatecalendar"),
    ("cms", "change_portalsettings"),
    # Which collections are downloadable although no live page uses them (cms.files).
    *[("cms", f"{action}_coleccionpublica") for action in ("add", "change", "delete", "view")],
    ("estructura", "change_organoroles"),
    ("estructura", "view_organoroles"),
    # The catalogue of obligations and each órgano's tabla de aplicabilidad.
    *[
        ("estructura", f"{action}_{model}")
        for model in ("obligacion", "aplicabilidad")
        for action in ("add", "change", "delete", "view")
    ],
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    # The registers the quarterly figures are counted from (estructura.register_viewsets).
    *[
        ("estructura", f"{action}_{model}")
        for model in ("enlaceacreditado", "reunion", "actualizacionplataforma")
        for action in ("add", "change", "delete", "view")
    ],
]

GROUP_NAME_LENGTH = Group._meta.get_field("name").max_length

# Apps above this one (the Buzón) give the roles model permissions of their own through this
# hook, returning {"enlaces": [(app, codename), …], "supervisores": […], "administracion": […]}.
ROLE_PERMISSIONS_HOOK = "register_organo_role_permissions"
ENLACES, SUPERVISORES, ADMINISTRACION = "enlaces", "supervisores", "administracion"


def hooked_model_permissions(role):
    return [
        perm for hook in hooks.get_hooks(ROLE_PERMISSIONS_HOOK) for perm in hook().get(role, ())
    ]


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_permission(codename):
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=codename
    )


def group_name(prefix, organo, group=None):
    """ "Enlaces · <órgano>", unique among groups (two órganos may share a title)."""
    name = f"{prefix} · {organo.title}"[:GROUP_NAME_LENGTH]
    taken = Group.objects.filter(name=name)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        suffix = f" ({organo.pk})"
        name = name[: GROUP_NAME_LENGTH - len(suffix)] + suffix
    return name


def parent_collection(organo):
    """The collection of the nearest órgano above, or the shared "Órganos" collection."""
    parent_roles = (
        OrganoRoles.objects.filter(organo__path__in=path_prefixes(organo.path, inclusive=False))
        .order_by("-organo__path")
        .select_related("coleccion")
        .first()
    )
    if parent_roles is not None:
        return parent_roles.coleccion
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=ORGANOS_COLLECTION_NAME).first()
    return existing or root.add_child(name=ORGANOS_COLLECTION_NAME)


@transaction.atomic
def ensure_roles(organo):
    """Create or repair the groups, collection and permissions of one órgano."""
    organo = organo.specific if not isinstance(organo, OrganoPage) else organo
    roles = (
        OrganoRoles.objects.select_related("enlaces", "supervisores", "coleccion")
        .filter(organo=organo)
        .first()
    )
    if roles is None:
        roles = OrganoRoles.objects.create(
            organo=organo,
            enlaces=Group.objects.create(name=group_name("Enlaces", organo)),
            supervisores=Group.objects.create(name=group_name("Supervisores", organo)),
            coleccion=parent_collection(organo).add_child(name=organo.title),
        )
    sync_names(roles)
    sync_collection_place(roles)
    sync_group(
        roles.enlaces,
        organo,
        roles.coleccion,
        ENLACE_PAGE_PERMISSIONS,
        ENLACE_COLLECTION_PERMISSIONS,
        hooked_model_permissions(ENLACES),
    )
    sync_group(
        roles.supervisores,
        organo,
        roles.coleccion,
        SUPERVISOR_PAGE_PERMISSIONS,
        SUPERVISOR_COLLECTION_PERMISSIONS,
        hooked_model_permissions(SUPERVISORES),
    )
    return roles


def sync_names(roles):
    """A renamed órgano renames its groups and its collection."""
    organo = roles.organo
    for prefix, group in (("Enlaces", roles.enlaces), ("Supervisores", roles.supervisores)):
        expected = group_name(prefix, organo, group)
        if group.name != expected:
            group.name = expected
            group.save(update_fields=["name"])
    if roles.coleccion.name != organo.title:
        roles.coleccion.name = organo.title
        roles.coleccion.save(update_fields=["name"])


def sync_collection_place(roles):
    """A moved órgano takes its collection under its new parent's collection."""
    expected_parent = parent_collection(roles.organo)
    coleccion = Collection.objects.get(pk=roles.coleccion.pk)
    if coleccion.get_parent().pk != expected_parent.pk:
        coleccion.move(expected_parent, pos="sorted-child")  # collections sort by name
        roles.coleccion = Collection.objects.get(pk=coleccion.pk)


def sync_group(group, page, collection, page_codenames, collection_perms, model_perms=()):
    """Exactly these permissions for the group: on this page's subtree and this collection."""
    group.permissions.set([permission(*perm) for perm in [ADMIN_ACCESS, *model_perms]])

    wanted_page = {page_permission(codename).pk for codename in page_codenames}
    sync_rows(GroupPagePermission, group, "page", page, wanted_page)
    wanted_collection = {permission(*perm).pk for perm in collection_perms}
    sync_rows(GroupCollectionPermission, group, "collection", collection, wanted_collection)


def sync_rows(model, group, target_name, target, permission_ids):
    """The group's rows of `model` become exactly `permission_ids` on `target`."""
    model.objects.filter(group=group).exclude(
        **{target_name: target, "permission__in": permission_ids}
    ).delete()
    for permission_id in permission_ids:
        model.objects.get_or_create(
            group=group, permission_id=permission_id, **{target_name: target}
        )


@transaction.atomic
def ensure_admin_group(home=None):
    """The national "Administración OPTI" group: the structure, ejes, users and workflows."""
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP_NAME)
    group.permissions.set(
        [
            permission(*perm)
            for perm in [*ADMIN_MODEL_PERMISSIONS, *hooked_model_permissions(ADMINISTRACION)]
        ]
    )
    root_page = home or Page.objects.filter(depth=2).order_by("path").first()
    if root_page is not None:
        sync_group_pages(group, root_page, ADMIN_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    for perm in ADMIN_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission(*perm)
        )
    return group


def sync_group_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(codename)
        )


def delete_role_groups(roles):
    """An órgano's roles are gone: its groups go too (and with them every permission they
    held); its files stay, and its collection goes only when empty."""
    Group.objects.filter(pk__in=[roles.enlaces_id, roles.supervisores_id]).delete()
    coleccion = Collection.objects.filter(pk=roles.coleccion_id).first()
    if coleccion is not None and coleccion.is_leaf() and not collection_has_files(coleccion):
        coleccion.delete()


def collection_has_files(collection):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return (
        get_document_model().objects.filter(collection=collection).exists()
        or get_image_model().objects.filter(collection=collection).exists()
    )


# Wagtail's installer creates these with rights over the whole tree; here rights follow the
# órganos, so they are retired while nobody belongs to them (a group in use is left alone).
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def retire_wagtail_default_groups():
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


def setup_all():
    """Roles for every órgano and the national group: what `setup_roles` runs."""
    retire_wagtail_default_groups()
    admin = ensure_admin_group()
    created = 0
    for organo in OrganoPage.objects.order_by("path"):
        had_roles = OrganoRoles.objects.filter(organo=organo).exists()
        ensure_roles(organo)
        created += not had_roles
    return admin, created
