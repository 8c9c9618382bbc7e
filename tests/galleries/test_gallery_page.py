"""The gallery page: filters without JavaScript, side-by-side photos a slider enhances, flat query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from tests.factories.galleries import consented_case
from tests.factories.treatments import ConditionFactory, TreatmentPageFactory

pytestmark = pytest.mark.django_db


def shown_ids(response):
    return {int(pk) for pk in re.findall(r'<article class="case" id="case-(\d+)"', response.content.decode())}


@pytest.fixture
def varied_cases(treatment, home_and_index):
    other = TreatmentPageFactory(parent=home_and_index[1], title="Peel", slug="peel")
    scars = ConditionFactory(name="Acne scars", slug="acne-scars")
    return {
        "scars": consented_case(treatments=[treatment], conditions=[scars], body_area="face", skin_type="IV"),
        "hands": consented_case(treatments=[other], body_area="hands", age_band="55-64", skin_type="II"),
        "neck": consented_case(treatments=[treatment], body_area="neck", age_band="25-34", skin_type="VI"),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"scars", "hands", "neck"}),
        ({"treatment": "microneedling"}, {"scars", "neck"}),
        ({"condition": "acne-scars"}, {"scars"}),
        ({"area": "hands"}, {"hands"}),
        ({"age_band": "25-34"}, {"neck"}),
        ({"skin_type": "VI"}, {"neck"}),
        ({"treatment": "microneedling", "area": "neck"}, {"neck"}),
        ({"treatment": "peel", "area": "neck"}, set()),
    ],
)
def test_filters_narrow_the_results(client, gallery, varied_cases, params, expected):
    response = client.get(gallery.url, params)
    assert shown_ids(response) == {varied_cases[name].pk for name in expected}


def test_filter_form_is_a_plain_get_form(client, gallery, varied_cases):
    html = client.get(gallery.url).content.decode()
    assert re.search(r'<form class="gallery-filters" method="get"', html)
    for name in ["treatment", "condition", "area", "age_band", "skin_type"]:
        assert f'name="{name}"' in html
        assert re.search(rf'<label for="id_{name}">', html)


def test_unknown_filter_value_explains_itself_instead_of_failing(client, gallery, varied_cases):
    response = client.get(gallery.url, {"skin_type": "IX", "treatment": "no-such-thing"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert shown_ids(response) == set()


def test_cases_show_side_by_side_photos_with_disclaimer_and_lazy_responsive_images(client, gallery):
    consented_case(disclaimer="Results depend on skin type.")
    html = client.get(gallery.url).content.decode()
    assert "Results depend on skin type." in html
    assert html.count("<picture>") == 2
    assert 'type="image/webp"' in html and 'loading="lazy"' in html and "srcset=" in html
    assert 'alt="Before treatment, front view"' in html and 'alt="After treatment, front view"' in html
    assert "data-compare" in html and "galleries/compare.js" in html
    assert 'width="640" height="400"' in html  # the original's size: no layout shift, never upscaled


def test_default_disclaimer_is_always_shown(client, gallery):
    consented_case()
    assert "Individual results vary." in client.get(gallery.url).content.decode()


def test_gallery_url_hook_links_to_the_filtered_gallery(gallery, treatment):
    (resolve,) = hooks.get_hooks("treatments_gallery_url")
    assert resolve(treatment) == f"{gallery.url}?treatment=microneedling"


def test_gallery_url_hook_is_empty_without_a_gallery_page(treatment):
    (resolve,) = hooks.get_hooks("treatments_gallery_url")
    assert resolve(treatment) == ""


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_gallery_page_queries_do_not_grow_with_cases_or_photos(client, gallery, treatment):
    consented_case(treatments=[treatment], pairs=1)
    few = count_queries(client, gallery.url)
    for _ in range(6):
        consented_case(treatments=[treatment], pairs=3)
    assert count_queries(client, gallery.url) == few


def test_embedded_cases_queries_do_not_grow_with_cases_or_photos(treatment):
    (render,) = hooks.get_hooks("treatments_gallery_cases_html")
    consented_case(treatments=[treatment])
    with CaptureQueriesContext(connection) as one:
        render(treatment, 6, None)
    for _ in range(5):
        consented_case(treatments=[treatment], pairs=3)
    with CaptureQueriesContext(connection) as six:
        html = render(treatment, 6, None)
    assert html.count('class="case"') == 6
    assert len(six) == len(one)


def test_draft_treatments_are_not_named_on_case_cards_or_in_the_api(client, gallery, treatment, home_and_index):
    draft = TreatmentPageFactory(parent=home_and_index[1], title="Secret new laser", slug="secret-laser", live=False)
    consented_case(treatments=[treatment, draft])
    assert "Secret new laser" not in client.get(gallery.url).content.decode()
    (item,) = client.get("/api/v1/cases/").json()["results"]
    assert [t["slug"] for t in item["treatments"]] == ["microneedling"]
