"""Template tags for treatment pages: rich text with product shortcodes, science-score stars, money, site links."""

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from ..evidence.citations import render_citations
from ..image_privacy import shown_publicly
from ..rendering import expand_product_shortcodes
from ..richtext_safety import clean_rendered

register = template.Library()

EN_DASH = "\u2013"

# Symbols for the currencies clinics price in most; anything else shows its ISO code ("CHF 120").
CURRENCY_SYMBOLS = {
    "USD": "$",
    "AUD": "A$",
    "NZD": "NZ$",
    "CAD": "CA$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "SGD": "S$",
}


@register.simple_tag(takes_context=True)
def rich_text_with_products(context, value):
    """Rich text as HTML, with `[show_products …]` shortcodes turned into product cards and citations numbered."""
    source = getattr(value, "source", value) or ""
    html = clean_rendered(expand_db_html(render_citations(source, context.get("citation_numbers") or {})))
    products = context.get("products_by_shop_id") or {}
    cards = {"product_disclosure": context.get("product_disclosure", "")}
    # The HTML is cleaned by the allow-list (richtext_safety.py); product cards come from autoescaping templates.
    return mark_safe(  # noqa: S308
        expand_product_shortcodes(html, products, is_preview=context.get("is_preview", False), card_context=cards)
    )


@register.inclusion_tag("treatments/includes/evidence_rating.html")
def evidence_rating(page, references):
    """ "How we rate evidence": the rubric, this page's score, and a summary of what it cites."""
    from ..evidence import rubric

    return {"levels": rubric.LEVELS, "score": page.science_score, "summary": rubric.summary(references)}


@register.inclusion_tag("treatments/includes/science_score.html")
def science_score(score):
    score = max(0, min(5, int(score or 0)))
    return {"score": score, "filled": range(score), "empty": range(5 - score)}


def format_money(amount, currency=""):
    """`Decimal("1800")`, "USD" → "$1,800"; cents only when there are some; unknown codes as "CHF 12.50"."""
    if amount in (None, ""):
        return ""
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return ""
    whole = amount == amount.to_integral_value()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    code = (currency or "").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    return f"{code} {number}" if code else number


register.filter("shown_publicly", shown_publicly)  # false for a patient photo, which only the gallery shows


@register.filter
def money(amount, currency=""):
    """Template form of `format_money`: `{{ price|money:page.currency }}`."""
    return format_money(amount, currency)


@register.simple_tag
def money_range(low, high, currency=""):
    """A price range with an en dash ("$300\u2013$450"), or one price when there is no upper one."""
    if low in (None, ""):
        return format_money(high, currency)
    if high in (None, "") or Decimal(str(high)) == Decimal(str(low)):
        return format_money(low, currency)
    return f"{format_money(low, currency)}{EN_DASH}{format_money(high, currency)}"


def _site_for(context):
    request = context.get("request")
    if request is None:
        return None
    return Site.find_for_request(request)


@register.simple_tag(takes_context=True)
def site_name(context):
    """The current site's name as set in Wagtail, else WAGTAIL_SITE_NAME."""
    site = _site_for(context)
    return (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "") or "Clinic"


@register.simple_tag(takes_context=True)
def treatment_index_url(context):
    """URL of the current site's treatment index, looked up once per request."""
    request = context.get("request")
    cached = getattr(request, "_treatment_index_url", None) if request is not None else None
    if cached is not None:
        return cached
    from ..models import TreatmentIndexPage

    site = _site_for(context)
    pages = TreatmentIndexPage.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    index = pages.order_by("path").first()
    url = index.get_url(request) if index else ""
    if request is not None:
        request._treatment_index_url = url
    return url or ""


@register.filter
def equals(left, right):
    """`{% with same=a|equals:b %}`: Django templates have no comparison expression inside `with`."""
    return left == right


@register.simple_tag
def gallery_url(value, page):
    """The gallery link block's target for this page; empty when no gallery app provides one."""
    return value.gallery_url_for(page) if page is not None else ""


@register.simple_tag(takes_context=True)
def gallery_cases_html(context, value, page):
    """Inline before/after cases rendered by the gallery app's hook (its own escaped template output)."""
    if page is None:
        return ""
    return mark_safe(value.cases_html(page, context.get("request")) or "")  # noqa: S308
