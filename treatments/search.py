"""Treatment search shared by the site's search page and the API's `search=`: Wagtail search, then ranking tiers.

The search backend finds the matches (PostgreSQL full-text on PostgreSQL, SQLite FTS5 on SQLite: Wagtail's
database backend picks the implementation from the connection's vendor). Backends weigh fields differently
(SQLite only knows "title" and "body"), so the order is then fixed the same way everywhere: pages whose title
matches first, then pages whose summary card matches, then body-only matches; the backend's relevance
order is kept within each tier.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When

from .blocks.faq import FAQValue
from .snippets import Condition
from .structured_data import plain_text

MAX_RESULTS = 500  # a clinic has dozens of treatments; the cap bounds the ranking CASE expression
SUMMARY_FIELDS = ("intro", "best_used", "caution", "best_for", "comments", "mode_of_action")
_WORD = re.compile(r"\w+", re.UNICODE)
# Control characters mean nothing in a search, and a NUL breaks both SQLite's FTS syntax and PostgreSQL's strings.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(query):
    return _CONTROL.sub(" ", query or "").strip()


def query_terms(query):
    """Lower-case words of a query, with a plural "s" dropped so "scars" also finds "scar"."""
    terms = []
    for word in _WORD.findall((query or "").lower()):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.append(word)
    return terms


def text_matches(text, terms):
    lowered = (text or "").lower()
    return bool(terms) and any(term in lowered for term in terms)


def _tier(row, condition_names, terms):
    if text_matches(row["title"], terms):
        return 0
    summary = " ".join([*(row[field] or "" for field in SUMMARY_FIELDS), *condition_names])
    return 1 if text_matches(summary, terms) else 2


def condition_matches(queryset, query):
    """Pages treating a condition whose name holds every word of the query ("acne scars" finds all four
    acne-scar treatments), whatever the search backend indexes of related fields."""
    terms = query_terms(query)
    if not terms:
        return []
    names = Q()
    for term in terms:
        names &= Q(name__icontains=term)
    conditions = Condition.objects.filter(names)
    return list(queryset.filter(conditions__in=conditions).values_list("pk", flat=True).distinct()[:MAX_RESULTS])


def search_treatments(queryset, query):
    """Live, public pages of `queryset` matching `query`, best first, as a queryset (so callers can paginate).

    A fixed number of queries however many pages match: one search, one read of titles and summary
    fields, one of condition names, and the caller's own fetch.
    """
    query = clean_query(query)
    queryset = queryset.live().public()
    if not query:
        return queryset.none()
    # Only the words go to the backend: quotes, brackets and AND/OR are query syntax to SQLite's FTS5, and a
    # stray one is a syntax error there, not a search.
    words = " ".join(_WORD.findall(query))
    if not words:
        return queryset.none()
    hits = [page.pk for page in queryset.model.objects.live().only("pk").search(words)[:MAX_RESULTS]]
    hits += [pk for pk in condition_matches(queryset, query) if pk not in hits]
    if not hits:
        return queryset.none()
    rows = {row["pk"]: row for row in queryset.filter(pk__in=hits).values("pk", "title", *SUMMARY_FIELDS)}
    names = {}
    for pk, name in Condition.objects.filter(treatment_pages__in=list(rows)).values_list("treatment_pages", "name"):
        names.setdefault(pk, []).append(name)
    terms = query_terms(query)
    order = sorted(
        (pk for pk in hits if pk in rows),
        key=lambda pk: (_tier(rows[pk], names.get(pk, []), terms), hits.index(pk)),
    )
    ranking = Case(
        *(When(pk=pk, then=Value(position)) for position, pk in enumerate(order)), output_field=IntegerField()
    )
    return queryset.filter(pk__in=order).annotate(search_rank=ranking).order_by("search_rank")


def matching_question(page, query):
    """The first FAQ on `page` whose question or answer mentions the query, for result snippets; else None.

    Read from the body's stored data, not its blocks: turning a body into blocks loads every image, product
    and clinician it names, a few queries per result, only to read one question and its text. The value
    returned holds the question and its anchor (`anchor_id`), which is all a snippet shows.
    """
    terms = query_terms(query)
    if not terms:
        return None
    for item in getattr(page.body, "raw_data", None) or []:
        if item.get("type") != "faq":
            continue
        faq = item.get("value") or {}
        answer = " ".join(
            plain_text(child.get("value")) for child in faq.get("answer") or [] if child.get("type") == "rich_text"
        )
        if text_matches(faq.get("question"), terms) or text_matches(answer, terms):
            faq_block = page.body.stream_block.child_blocks["faq"]
            return FAQValue(faq_block, [("question", faq.get("question", "")), ("anchor", faq.get("anchor", ""))])
    return None
