"""Public views outside the page tree: site search over treatments, and robots.txt."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .models import TreatmentPage
from .search import clean_query, matching_question, search_treatments

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def _page_number(request, paginator):
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


@require_GET
def search(request):
    """Search treatments by title, summary card and FAQs; each result names the question that matched."""
    query = clean_query(request.GET.get("q"))[:MAX_QUERY_LENGTH]
    results_page, results = None, []
    if query:
        pages = search_treatments(TreatmentPage.objects.select_related("hero_image"), query)
        results_page = _page_number(request, Paginator(pages, RESULTS_PER_PAGE))
        results = [{"page": page, "question": matching_question(page, query)} for page in results_page.object_list]
    return render(
        request,
        "search.html",
        {
            "query": query,
            "results": results,
            "results_page": results_page,
            "seo_title": f"Search results for “{query}”" if query else "Search treatments",
            "seo_description": "Search our treatment articles by name, condition or question.",
            "canonical_url": request.build_absolute_uri(reverse("search")),
            "noindex": bool(query),
        },
    )


@require_GET
def robots_txt(request):
    """Crawl everything public; keep robots out of the admin and API previews; point at the sitemap."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")
