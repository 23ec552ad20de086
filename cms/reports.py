"""Admin report URLs: Wagtail's report views answer at a path and at its results fragment."""

from django.urls import path


def report_urls(slug, view_class, url_name):
    """The page at ``reports/<slug>/`` and the results-only fragment its filters refresh."""
    return [
        path(f"reports/{slug}/", view_class.as_view(), name=url_name),
        path(
            f"reports/{slug}/results/",
            view_class.as_view(results_only=True),
            name=f"{url_name}_results",
        ),
    ]
