"""Template tags for search engines and social sharing: JSON-LD and the values behind the meta tags."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from ..models import TreatmentPage
from ..site_settings import ClinicDetails
from ..structured_data import page_graph, page_url, plain_text, site_root_url, social_image

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a string would end or confuse the element: escape the characters.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_script(data):
    """JSON that is safe to place inside a <script> element, whatever the strings contain."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def clinic_details_for(request, page):
    """The site's ClinicDetails, or None when nobody has saved any.

    Unlike ClinicDetails.for_request this never creates a row: rendering a page must not write to the database.
    Looked up once per request.
    """
    cached = getattr(request, "_clinic_details", False) if request is not None else False
    if cached is not False:
        return cached
    site = None
    if request is not None:
        site = Site.find_for_request(request)
    elif page is not None:
        site = page.get_site()
    site = site or Site.objects.filter(is_default_site=True).first()
    details = ClinicDetails.base_queryset().filter(site=site).first() if site is not None else None
    if request is not None:
        request._clinic_details = details
    return details


@register.simple_tag(takes_context=True)
def structured_data(context, page=None):
    """`{% structured_data page %}`: the page's JSON-LD as a script element (the clinic alone without a page)."""
    request = context.get("request")
    page = page if isinstance(page, Page) else None
    document = page_graph(
        page, request, clinic_details_for(request, page), products_by_shop_id=context.get("products_by_shop_id")
    )
    if document is None:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(json_for_script(document)))  # noqa: S308


def site_name_for(request, page):
    site = page.get_site() if page is not None else (Site.find_for_request(request) if request else None)
    return (site.site_name if site is not None else "") or settings.WAGTAIL_SITE_NAME


def page_description(page):
    """Search description, else the page's intro (treatments, indexes and the home page all have one)."""
    return page.search_description or plain_text(getattr(page, "intro", ""))


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Everything `includes/seo_meta.html` prints, for a Wagtail page or any view (no `page` in context).

    Plain views may set `seo_title`, `seo_description`, `canonical_url` and `noindex` in their context.
    """
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    site_name = site_name_for(request, page)
    if page is not None:
        specific = page.specific_deferred if type(page) is Page else page
        title = specific.seo_title or specific.title
        description = page_description(specific)
        # A page may name its own canonical address (one page of a paginated list is its own document).
        canonical = context.get("canonical_url") or page_url(specific, request)
        image = social_image(getattr(specific, "hero_image", None), request, site_root_url(specific, request))
        is_article = isinstance(specific, TreatmentPage)
    else:
        title = context.get("seo_title", "")
        description = context.get("seo_description", "")
        canonical = context.get("canonical_url") or (request.build_absolute_uri(request.path) if request else "")
        image, is_article = None, False
    return {
        "title": f"{title} | {site_name}" if title and title != site_name else site_name,
        "social_title": title or site_name,
        "site_name": site_name,
        "description": description,
        "canonical": canonical,
        "og_type": "article" if is_article else "website",
        "image": image,
        "twitter_card": "summary_large_image" if image else "summary",
        "noindex": bool(context.get("noindex")),
    }
