"""Admin and front-end set-up that belongs to no app: StreamField forms, public links and
downloads, the public collections screen."""

from django.http import Http404
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.fields import StreamField
from wagtail.permissions import policy_registry
from wagtail.rich_text.pages import PageLinkHandler

from .files import public_file_ids
from .forms import StreamFormField
from .models import ColeccionPublica
from .query import is_public, private_collection_ids, unpublished_section_paths

# One registration covers every page type's form (and any snippet or setting with a
# StreamField), including types added later: Wagtail builds them all with this registry.
register_form_field_override(StreamField, override={"form_class": StreamFormField})


# --- what the public may reach: rich-text links and document downloads (cms.files, cms.query)


class PublicPageLinkHandler(PageLinkHandler):
    """A rich-text link to a page the public may not see keeps its text and loses its href."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(page.localized.url)}">' if is_public(page) else "<a>"
            for page in cls.get_many(attrs_list)
        ]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """A rich-text link to a document the public may not download keeps only its text."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        documents = cls.get_many(attrs_list)
        public = public_file_ids(cls.get_model(), [doc.pk for doc in documents if doc])
        return [
            f'<a href="{escape(doc.url)}">' if doc and doc.pk in public else "<a>"
            for doc in documents
        ]


# After Wagtail's own registrations (core and documents), which would otherwise replace these.
@hooks.register("register_rich_text_features", order=100)
def register_public_link_handlers(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("before_serve_page")
def hide_pages_of_unpublished_sections(page, request, serve_args, serve_kwargs):
    # Wagtail routes through a page that is not live to a live one below it; that one is
    # not published either (the section it belongs to was withdrawn, or never went live).
    paths = unpublished_section_paths()
    if paths and page.path.startswith(paths):
        raise Http404


@hooks.register("before_serve_document")
def serve_only_published_documents(document, request):
    # A private collection's own rule (password, login, groups) is Wagtail's, which runs next.
    if document.collection_id in private_collection_ids():
        return None
    if public_file_ids(type(document), [document.pk]):
        return None
    # Editors check the files of their drafts: whoever may use the document in the admin.
    user = request.user
    policy = policy_registry.get_by_type(type(document))
    if user.is_authenticated and policy.user_has_any_permission_for_instance(
        user, ["choose", "change"], document
    ):
        return None
    raise Http404


class ColeccionPublicaViewSet(ModelViewSet):
    model = ColeccionPublica
    icon = "folder-open-inverse"
    menu_label = _("Colecciones públicas")
    add_to_settings_menu = True
    list_display = ["coleccion", "motivo"]
    form_fields = ["coleccion", "motivo"]


@hooks.register("register_admin_viewset")
def register_public_collections_viewset():
    return ColeccionPublicaViewSet("colecciones_publicas")
