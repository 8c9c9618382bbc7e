"""What treatment pages get from the gallery: a filtered gallery URL, and a few cases as HTML or API data."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.template.loader import render_to_string

from treatments.change_log import head

from .consent import MOBILE_APP, WEBSITE
from .models import BeforeAfterCase, GalleryPage

MAX_EMBEDDED_CASES = 6


def gallery_page():
    return GalleryPage.objects.live().public().order_by("path").first()


def gallery_base_url():
    """The live gallery's URL, cached until the change log moves on (a page published, unpublished or moved).

    A treatment page may hold several gallery links and the API serialises many pages at once: looking the
    gallery page up each time would make queries grow with the number of blocks.
    """
    key = f"galleries:base-url:{head().entry}"
    url = cache.get(key)
    if url is None:
        page = gallery_page()
        url = (page.get_url() or "") if page is not None else ""
        cache.set(key, url, timeout=3600)
    return url


def gallery_url_for_treatment(treatment_page):
    """The gallery filtered to this treatment, e.g. /results/?treatment=exosomes; empty without a gallery."""
    url = gallery_base_url()
    return f"{url}?{urlencode({'treatment': treatment_page.slug})}" if url else ""


def treatment_cases(treatment_page, count, channel):
    count = max(0, min(int(count or 0), MAX_EMBEDDED_CASES))
    if not count or not treatment_page or not treatment_page.pk:
        return []
    cases = BeforeAfterCase.objects.visible_on(channel).filter(treatments=treatment_page)
    return list(cases.for_display()[:count])


def cases_html_for_treatment(treatment_page, count, request=None):
    """Up to `count` website-visible cases of the treatment, rendered; cached until the change log moves on (any
    case, consent or consent date, in any process)."""
    key = f"galleries:embed:{treatment_page.pk}:{count}:{head().entry}"
    html = cache.get(key)
    if html is None:
        cases = treatment_cases(treatment_page, count, WEBSITE)
        html = (
            render_to_string("galleries/includes/case_list.html", {"cases": cases, "embedded": True}) if cases else ""
        )
        cache.set(key, html, timeout=3600)
    return html


def cases_api_for_treatment(treatment_page, count, context=None):
    """Up to `count` mobile-app-visible cases of the treatment, as the cases API serializes them. Cached like the
    HTML embed (until the change log moves on), and per origin, because
    the photo URLs are absolute. The treatments API asks for this on every detail request."""
    from .api.serializers import CaseSerializer

    request = (context or {}).get("request")
    origin = request.build_absolute_uri("/") if request is not None else ""
    origin_key = hashlib.sha256(origin.encode()).hexdigest()[:16]
    key = f"galleries:embed-api:{treatment_page.pk}:{count}:{head().entry}:{origin_key}"
    data = cache.get(key)
    if data is None:
        cases = treatment_cases(treatment_page, count, MOBILE_APP)
        data = list(CaseSerializer(cases, many=True, context=context or {}).data)  # a plain list pickles
        cache.set(key, data, timeout=3600)
    return data
