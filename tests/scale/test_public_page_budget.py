"""Queries of every kind of public page with a warm cache, on a site with thirty treatments, a long article, a
gallery of cases and a booking form: the goal is at most 15 each (issue #13).

Pages still above it are pinned at today's count so they cannot grow while the shared site frame (header, footer,
branding and clinic details: about a dozen queries on every page, from template tags this part does not own) is
made cheaper; lower a ceiling when a page gets cheaper, never raise it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic_site.enquiries.models import EnquiryFormPage, FormField
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from tests.factories.images import ImageFactory
from tests.treatments.test_render_query_counts import treatment_page_with

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15
# Measured ceilings of the pages not yet within the budget (see the module's docstring).
OVER_BUDGET = {"home": 28, "index": 24, "index filtered": 25, "treatment": 35, "gallery": 26, "book": 18}


def booking_page(home):
    page = EnquiryFormPage(
        title="Book a consultation",
        slug="book",
        privacy_note="<p>Your details answer this enquiry only.</p>",
        reply_time="within two working days",
        to_address="clinic@example.com",
        from_address="website@example.com",
        subject="Website enquiry",
    )
    page.form_fields = [
        FormField(label="Your name", field_type="singleline", required=True),
        FormField(label="Message", field_type="multiline", required=True),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def full_site(home_and_index):
    """A clinic with thirty treatments, a long treatment page, a gallery of cases and a booking form."""
    home, index = home_and_index
    acne = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    treatments = []
    for number in range(30):
        treatments.append(
            f.TreatmentPageFactory(
                parent=index,
                title=f"Laser {number:02d}",
                hero_image=ImageFactory(),
                conditions=[acne],
                body=[f.faq("How long is the downtime?", "<p>Two days.</p>")],
            )
        )
    article = treatment_page_with(index, 2)
    gallery = GalleryPageFactory(parent=home)
    for _ in range(6):
        consented_case(pairs=2, treatments=[treatments[0]], conditions=[acne])
    book = booking_page(home)
    return {
        "home": home.url,
        "index": index.url,
        "index filtered": f"{index.url}?condition=acne-scars&page=2",
        "treatment": article.url,
        "gallery": gallery.url,
        "search": "/search/?q=laser",
        "sitemap": "/sitemap.xml",
        "book": book.url,
    }


def queries(client, url):
    client.get(url)  # warms the cache and per-process lookups (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "kind", ["home", "index", "index filtered", "treatment", "gallery", "search", "sitemap", "book"]
)
def test_every_public_page_stays_within_its_query_ceiling(client, full_site, kind):
    count = queries(client, full_site[kind])
    print(f"{kind}: {count} queries")
    assert count <= OVER_BUDGET.get(kind, QUERY_BUDGET)
