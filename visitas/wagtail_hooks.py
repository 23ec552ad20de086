"""Count public page views as Wagtail serves them."""

from wagtail import hooks

from . import counter


# The lowest order makes this the outermost wrapper of the serve chain, so the response it
# sees is the one the visitor gets: Wagtail's view-restriction check (order 0) has already
# answered with its login redirect or password form, or marked the page private.
@hooks.register("on_serve_page", order=-100)
def count_page_view(serve):
    def inner(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if counter.enabled() and counter.is_countable(page, request, response):
            page_id = page.pk
            if callable(getattr(response, "add_post_render_callback", None)) and not getattr(
                response, "is_rendered", True
            ):
                # Only once the template has rendered: a page that fails to render was
                # never seen.
                response.add_post_render_callback(lambda rendered: counter.record(page_id))
            else:
                counter.record(page_id)
        return response

    return inner
