"""Queries per page view stay flat however many blocks, images, products or treatments a page shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import treatments as f
from tests.factories.images import ImageFactory

pytestmark = pytest.mark.django_db


def faq_with_image(number, img):
    return {
        "type": "faq",
        "value": {
            "question": f"Question {number}?",
            "anchor": "",
            "answer": [
                {"type": "rich_text", "value": "<p>An answer.</p>"},
                {"type": "image", "value": {"image": {"image": img.pk, "alt_text": "Alt", "decorative": False},
                                            "caption": "", "credit": ""}},
            ],
        },
    }  # fmt: skip


def blocks_of_every_kind(index, number):
    """One of each body block, each pointing at its own image, product, clinician and page."""
    product = f.ProductFactory(image=ImageFactory())
    shortcode_product = f.ProductFactory(image=ImageFactory())
    clinician = f.ClinicianFactory(photo=ImageFactory())
    other = f.TreatmentPageFactory(parent=index, hero_image=ImageFactory())
    option = {"label": "Cream", "unit_price_from": "70", "unit_price_to": "90", "sessions": 2, "note": ""}
    alternative = {"concern": "Sun damage", "treatment_page": other.pk, "treatment_name": "", "price_from": "1490",
                   "price_to": None, "verdict": "Better"}  # fmt: skip
    return [
        f.rich_text(f'<p>See [show_products product="{shortcode_product.shop_id}"]</p>'),
        faq_with_image(number, ImageFactory()),
        f.comparison_table(["", "A", "B"], [["Type", "1", "2"]]),
        f.cost_comparison([option, {**option, "sessions": 3}]),
        f.budget_alternatives([alternative]),
        f.definition_list([("Term", "Description")]),
        f.pro_tip(clinician),
        f.product(product),
        f.gallery_link(treatment=other),
        f.callout(),
        f.image(ImageFactory()),
    ], other


def treatment_page_with(index, copies):
    body, related = [], []
    for number in range(copies):
        blocks, other = blocks_of_every_kind(index, number)
        body += blocks
        related.append(other)
    page = f.TreatmentPageFactory(parent=index, hero_image=ImageFactory())
    page.body = body
    for other in related:
        page.related_treatments.create(treatment=other)
    page.save_revision().publish()
    return page


def queries_to_view(client, url):
    """Queries of one view with a cold cache; renditions already exist (made by an earlier view)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_treatment_page_queries_do_not_grow_with_blocks_images_products_or_links(client, treatment_index):
    small = treatment_page_with(treatment_index, copies=1)
    large = treatment_page_with(treatment_index, copies=10)

    small_count, _ = queries_to_view(client, small.url)
    large_count, response = queries_to_view(client, large.url)

    assert response.content.count(b'class="product-card"') == 20
    assert response.content.count(b"<aside") == 10
    assert large_count == small_count


def test_treatment_page_queries_with_a_warm_cache_do_not_grow_either(client, treatment_index):
    small = treatment_page_with(treatment_index, copies=1)
    large = treatment_page_with(treatment_index, copies=10)
    for url in (small.url, large.url):
        client.get(url)

    counts = []
    for url in (small.url, large.url):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def listing_with(index, count):
    condition = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    for _ in range(count):
        f.TreatmentPageFactory(parent=index, hero_image=ImageFactory(), conditions=[condition])


@pytest.mark.parametrize("path", ["home", "index", "index_filtered"])
def test_listings_cost_the_same_queries_for_two_or_twelve_treatments(client, home_and_index, path):
    home, index = home_and_index
    url = {"home": home.url, "index": index.url, "index_filtered": f"{index.url}?condition=acne-scars"}[path]

    listing_with(index, 2)
    few, _ = queries_to_view(client, url)
    listing_with(index, 10)
    many, response = queries_to_view(client, url)

    # The home page features the three latest when editors chose none (clinic_site HomePage); the index lists all.
    assert response.content.count(b'class="treatment-card"') == (3 if path == "home" else 12)
    assert many == few
