"""Conflicts of interest: every product the clinic sells carries the site's disclosure, on the page and in the API."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments.evidence.models import DEFAULT_PRODUCT_DISCLOSURE, EvidenceSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def product_page(treatment_index):
    serum = f.ProductFactory(shop_id=9833)
    page = f.TreatmentPageFactory(parent=treatment_index, slug="with-products")
    page.body = [f.product(serum, note="Twice daily"), f.rich_text('<p>Try [show_products product="9833"]</p>')]
    return publish(page)


def test_each_product_card_carries_the_disclosure_the_site_words(client, product_page):
    html = BeautifulSoup(client.get(product_page.url).content, "html.parser")
    cards = html.select(".product-card")
    assert len(cards) == 2
    assert [card.select_one(".product-card__disclosure").get_text() for card in cards] == [
        DEFAULT_PRODUCT_DISCLOSURE
    ] * 2
    setting = EvidenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.product_disclosure = "We own the shop that sells this."
    setting.save()
    html = BeautifulSoup(client.get(product_page.url).content, "html.parser")
    assert html.select_one(".product-card__disclosure").get_text() == "We own the shop that sells this."


def test_the_api_gives_the_disclosure_only_for_pages_that_show_products(api, product_page, treatment_index):
    assert api.get(f"/api/v1/treatments/{product_page.pk}/").json()["product_disclosure"] == DEFAULT_PRODUCT_DISCLOSURE
    plain = publish(f.TreatmentPageFactory(parent=treatment_index, slug="no-products"))
    assert api.get(f"/api/v1/treatments/{plain.pk}/").json()["product_disclosure"] is None


def test_new_wording_reaches_the_stored_api_document(api, product_page):
    url = f"/api/v1/treatments/{product_page.pk}/"
    api.get(url)
    setting = EvidenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.product_disclosure = "We own the shop that sells this."
    setting.save()
    assert api.get(url).json()["product_disclosure"] == "We own the shop that sells this."
