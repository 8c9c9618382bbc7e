"""Template tags for the site frame: the clinic details and branding, its booking link and the results gallery."""

from django import template
from wagtail.models import Site

from treatments.templatetags.seo_tags import clinic_details_for

register = template.Library()

EN_DASH = "\u2013"
DAY_NAMES = {"Mo": "Mon", "Tu": "Tue", "We": "Wed", "Th": "Thu", "Fr": "Fri", "Sa": "Sat", "Su": "Sun"}


@register.simple_tag(takes_context=True)
def clinic_details(context):
    """The site's ClinicDetails, or None until someone saves them (looked up once per request, never created)."""
    return clinic_details_for(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def clinic_branding(context):
    """The site's ClinicBranding (unsaved defaults until someone saves it); looked up once per request."""
    from clinic_site.models import branding_for

    return branding_for(context.get("request"))


@register.simple_tag
def typeface_preload_url(branding):
    """The regular face of the clinic's typeface, worth preloading since every page's text uses it; "" for none."""
    from clinic_site.theme import TYPEFACES

    typeface = TYPEFACES.get(branding.typeface)
    return typeface.file_url("regular") if typeface else ""


@register.simple_tag(takes_context=True)
def results_gallery(context):
    """The site's live, public results gallery (the first in the tree), or None. Looked up once per request."""
    request = context.get("request")
    if request is not None and hasattr(request, "_results_gallery"):
        return request._results_gallery
    from galleries.models import GalleryPage

    pages = GalleryPage.objects.live().public()
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    gallery = pages.order_by("path").first()
    if request is not None:
        request._results_gallery = gallery
    return gallery


@register.simple_tag
def registered_practitioners():
    """The clinicians whose professional registration the clinic states publicly, by name."""
    from treatments.models import Clinician

    return list(Clinician.objects.exclude(registration_number="").order_by("name"))


@register.filter
def opening_time_for_people(line):
    """ "Mo-Fr 09:00-17:00" (the schema.org form the setting holds) → "Mon-Fri 09:00-17:00" with en dashes."""
    days, _, hours = line.partition(" ")
    for code, name in DAY_NAMES.items():
        days = days.replace(code, name)
    return f"{days.replace('-', EN_DASH).replace(',', ', ')} {hours.replace('-', EN_DASH)}"
