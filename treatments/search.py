"""One treatment search for the site's search page and the API's `search=`: matches in the title and the
summary (intro, best for, conditions) rank above matches only in the body."""

from django.db.models import Case, IntegerField, Value, When
from wagtail.search.backends import get_search_backend

MAX_RESULTS = 500
SUMMARY_FIELDS = ("intro", "best_for", "best_used", "comments", "mode_of_action")


def _tier(page, words):
    """0 when the title matches, 1 when the summary does, 2 when only the body (or a stemmed form) does."""
    title = page.title.lower()
    if any(word in title for word in words):
        return 0
    summary = " ".join(str(getattr(page, name, "") or "") for name in SUMMARY_FIELDS).lower()
    if any(word in summary for word in words):
        return 1
    return 2


def search_treatments(queryset, query):
    """`queryset` (of TreatmentPage) narrowed to pages matching `query`, best matches first.

    The queryset keeps its filters (live, public, conditions...), so search never widens what may be shown.
    Returns a queryset ordered by relevance; callers may re-order it.
    """
    query = (query or "").strip()
    if not query:
        return queryset.none()
    backend = get_search_backend()
    hits = list(backend.search(query, queryset.model.objects.live(), operator="or")[:MAX_RESULTS])
    words = [word for word in query.lower().split() if word]
    ranked = sorted(enumerate(hits), key=lambda pair: (_tier(pair[1], words), pair[0]))
    ids = [page.pk for _position, page in ranked]
    if not ids:
        return queryset.none()
    order = Case(*[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)], output_field=IntegerField())
    return queryset.filter(pk__in=ids).annotate(search_rank=order).order_by("search_rank")
