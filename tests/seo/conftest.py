"""Fixtures for the SEO tests: a fully credited treatment page, clinic details, and JSON-LD parsing."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Site

from tests.factories import treatments as f
from tests.factories.images import ImageFactory, png_bytes
from treatments.models import ClinicDetails


def json_ld_nodes(html):
    """Every JSON-LD node in `html`, flattening @graph documents."""
    nodes = []
    for script in BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json"):
        document = json.loads(script.string)
        nodes.extend(document.get("@graph", [document]))
    return nodes


def nodes_of_type(nodes, schema_type):
    return [node for node in nodes if node.get("@type") == schema_type]


def render_tag(source, **context):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    return Template(source).render(Context({"request": request, **context}))


@pytest.fixture
def clinic_details(home_and_index):
    details = ClinicDetails.for_site(Site.objects.get(is_default_site=True))
    details.name = "Riverside Skin Clinic"
    details.street_address = "12 Quay Street"
    details.locality = "Brisbane"
    details.region = "QLD"
    details.postcode = "4000"
    details.country = "AU"
    details.phone = "+61 7 3000 0000"
    details.opening_hours = "Mo-Fr 09:00-17:00\nSa 09:00-12:00\n"
    details.save()
    return details


@pytest.fixture
def reviewer(db):
    return f.ClinicianFactory(name="Dr Ana Reyes", registration_number="MED0001234567")


@pytest.fixture
def credited_treatment(treatment_index, reviewer):
    """A published treatment with review credits, two FAQs, a priced product block and a shortcode product."""
    priced = f.ProductFactory(name="Recovery serum", shop_id=9833, price=Decimal("89.50"), currency="AUD")
    unpriced = f.ProductFactory(name="Sample sachet", shop_id=9834, price=None)
    f.ProductFactory(name="Retired cream", shop_id=9835, is_active=False)
    page = f.TreatmentPageFactory(
        parent=treatment_index,
        title="Exosome therapy",
        slug="exosomes",
        intro="Lab-made vesicles said to calm and repair skin.",
        hero_image=ImageFactory(file=ImageFile(io.BytesIO(png_bytes(1600, 1000)), name="hero.png")),
        author=f.ClinicianFactory(name="Dr Sam Lee"),
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2024, 5, 2),
    )
    page.body = [
        f.faq("Do exosome creams work?", "<p>Only 2&ndash;5% crosses the skin.</p><ul><li>Cheap</li></ul>"),
        f.rich_text('<p>Try this: [show_products product="9834"] and [show_products product="9835"]</p>'),
        f.product(priced, note="Twice daily"),
        f.faq("Exosomes or PRP?", "<p>PRP has more trials.</p>", anchor="exosomes-vs-prp"),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page, priced, unpriced
