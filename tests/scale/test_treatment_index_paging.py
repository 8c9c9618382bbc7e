"""The treatment index shows one page of cards at a time, with crawlable links, and costs the same however many
treatments the clinic has."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from treatments.models.pages import TREATMENTS_PER_PAGE

pytestmark = pytest.mark.django_db


def add_treatments(index, count, start=0, condition=None, hero_images=False):
    """Treatments for the index; with hero images only where the query counts need their renditions (each image
    costs an upload with its renditions)."""
    for number in range(start, start + count):
        f.TreatmentPageFactory(
            parent=index,
            title=f"Treatment {number:03d}",
            slug=f"treatment-{number:03d}",
            hero_image=ImageFactory() if hero_images else None,
            conditions=[condition] if condition else [],
        )


def view(client, url, **params):
    response = client.get(url, params)
    return response, BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return [title.get_text(strip=True) for title in soup.select(".treatment-card__title")]


def test_the_index_shows_one_page_of_cards_with_links_to_the_next(client, treatment_index):
    add_treatments(treatment_index, TREATMENTS_PER_PAGE + 5)
    response, first = view(client, treatment_index.url)
    assert response.status_code == 200
    assert card_titles(first) == [f"Treatment {n:03d}" for n in range(TREATMENTS_PER_PAGE)]
    assert first.find("link", rel="next")["href"] == "http://localhost/treatments/?page=2"
    assert first.find("link", rel="prev") is None
    assert first.find("link", rel="canonical")["href"] == "http://localhost/treatments/"

    response, second = view(client, treatment_index.url, page="2")
    assert card_titles(second) == [f"Treatment {n:03d}" for n in range(TREATMENTS_PER_PAGE, TREATMENTS_PER_PAGE + 5)]
    assert second.find("link", rel="prev")["href"] == "http://localhost/treatments/"
    assert second.find("link", rel="next") is None
    assert second.find("link", rel="canonical")["href"] == "http://localhost/treatments/?page=2"


def test_the_page_nav_is_labelled_and_marks_the_current_page(client, treatment_index):
    add_treatments(treatment_index, TREATMENTS_PER_PAGE * 2 + 1)
    _, soup = view(client, treatment_index.url, page="2")
    nav = soup.find("nav", attrs={"aria-label": "Pages of treatments"})
    assert "Page 2 of 3" in nav.get_text()
    current = nav.find("a", attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "2"
    assert nav.find("a", rel="prev")["href"] == "http://localhost/treatments/"
    assert nav.find("a", rel="next")["href"] == "http://localhost/treatments/?page=3"
    assert [a.get_text(strip=True) for a in nav.find_all("a", attrs={"aria-label": True})] == ["1", "2", "3"]


def test_a_single_page_has_no_page_nav(client, treatment_index):
    add_treatments(treatment_index, 3)
    _, soup = view(client, treatment_index.url)
    assert len(card_titles(soup)) == 3
    assert soup.find("nav", attrs={"aria-label": "Pages of treatments"}) is None
    assert soup.find("link", rel="next") is None


@pytest.mark.parametrize("page", ["3", "0", "-1", "two", "1e9"])
def test_a_page_past_the_end_or_not_a_number_is_not_found(client, treatment_index, page):
    add_treatments(treatment_index, TREATMENTS_PER_PAGE + 1)
    response, soup = view(client, treatment_index.url, page=page)
    assert response.status_code == 404
    assert "Page not found" in soup.get_text()


def test_the_condition_filter_pages_too_and_its_links_keep_the_filter(client, treatment_index):
    acne = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    add_treatments(treatment_index, TREATMENTS_PER_PAGE + 2, condition=acne)
    add_treatments(treatment_index, 5, start=500)  # for other conditions: never on the filtered pages
    _, first = view(client, treatment_index.url, condition="acne-scars")
    assert "Showing 26 treatments for Acne scars" in " ".join(first.get_text().split())
    assert len(card_titles(first)) == TREATMENTS_PER_PAGE
    next_url = first.find("link", rel="next")["href"]
    assert next_url == "http://localhost/treatments/?condition=acne-scars&page=2"

    _, second = view(client, treatment_index.url, condition="acne-scars", page="2")
    assert card_titles(second) == [f"Treatment {n:03d}" for n in (TREATMENTS_PER_PAGE, TREATMENTS_PER_PAGE + 1)]
    assert second.find("link", rel="canonical")["href"] == next_url
    assert second.find("link", rel="prev")["href"] == "http://localhost/treatments/?condition=acne-scars"


def queries_to_view(client, url):
    client.get(url)  # warms per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_queries_do_not_grow_from_10_to_60_treatments(client, treatment_index):
    acne = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    add_treatments(treatment_index, 10, condition=acne, hero_images=True)
    views = ["", "?condition=acne-scars", "?condition=acne-scars&page=2"]  # one site built for all three
    few = {
        query: queries_to_view(client, treatment_index.url + query.replace("page=2", "page=1"))[0] for query in views
    }
    add_treatments(treatment_index, 50, start=10, condition=acne, hero_images=True)
    for query in views:
        many, response = queries_to_view(client, treatment_index.url + query)
        assert response.content.count(b'class="treatment-card"') == TREATMENTS_PER_PAGE, query
        assert many <= few[query], query
