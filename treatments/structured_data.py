"""schema.org JSON-LD for treatment pages and the clinic, built as plain dicts by pure functions.

How a TreatmentPage maps (only properties schema.org defines for each type, so validators stay quiet):

- ``MedicalWebPage``: name (SEO title or title), url, description (search description, else intro),
  lastReviewed, citation (``ScholarlyArticle`` per cited reference, in order of first citation: name, author,
  datePublished, isPartOf = journal, identifier = DOI and PMID, url), reviewedBy (``Physician``: name,
  identifier = registration number), author (``Person``: name, jobTitle = credentials),
  datePublished/dateModified, image (hero image, absolute URL),
  publisher (the ``MedicalClinic``), breadcrumb, and ``about``: the therapy plus the page's conditions.
- ``MedicalTherapy`` (a MedicalProcedure subtype, so it takes howPerformed): name, url,
  description = intro, howPerformed = best used + mode of action, adverseOutcome = caution,
  disambiguatingDescription = best for + comments. The science score and prices have no
  schema.org property on a therapy; prices appear as Product offers, the score only on the page.
- ``MedicalCondition`` per condition, with possibleTreatment pointing back at the therapy.
- ``FAQPage``: one ``Question`` per FAQ block; acceptedAnswer.text is the answer as plain text.
- ``Product`` per active product (product blocks and inline shortcodes, once each), with an ``Offer``
  when it has a price.
- ``BreadcrumbList``: the site's home page down to the page itself.
"""

import html
import re

from django.utils.html import strip_tags

from .image_privacy import shown_publicly
from .rendering import lookups_for
from .richtext_safety import clean_stored
from .shortcodes import replace_product_shortcodes

SCHEMA_CONTEXT = "https://schema.org"
SOCIAL_IMAGE_SPEC = "fill-1200x630"
LOGO_SPEC = "max-600x600"  # a rendition: originals are stored privately (galleries.storage) and have no public URL
PRODUCT_IMAGE_SPEC = "fill-240x240"  # the product card's rendition (treatments/includes/product_card.html)
_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------- helpers
def plain_text(markup):
    """Rich text or HTML as one line of readable text: tags, entities and shortcodes removed."""
    # Cleaned first, so a stored <script>'s content never becomes text a search engine is given.
    text = replace_product_shortcodes(clean_stored(str(markup or "")), lambda shortcode: " ")
    # Block-level tags end words: "<li>One</li><li>Two</li>" must not become "OneTwo".
    text = re.sub(r"</(p|li|h[1-6]|div|tr|td|th|dd|dt)>|<br\s*/?>", " ", text, flags=re.IGNORECASE)
    return _SPACES.sub(" ", html.unescape(strip_tags(text))).strip()


def absolute_url(url, request=None, root_url=""):
    """An absolute URL for `url`: as given when it already is, else on the request's host or the site root."""
    if not url or url.startswith(("http://", "https://", "//")):
        return url or ""
    if root_url:
        return root_url.rstrip("/") + url
    if request is not None:
        return request.build_absolute_uri(url)
    return url


def page_url(page, request=None):
    """The page's absolute URL on the host that serves this request (the Site's own root URL without one)."""
    if request is not None:
        # Relative when the page belongs to the request's site, so it takes the request's scheme and host.
        return absolute_url(page.get_url(request) or "", request)
    return page.get_full_url() or ""


def site_root_url(page, request=None):
    """The root URL links are built on: the request's scheme and host, else the page's Site."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    site = page.get_site() if page is not None else None
    return site.root_url if site is not None else ""


def social_image(image, request=None, root_url=""):
    """The 1200x630 rendition used by JSON-LD and social cards: absolute URL, width, height, alt text."""
    if not shown_publicly(image):
        return None
    rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
    return {
        "url": absolute_url(rendition.url, request, root_url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def _compact(data):
    """Drop empty values so the JSON carries only what the page really has."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


# ---------------------------------------------------------------- people
def physician(clinician):
    """A reviewing clinician: schema.org's Physician, identified by their registration number."""
    if clinician is None:
        return None
    return _compact(
        {
            "@type": "Physician",
            "name": clinician.name,
            "identifier": clinician.registration_number,
            "description": clinician.credentials,
        }
    )


def person(clinician):
    if clinician is None:
        return None
    return _compact({"@type": "Person", "name": clinician.name, "jobTitle": clinician.credentials})


# ---------------------------------------------------------------- evidence
def scholarly_article(reference):
    """A cited reference: schema.org's ScholarlyArticle, identified by DOI and PMID where it has them."""
    identifiers = [
        {"@type": "PropertyValue", "propertyID": kind, "value": value}
        for kind, value in (("DOI", reference.doi), ("PMID", reference.pmid))
        if value
    ]
    return _compact(
        {
            "@type": "ScholarlyArticle",
            "name": reference.title,
            "author": reference.authors,
            "datePublished": str(reference.year) if reference.year else None,
            "isPartOf": {"@type": "Periodical", "name": reference.journal} if reference.journal else None,
            "identifier": identifiers,
            "url": reference.link,
        }
    )


def citations(page):
    cited = page.cited_references() if hasattr(page, "cited_references") else []
    return [scholarly_article(reference) for reference in cited]


# ---------------------------------------------------------------- the treatment
def therapy(page, url):
    """The treatment itself, carrying the page's summary card."""
    how = page.best_used
    if page.mode_of_action:
        how = f"{how}. Mode of action: {page.mode_of_action}" if how else f"Mode of action: {page.mode_of_action}"
    verdict = " ".join(part for part in (f"Best for: {page.best_for}." if page.best_for else "", page.comments) if part)
    return _compact(
        {
            "@type": "MedicalTherapy",
            "@id": f"{url}#treatment",
            "name": page.title,
            "url": url,
            "description": page.intro,
            "howPerformed": how,
            "adverseOutcome": {"@type": "MedicalEntity", "name": page.caution} if page.caution else None,
            "disambiguatingDescription": verdict,
            "followup": page.recovery,
        }
    )


def conditions(page, url):
    return [
        {"@type": "MedicalCondition", "name": condition.name, "possibleTreatment": {"@id": f"{url}#treatment"}}
        for condition in page.conditions.all()
    ]


def medical_web_page(page, request=None, clinic_id=None):
    url = page_url(page, request)
    image = social_image(page.hero_image, request, site_root_url(page, request))
    return _compact(
        {
            "@type": "MedicalWebPage",
            "@id": f"{url}#webpage",
            "name": page.seo_title or page.title,
            "url": url,
            "description": page.search_description or page.intro,
            "lastReviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
            "citation": citations(page),
            "reviewedBy": physician(page.reviewed_by),
            "author": person(page.author),
            "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
            "dateModified": page.last_published_at.isoformat() if page.last_published_at else None,
            "image": image["url"] if image else None,
            "publisher": {"@id": clinic_id} if clinic_id else None,
            "breadcrumb": {"@id": f"{url}#breadcrumb"},
            "about": [therapy(page, url), *conditions(page, url)],
        }
    )


def faq_page(page, request=None):
    """One Question per FAQ block, answers as plain text; None when the page has no questions."""
    url = page_url(page, request)
    questions = [
        {
            "@type": "Question",
            "name": faq["question"],
            "url": f"{url}#{faq.anchor_id}",
            "acceptedAnswer": {"@type": "Answer", "text": answer_text(faq["answer"])},
        }
        for faq in page.questions()
    ]
    if not questions:
        return None
    return {"@type": "FAQPage", "@id": f"{url}#faq", "mainEntity": questions}


def answer_text(answer_stream):
    """An answer stream's prose as plain text; images carry no text of their own."""
    parts = [plain_text(child.value.source) for child in answer_stream if child.block_type == "rich_text"]
    return " ".join(part for part in parts if part)


# ---------------------------------------------------------------- products
def page_products(page, products_by_shop_id=None):
    """Active products a page shows, from product blocks then shortcodes, each once, in order, from the page's
    lookups (the ones its templates used); `products_by_shop_id` is the shortcode lookup of the page's context."""
    lookups = lookups_for(page)
    for shop_id, item in (products_by_shop_id or {}).items():
        lookups.products_by_shop_id.setdefault(shop_id, item)
    return lookups.products_shown()


def product(item, request=None, root_url="", image=None):
    offer = None
    if item.price is not None:
        offer = _compact(
            {
                "@type": "Offer",
                "price": f"{item.price:.2f}",
                "priceCurrency": item.currency,
                "url": item.buy_url,
                "availability": "https://schema.org/InStock",
            }
        )
    return _compact(
        {
            "@type": "Product",
            "name": item.name,
            "sku": str(item.shop_id),
            "description": item.description,
            "url": item.buy_url,
            # A rendition, never the original: originals are not served (photo privacy).
            "image": (
                absolute_url(image.get_rendition(PRODUCT_IMAGE_SPEC).url, request, root_url)
                if shown_publicly(image)
                else None
            ),
            "offers": offer,
        }
    )


def products(page, request=None, products_by_shop_id=None):
    items = page_products(page, products_by_shop_id)
    # Images and their renditions batched, however many products the page shows; on a rendered page they were
    # already batched for the product cards, and this finds them in place.
    lookups_for(page).load_for_templates()
    root = site_root_url(page, request)
    return [product(item, request, root, item.image if item.image_id else None) for item in items]


# ---------------------------------------------------------------- navigation and the clinic
def breadcrumb_list(page, request=None):
    """The trail from the site's home page to `page`, positions counted from 1."""
    site = page.get_site()
    top_depth = site.root_page.depth if site is not None else 2
    trail = [*page.get_ancestors().filter(depth__gte=top_depth), page]
    return {
        "@type": "BreadcrumbList",
        "@id": f"{page_url(page, request)}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.title, "item": page_url(crumb, request)}
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def medical_clinic(details, request=None, root_url=""):
    """The clinic from its ClinicDetails setting; None until the clinic has at least a name."""
    if details is None or not details.name:
        return None
    url = details.url or absolute_url("/", request, root_url)
    address = _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": details.street_address,
            "addressLocality": details.locality,
            "addressRegion": details.region,
            "postalCode": details.postcode,
            "addressCountry": details.country,
        }
    )
    logo = absolute_url(details.logo.get_rendition(LOGO_SPEC).url, request, root_url) if details.logo_id else None
    return _compact(
        {
            "@type": "MedicalClinic",
            "@id": f"{url.rstrip('/')}/#clinic",
            "name": details.name,
            "url": url,
            "telephone": details.phone,
            "address": address if len(address) > 1 else None,
            "openingHours": details.opening_hours_lines(),
            "logo": logo,
            "image": logo,
        }
    )


# ---------------------------------------------------------------- whole documents
def treatment_page_graph(page, request=None, clinic=None, products_by_shop_id=None):
    """Every node a treatment page carries: web page, FAQ, products, breadcrumbs."""
    clinic_id = clinic["@id"] if clinic else None
    nodes = [
        medical_web_page(page, request, clinic_id),
        faq_page(page, request),
        *products(page, request, products_by_shop_id),
    ]
    nodes.append(breadcrumb_list(page, request))
    return [node for node in nodes if node]


def page_graph(page=None, request=None, clinic_details=None, products_by_shop_id=None):
    """The JSON-LD document for any page (or none, for plain views): the clinic plus what the page adds."""
    root = site_root_url(page, request) if page is not None else ""
    clinic = medical_clinic(clinic_details, request, root)
    nodes = [clinic] if clinic else []
    if page is not None:
        from .models import TreatmentPage

        if isinstance(page, TreatmentPage):
            nodes += treatment_page_graph(page, request, clinic, products_by_shop_id)
        elif page.depth > 1:
            nodes.append(breadcrumb_list(page, request))
    if not nodes:
        return None
    return {"@context": SCHEMA_CONTEXT, "@graph": nodes}
