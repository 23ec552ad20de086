"""The sitemap lists what the public may reach: Wagtail's, without unpublished sections."""

from wagtail.contrib.sitemaps import Sitemap

from .query import private_q


class PublicSitemap(Sitemap):
    def items(self):
        # Wagtail's own list leaves out private sections, not pages below an unpublished one.
        return super().items().exclude(private_q())
