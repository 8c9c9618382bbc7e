"""Site search costs the same queries for 5 or 40 matches, with result pages whose bodies hold images, products
and clinicians."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from treatments.views import RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db


def faq_with_image(image):
    faq = f.faq("What is the downtime after laser?", "<p>Two days of redness.</p>")
    faq["value"]["answer"].append(
        {"type": "image", "value": {"image": {"image": image.pk, "alt_text": "Redness", "decorative": False},
                                    "caption": "", "credit": ""}}
    )  # fmt: skip
    return faq


def add_laser_pages(index, count, start=0):
    for number in range(start, start + count):
        page = f.TreatmentPageFactory(
            parent=index,
            title=f"Laser {number:03d}",
            slug=f"laser-{number:03d}",
            hero_image=ImageFactory(),
            body=[
                f.rich_text("<p>About the laser.</p>"),
                f.product(f.ProductFactory(image=ImageFactory())),
                f.pro_tip(f.ClinicianFactory(photo=ImageFactory())),
                faq_with_image(ImageFactory()),
            ],
        )
        f.ConditionFactory(name=f"Scar {number}").treatment_pages.add(page)


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def queries(client, **params):
    search(client, **params)  # warms per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        soup = search(client, **params)
    return len(captured), soup


def test_search_queries_do_not_grow_from_5_to_40_results_nor_on_the_last_page(client, treatment_index):
    # One site built for every measure: forty result pages, each with its own images, products and clinicians.
    add_laser_pages(treatment_index, 5)
    few = {}
    for query in ("laser", "downtime"):
        few[query], soup = queries(client, q=query)
        assert len(soup.select(".search-result")) == 5, query
    add_laser_pages(treatment_index, 35, start=5)
    for query in ("laser", "downtime"):
        many, soup = queries(client, q=query)
        assert len(soup.select(".search-result")) == RESULTS_PER_PAGE, query
        assert "40 results" in soup.get_text(), query
        assert many <= few[query], query

    first, _ = queries(client, q="downtime")
    last, soup = queries(client, q="downtime", page="4")
    assert len(soup.select(".search-result")) == 10
    assert soup.select_one(".search-answer a").get_text() == "What is the downtime after laser?"
    assert last <= first
