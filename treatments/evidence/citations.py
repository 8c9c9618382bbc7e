"""Inline citations: how rich text stores them, numbers them in order of first citation, and renders them.

Stored (Wagtail's database format, like internal links): ``<a linktype="reference" id="5">cited words</a>``.
On the page the cited words stay as they are and a numbered superscript follows, linking to the reference list:
``cited words<sup class="citation"><a href="#reference-1" aria-label="Reference 1">1</a></sup>``.
A citation of a reference that no longer exists keeps its words and loses its number.
"""

import re

from django.utils.html import escape, format_html
from wagtail.rich_text import LinkHandler

from ..adapters.raw import strings_in

LINK_TYPE = "reference"
ENTITY_TYPE = "REFERENCE"
FEATURE = "citation"

# Editor HTML never nests links, so a lazy match finds each citation whole; attributes come in any order.
CITATION_RE = re.compile(r"<a\b(?P<attrs>[^>]*\blinktype=\"reference\"[^>]*)>(?P<inner>.*?)</a>", re.DOTALL)
ID_RE = re.compile(r"\bid=\"(\d+)\"")


def ids_in(text):
    """Reference ids cited in one stored rich text, in order, repeats included."""
    ids = []
    for match in CITATION_RE.finditer(text or ""):
        found = ID_RE.search(match.group("attrs"))
        if found:
            ids.append(int(found.group(1)))
    return ids


def cited_ids(stream_value):
    """Reference ids a StreamField cites, in order of first citation, read from its raw JSON (no block loaded)."""
    raw = getattr(stream_value, "raw_data", stream_value)
    order = {}
    for text in strings_in(list(raw or [])):
        if LINK_TYPE in text:
            for pk in ids_in(text):
                order.setdefault(pk, None)
    return list(order)


def numbered(ids, references_by_id):
    """{reference id: number}, numbered from 1 in citation order, skipping references that no longer exist."""
    numbers = {}
    for pk in ids:
        if pk in references_by_id and pk not in numbers:
            numbers[pk] = len(numbers) + 1
    return numbers


def superscript(number):
    return format_html(
        '<sup class="citation"><a href="#reference-{0}" aria-label="Reference {0}">{0}</a></sup>', number
    )


def render_citations(html, numbers):
    """Stored rich text with each citation replaced by its words and numbered superscript (see module docstring)."""
    if LINK_TYPE not in (html or ""):
        return html

    def replace(match):
        found = ID_RE.search(match.group("attrs"))
        number = numbers.get(int(found.group(1))) if found else None
        return match.group("inner") + (superscript(number) if number else "")

    return CITATION_RE.sub(replace, html)


class ReferenceLinkHandler(LinkHandler):
    """Front-end rendering where no page numbers the citations (e.g. `|richtext` outside a treatment page): the
    words link to the reference's entry in the page's reference list."""

    identifier = LINK_TYPE

    @classmethod
    def expand_db_attributes(cls, attrs):
        return f'<a href="#references" class="citation-words" data-reference-id="{escape(attrs.get("id", ""))}">'

    @classmethod
    def extract_references(cls, attrs):
        return []
