"""Rendering helpers shared by page templates and the API: shortcode expansion with batched product lookups."""

import copy
import re

from django.template.loader import render_to_string
from django.utils.html import format_html
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.images import get_image_model

from .shortcodes import find_product_shortcodes, replace_product_shortcodes, shop_ids_in
from .snippets import Clinician, Product

# A rich text paragraph; editor HTML never nests them, so a lazy match finds each one whole.
PARAGRAPH_RE = re.compile(r"<p(?P<attrs>\s[^>]*)?>(?P<inner>.*?)</p>", re.DOTALL | re.IGNORECASE)
# What is left of a paragraph once its shortcode is gone and that says nothing: spaces, &nbsp;, <br>.
BLANK_RE = re.compile(r"^(?:\s|&nbsp;|\u00a0|<br\s*/?>)*$", re.IGNORECASE)


def strings_in(data):
    """Every string inside a StreamField's raw JSON, however deeply nested."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from strings_in(value)


def shortcode_shop_ids(stream_value):
    """Shop ids named by shortcodes anywhere in a StreamField value, without loading any block."""
    raw = getattr(stream_value, "raw_data", stream_value)
    ids = {}
    for text in strings_in(list(raw)):
        for shop_id in shop_ids_in(text):
            ids.setdefault(shop_id, None)
    return list(ids)


def products_for_page(page):
    """All products a page's shortcodes name, active or not, keyed by shop id: one query per page."""
    ids = shortcode_shop_ids(page.body)
    if not ids:
        return {}
    return {product.shop_id: product for product in Product.objects.filter(shop_id__in=ids).select_related("image")}


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
def _walk(value):
    """Every leaf value inside a block value: stream children, struct fields and list items, depth first."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from _walk(child.value)
    elif isinstance(value, StructValue):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, ListValue | list | tuple):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def attach_images(objects, field):
    """Load the image behind `field` (a foreign key) for every object in one query, instead of one each."""
    attname = f"{field}_id"
    missing = [obj for obj in objects if getattr(obj, attname) and not obj._meta.get_field(field).is_cached(obj)]
    if not missing:
        return
    images = get_image_model().objects.in_bulk({getattr(obj, attname) for obj in missing})
    for obj in missing:
        setattr(obj, field, images.get(getattr(obj, attname)))


def prefetch_renditions(images):
    """Give every image its existing renditions from one query, so `{% image %}` tags need no query each.

    Image instances stay distinct (the same image may carry different alt text in two blocks), so each gets
    its own copies of the renditions, pointing back at it.
    """
    images = [image for image in images if image is not None and image.pk]
    if not images:
        return
    rendition_model = get_image_model().get_rendition_model()
    by_image = {}
    for rendition in rendition_model.objects.filter(image_id__in={image.pk for image in images}):
        by_image.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        renditions = []
        for rendition in by_image.get(image.pk, []):
            own = copy.copy(rendition)
            own.image = image
            renditions.append(own)
        image.prefetched_renditions = renditions


def prefetch_for_page(page, *, products=(), pages=()):
    """Batch what a treatment page's templates will read: clinician photos, product images, renditions.

    `products` are shortcode products; `pages` are other pages whose hero images the page shows as cards.
    """
    leaves = list(_walk(page.body))
    image_model = get_image_model()
    clinicians = [leaf for leaf in leaves if isinstance(leaf, Clinician)]
    block_products = [leaf for leaf in leaves if isinstance(leaf, Product)]
    attach_images(clinicians, "photo")
    attach_images(block_products, "image")
    images = [leaf for leaf in leaves if isinstance(leaf, image_model)]
    images += [clinician.photo for clinician in clinicians if clinician.photo_id]
    images += [product.image for product in [*block_products, *products] if product.image_id]
    images += [other.hero_image for other in [page, *pages] if other.hero_image_id]
    prefetch_renditions(images)


def with_card_renditions(treatments):
    """A treatment queryset whose hero images come with their renditions: one query for any number of cards."""
    return treatments.select_related("hero_image").prefetch_related("hero_image__renditions")
