"""Template tags for treatment pages: rich text with product shortcodes, science-score stars."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from ..rendering import expand_product_shortcodes

register = template.Library()


@register.simple_tag(takes_context=True)
def rich_text_with_products(context, value):
    """Rich text as HTML, with `[show_products …]` shortcodes turned into product cards."""
    source = getattr(value, "source", value) or ""
    html = expand_db_html(source)
    products = context.get("products_by_shop_id") or {}
    # expand_db_html output is sanitised editor HTML; product cards are rendered by autoescaping templates.
    return mark_safe(expand_product_shortcodes(html, products, is_preview=context.get("is_preview", False)))  # noqa: S308


@register.inclusion_tag("treatments/includes/science_score.html")
def science_score(score):
    score = max(0, min(5, int(score or 0)))
    return {"score": score, "filled": range(score), "empty": range(5 - score)}
