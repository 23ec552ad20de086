"""/api/v2/page_preview/: the draft an editor previewed, for a headless front end.

The token (cms/preview.py signs and stores it) is the only credential.
"""

from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

from cms.preview import InvalidPreviewRequest, load_preview
from cms.sharing import PRIVATE

from .v2 import PublicPagesAPIViewSet


class PagePreviewAPIViewSet(PublicPagesAPIViewSet):
    """/api/v2/page_preview/?content_type=…&token=…: the draft an editor previewed, as a detail.

    The token is the only credential: without a valid, unexpired one there is nothing to read.
    """

    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters.union(
        ["content_type", "token"]
    )

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            try:
                self._preview_page = load_preview(
                    self.request.GET.get("content_type", ""), self.request.GET.get("token", "")
                )
            except InvalidPreviewRequest as e:
                raise BadRequestError(str(e)) from e
        return self._preview_page

    def get_serializer_class(self):
        page = self.get_object()
        fields_config = self.fields_config()
        if page.pk is None:
            # A page previewed before its first save has no /api/v2/pages/<id>/ to point at.
            fields_config.append(("detail_url", True, None))
        return self._get_serializer_class(
            self.request.wagtailapi_router, type(page), fields_config, show_details=True
        )

    def listing_view(self, request):
        self.check_query_parameters(self.get_queryset())
        return self.preview_response()

    def detail_view(self, request, pk):
        return self.preview_response()

    def find_view(self, request):
        return self.preview_response()

    def preview_response(self):
        page = self.get_object()
        response = Response(self.get_serializer(page).data)
        # A draft is never kept by a shared cache, ours (api/http_cache.py) included.
        response["Cache-Control"] = PRIVATE
        return response
