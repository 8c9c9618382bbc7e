"""Rendering a treatment page: its lookups (one batch for everything its templates and JSON-LD read) and product
shortcode expansion."""

import re

from django.template.loader import render_to_string
from django.utils.html import format_html

from .adapters.raw import strings_in
from .api.context import ApiContext
from .shortcodes import find_product_shortcodes, replace_product_shortcodes, shop_ids_in

# A rich text paragraph; editor HTML never nests them, so a lazy match finds each one whole.
PARAGRAPH_RE = re.compile(r"<p(?P<attrs>\s[^>]*)?>(?P<inner>.*?)</p>", re.DOTALL | re.IGNORECASE)
# What is left of a paragraph once its shortcode is gone and that says nothing: spaces, &nbsp;, <br>.
BLANK_RE = re.compile(r"^(?:\s|&nbsp;|\u00a0|<br\s*/?>)*$", re.IGNORECASE)


def shortcode_shop_ids(stream_value):
    """Shop ids named by shortcodes anywhere in a StreamField value, without loading any block."""
    raw = getattr(stream_value, "raw_data", stream_value)
    ids = {}
    for text in strings_in(list(raw)):
        for shop_id in shop_ids_in(text):
            ids.setdefault(shop_id, None)
    return list(ids)


def lookups_for(page):
    """The page's lookups for this render, made on first use and shared by its templates and its JSON-LD: the
    walker collects what the body refers to once (treatments/api/context.py)."""
    made = page.__dict__.get("_lookups")
    if made is None or made[0] is not page.body:  # a body assigned since is walked afresh
        lookups = ApiContext(page=page, for_templates=True)
        lookups.add_stream(page.body.stream_block, page.body)
        made = page._lookups = (page.body, lookups)
    return made[1]


def products_for_page(page):
    """All products a page's shortcodes name, active or not, keyed by shop id: one query per page."""
    return lookups_for(page).shortcode_products()


def expand_product_shortcodes(html, products_by_shop_id, *, is_preview=False, card_context=None):
    """Replace shortcodes in rendered HTML with product cards; unknown or inactive ids vanish for visitors.
    `card_context` is passed to each card (e.g. the sales disclosure)."""

    def render(shortcode):
        cards = []
        for shop_id in shortcode.shop_ids:
            product = products_by_shop_id.get(shop_id)
            if product is not None and product.is_active:
                context = {**(card_context or {}), "product": product}
                cards.append(render_to_string("treatments/includes/product_card.html", context))
            elif is_preview:
                reason = "is inactive" if product is not None else "does not exist"
                cards.append(
                    format_html(
                        '<p class="editor-warning" role="note">Editor note: product with shop id {} {}, '
                        "so visitors see nothing here.</p>",
                        shop_id,
                        reason,
                    )
                )
        return "".join(cards)

    return replace_product_shortcodes(_lift_shortcodes_out_of_paragraphs(html, render), render)


def _lift_shortcodes_out_of_paragraphs(html, render):
    """Cards are blocks, and a block inside <p> is invalid HTML: split the paragraph around each card."""

    def split(match):
        inner = match.group("inner")
        shortcodes = find_product_shortcodes(inner)
        if not shortcodes:
            return match.group(0)
        attrs = match.group("attrs") or ""
        pieces, position = [], 0
        for shortcode in shortcodes:
            pieces.append(_paragraph(attrs, inner[position : shortcode.start]))
            pieces.append(render(shortcode))
            position = shortcode.end
        pieces.append(_paragraph(attrs, inner[position:]))
        return "".join(pieces)

    return PARAGRAPH_RE.sub(split, html)


def _paragraph(attrs, inner):
    return "" if BLANK_RE.match(inner) else f"<p{attrs}>{inner}</p>"


# ---------------------------------------------------------------- batching what templates will touch
def prefetch_for_page(page, *, products=(), pages=()):
    """Batch what a treatment page's templates will read: clinician photos, product images, renditions.

    `products` are shortcode products (already in the page's lookups); `pages` are other pages whose hero images
    the page shows as cards.
    """
    lookups = lookups_for(page)
    for product in products:
        lookups.products_by_shop_id.setdefault(product.shop_id, product)
    hero_images = [other.hero_image for other in [page, *pages] if other.hero_image_id]
    lookups.load_for_templates(images=hero_images)


def with_card_renditions(treatments):
    """A treatment queryset whose hero images come with their renditions: one query for any number of cards."""
    return treatments.select_related("hero_image").prefetch_related("hero_image__renditions")
