"""Finds WordPress `[show_products product="9833"]` shortcodes in text, in every form real content has.

Real exports carry straight, curly and single quotes, stray spaces, no quotes at all, and shortcodes
whose closing bracket was lost at the end of a line. The parser accepts all of them and never raises.
"""

import re
from dataclasses import dataclass

# Every character WordPress editors and word processors have used as a quote mark.
QUOTES = "\"'\u201c\u201d\u201e\u201f\u2033\u2036\u2018\u2019\u201a\u201b\u2032\u00ab\u00bb`"
_Q = f"[{re.escape(QUOTES)}]"

SHORTCODE_RE = re.compile(
    r"\[\s*show_products"  # opening bracket and tag name
    r"(?:\s|&nbsp;|\u00a0)+product\s*=\s*"  # attribute name
    rf"(?:{_Q}|&quot;|&#8221;|&#8220;|&#8243;|&#8217;|&#8216;|&#039;|&#39;)*\s*"  # any opening quote, or none
    r"(?P<ids>\d+(?:\s*,\s*\d+)*)"  # one id, or a comma-separated list
    # Any closing quote, or none; spaces but never the line break an unclosed shortcode ends at.
    rf"[^\S\n]*(?:{_Q}|&quot;|&#8221;|&#8220;|&#8243;|&#8217;|&#8216;|&#039;|&#39;)*"
    r"[^\]\n<]*?"  # attributes we do not use
    r"(?:\]|(?=\n)|(?=<)|\Z)",  # closing bracket, or the line (or paragraph) ends without one
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ProductShortcode:
    """One shortcode occurrence: where it is in the text and which shop ids it names."""

    start: int
    end: int
    shop_ids: tuple[int, ...]


def find_product_shortcodes(text):
    """Return every product shortcode in `text`, in order of appearance."""
    if not text or "show_products" not in text.lower():
        return []
    return [
        ProductShortcode(
            start=match.start(),
            end=match.end(),
            shop_ids=tuple(int(part) for part in re.split(r"\s*,\s*", match.group("ids"))),
        )
        for match in SHORTCODE_RE.finditer(text)
    ]


def shop_ids_in(text):
    """All shop ids named by shortcodes in `text`, in order, without repeats."""
    seen = {}
    for shortcode in find_product_shortcodes(text):
        for shop_id in shortcode.shop_ids:
            seen.setdefault(shop_id, None)
    return list(seen)


def replace_product_shortcodes(text, render):
    """Replace each shortcode with `render(shortcode)`; the text around it is left untouched."""
    shortcodes = find_product_shortcodes(text)
    if not shortcodes:
        return text
    pieces, position = [], 0
    for shortcode in shortcodes:
        pieces.append(text[position : shortcode.start])
        pieces.append(render(shortcode))
        position = shortcode.end
    pieces.append(text[position:])
    return "".join(pieces)
