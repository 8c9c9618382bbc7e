"""Product shortcodes in rendered rich text become cards that never sit inside a paragraph."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import treatments as f
from treatments.rendering import expand_product_shortcodes

pytestmark = pytest.mark.django_db


@pytest.fixture
def serum():
    return f.ProductFactory(shop_id=9833, name="Recovery serum")


def expand(html, products, **kwargs):
    return BeautifulSoup(expand_product_shortcodes(html, products, **kwargs), "html.parser")


def test_paragraph_is_split_around_a_card_keeping_the_text_on_both_sides(serum):
    soup = expand('<p class="lead">Before [show_products product="9833"] after.</p>', {9833: serum})

    assert [p.get_text() for p in soup.find_all("p", recursive=False)] == ["Before ", " after."]
    assert all(p["class"] == ["lead"] for p in soup.find_all("p", recursive=False))
    assert soup.select_one(".product-card").find_parent("p") is None


def test_paragraph_holding_only_a_shortcode_leaves_no_empty_paragraph(serum):
    soup = expand("<p>&nbsp;[show_products product=\u201d9833\u2033<br/></p>", {9833: serum})

    assert soup.find_all("p", recursive=False) == []
    assert soup.select_one(".product-card__name").get_text() == "Recovery serum"


def test_shortcode_naming_two_products_renders_both_cards(serum):
    other = f.ProductFactory(shop_id=9834, name="Sunscreen")
    soup = expand('<p>[show_products product="9833, 9834"]</p>', {9833: serum, 9834: other})

    assert [p.get_text() for p in soup.select(".product-card__name")] == ["Recovery serum", "Sunscreen"]


def test_shortcode_in_a_list_item_becomes_a_card_in_that_item(serum):
    soup = expand('<ul><li>Use [show_products product="9833"]</li></ul>', {9833: serum})

    assert soup.select_one("li .product-card__name").get_text() == "Recovery serum"


def test_paragraphs_without_shortcodes_are_left_exactly_as_they_were(serum):
    html = '<p>One.</p><p data-x="1">Two &amp; three.</p><pre>[code]</pre>'

    assert expand_product_shortcodes(html, {9833: serum}) == html


def test_warning_for_an_unknown_id_replaces_the_shortcode_only_in_preview():
    html = '<p>Try [show_products product="4040"] today.</p>'

    visitor = expand(html, {})
    assert visitor.get_text() == "Try  today."
    assert visitor.select(".editor-warning") == []
    editor = expand(html, {}, is_preview=True)
    assert "4040 does not exist" in editor.select_one(".editor-warning").get_text()
    assert editor.select_one(".editor-warning").find_parent("p") is None
