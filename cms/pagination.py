"""One way to paginate a listing: `?pagina=N`, where a bad or too-large N is never an error."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_PARAM = "pagina"


def paginate(request, items, per_page):
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get(PAGE_PARAM, 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
