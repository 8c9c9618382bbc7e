"""Demo loader: the clinic's home page, treatment index, snippets and published treatment articles."""

import datetime
from decimal import Decimal

from wagtail.models import Page, Site

from clinic_site.models import HomePage
from treatments.models import RelatedTreatment, TreatmentIndexPage, TreatmentPage
from treatments.review import assign_medical_review

from . import evidence, exosomes
from .articles import ARTICLES
from .images import demo_image
from .pages import ensure_child, public_url, publish_content, with_block_ids
from .snippets import load_clinicians, load_conditions, load_products

ORDER = 10

HOME_SLUG = "clinic-home"
WELCOME_TITLE = "Welcome to your new Wagtail site!"  # what Wagtail's first migration creates
INDEX_SLUG = "treatments"
# A fixed date keeps the content identical on every run; it only has to be in the past.
LAST_REVIEWED = datetime.date(2026, 10, 15)
DECIMAL_FIELDS = ("price_from", "price_to")


def load(stdout):
    home = load_home(stdout)
    index = load_index(home, stdout)
    conditions, clinicians, products = load_conditions(), load_clinicians(), load_products()
    stdout.write(f"  {len(conditions)} conditions, {len(clinicians)} clinicians, {len(products)} products")
    load_treatments(index, conditions, clinicians, products, stdout)


def load_home(stdout):
    """The HomePage, made the default site's root in place of Wagtail's "Welcome" page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or ensure_child(root, HomePage, HOME_SLUG, title="Home")
    outcome = publish_content(
        home,
        {
            "title": "Home",
            "intro": "Honest, evidence-rated guides to skin treatments, written and checked by our clinicians.",
            "seo_title": "Evidence-rated skin treatments",
        },
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Clinic CMS demo"
        site.save()
    remove_welcome_page(home)
    stdout.write(f"  home page {public_url(home)}: {outcome}")
    return home


def remove_welcome_page(home):
    """Delete Wagtail's untouched "Welcome" placeholder: a plain, childless Page that no site uses any more."""
    candidates = Page.objects.filter(
        depth=2, numchild=0, slug="home", title=WELCOME_TITLE, content_type__model="page"
    ).exclude(pk=home.pk)
    for page in candidates:
        if not Site.objects.filter(root_page=page).exists():
            page.delete()


def load_index(home, stdout):
    index = ensure_child(home, TreatmentIndexPage, INDEX_SLUG, title="Treatments")
    outcome = publish_content(
        index,
        {
            "title": "Treatments",
            "intro": "Every treatment we offer, with an honest science score, typical prices and what to expect.",
        },
    )
    assign_medical_review(index)
    stdout.write(f"  treatment index {public_url(index)}: {outcome}, under medical review")
    return index


def _specs():
    exosome = {
        "slug": exosomes.SLUG,
        "fields": exosomes.FIELDS,
        "conditions": exosomes.CONDITIONS,
        "related": exosomes.RELATED,
        "body": exosomes.body,
    }
    return [*ARTICLES, exosome]


def _values(spec, pages, conditions, clinicians, products):
    fields = {name: Decimal(value) if name in DECIMAL_FIELDS else value for name, value in spec["fields"].items()}
    return {
        **fields,
        "currency": "USD",
        "hero_image": demo_image(f"Demo hero: {spec['fields']['title']}"),
        "author": clinicians["Dr Maya Ellison"],
        "reviewed_by": clinicians["Dr Tomas Reyes"],
        "last_reviewed": LAST_REVIEWED,
        "conditions": [conditions[slug] for slug in spec["conditions"]],
        "related_treatments": [RelatedTreatment(treatment=pages[slug]) for slug in spec["related"]],
        "body": with_block_ids(spec["slug"], spec["body"](pages, clinicians, products)),
        **evidence.review_fields(spec["slug"]),
    }


def load_treatments(index, conditions, clinicians, products, stdout):
    specs = _specs()
    # First make sure every page exists, so bodies and related links can point at any of them.
    pages = {
        spec["slug"]: ensure_child(
            index, TreatmentPage, spec["slug"], title=spec["fields"]["title"], intro=spec["fields"]["intro"]
        )
        for spec in specs
    }
    for spec in specs:
        outcome = publish_content(pages[spec["slug"]], _values(spec, pages, conditions, clinicians, products))
        stdout.write(f"  {pages[spec['slug']].title} {public_url(pages[spec['slug']])}: {outcome}")
