"""Rendering helpers shared by page templates and the API: shortcode expansion with batched product lookups."""

from django.template.loader import render_to_string
from django.utils.html import format_html

from .shortcodes import replace_product_shortcodes, shop_ids_in
from .snippets import Product


def _strings_in(data):
    """Every string inside a StreamField's raw JSON, however deeply nested."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _strings_in(value)


def shortcode_shop_ids(stream_value):
    """Shop ids named by shortcodes anywhere in a StreamField value, without loading any block."""
    raw = getattr(stream_value, "raw_data", stream_value)
    ids = {}
    for text in _strings_in(list(raw)):
        for shop_id in shop_ids_in(text):
            ids.setdefault(shop_id, None)
    return list(ids)


def products_for_page(page):
    """All products a page's shortcodes name, active or not, keyed by shop id: one query per page."""
    ids = shortcode_shop_ids(page.body)
    if not ids:
        return {}
    return {product.shop_id: product for product in Product.objects.filter(shop_id__in=ids).select_related("image")}


def expand_product_shortcodes(html, products_by_shop_id, *, is_preview=False):
    """Replace shortcodes in rendered HTML with product cards; unknown or inactive ids vanish for visitors."""

    def render(shortcode):
        cards = []
        for shop_id in shortcode.shop_ids:
            product = products_by_shop_id.get(shop_id)
            if product is not None and product.is_active:
                cards.append(render_to_string("treatments/includes/product_card.html", {"product": product}))
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

    return replace_product_shortcodes(html, render)
