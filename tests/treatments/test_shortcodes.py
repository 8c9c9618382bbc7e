"""The `[show_products product="…"]` parser over the forms real WordPress exports contain."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import treatments as f
from treatments.rendering import expand_product_shortcodes, shortcode_shop_ids
from treatments.shortcodes import find_product_shortcodes, replace_product_shortcodes, shop_ids_in


def ids_in(text):
    return [shortcode.shop_ids for shortcode in find_product_shortcodes(text)]


@pytest.mark.parametrize(
    "text",
    [
        '[show_products product="9833"]',
        "[show_products product='9833']",
        "[show_products product=\u201d9833\u2033",  # the seed: curly quote, double prime, no closing bracket
        "[show_products product=\u201c9833\u201d]",
        "[show_products product=\u20189833\u2019]",
        "[show_products product=\u20199833\u2019]",
        "[show_products product=&quot;9833&quot;]",
        "[show_products product=&#8221;9833&#8243;]",
        "[show_products product=9833]",
        '[ show_products   product = "9833" ]',
        '[show_products&nbsp;product="9833"]',
        '[SHOW_PRODUCTS product="9833"]',
    ],
)
def test_finds_the_shop_id_in_every_real_world_form(text):
    assert ids_in(f"<p>Before {text} after</p>") == [(9833,)]


def test_shortcode_missing_its_bracket_at_the_end_of_a_line_stops_at_the_line_end():
    text = 'Our pick:\n[show_products product="9833"\nWhy are exosomes not approved?'
    (shortcode,) = find_product_shortcodes(text)
    assert shortcode.shop_ids == (9833,)
    assert text[shortcode.end :] == "\nWhy are exosomes not approved?"


def test_shortcode_missing_its_bracket_before_a_closing_paragraph_keeps_the_html():
    text = "<p>[show_products product=\u201d9833\u2033</p><p>Next</p>"
    replaced = replace_product_shortcodes(text, lambda shortcode: "CARD")
    assert replaced == "<p>CARD</p><p>Next</p>"


def test_shortcode_at_the_very_end_of_the_text_without_a_bracket_is_found():
    assert ids_in('Buy it here: [show_products product="9833"') == [(9833,)]


def test_comma_separated_ids_are_all_found_in_order():
    assert ids_in('[show_products product="9833, 9834 ,12"]') == [(9833, 9834, 12)]


def test_several_shortcodes_in_one_text_are_found_in_order():
    text = '<p>[show_products product="1"]</p><p>text</p><p>[show_products product="2"]</p>'
    assert ids_in(text) == [(1,), (2,)]


def test_shop_ids_in_lists_each_id_once_in_order_of_appearance():
    text = '[show_products product="5"] [show_products product="3,5"] [show_products product="7"]'
    assert shop_ids_in(text) == [5, 3, 7]


@pytest.mark.parametrize(
    "text",
    [
        '[show_product product="9833"]',
        '[show_products_grid product="9833"]',
        '[show_products category="9833"]',
        '[gallery ids="9833"]',
        '[product id="9833"]',
        "show_products product=9833",
        '[show_products product=""]',
        "",
    ],
)
def test_other_shortcodes_and_plain_text_are_left_alone(text):
    assert find_product_shortcodes(text) == []
    assert replace_product_shortcodes(text, lambda shortcode: "CARD") == text


def test_shop_ids_are_collected_from_every_block_of_a_body_without_loading_it():
    body = [
        f.rich_text('<p>[show_products product="9833"]</p>'),
        f.faq("Which serum?", "<p>[show_products product=\u201d9834\u2033</p>"),
        f.callout(body="<p>[show_products product='9833']</p>"),
    ]
    assert shortcode_shop_ids(body) == [9833, 9834]


@pytest.mark.django_db
@pytest.mark.parametrize("is_active", [False, None], ids=["inactive", "unknown"])
def test_missing_or_inactive_products_vanish_for_visitors_and_warn_editors(is_active):
    products = {}
    if is_active is not None:
        products[9833] = f.ProductFactory(shop_id=9833, is_active=is_active)
    html = '<p>Before</p><p>[show_products product="9833"]</p><p>After</p>'
    # The empty paragraph that held the shortcode is dropped, not left behind as <p></p>.
    assert expand_product_shortcodes(html, products) == "<p>Before</p><p>After</p>"
    preview = expand_product_shortcodes(html, products, is_preview=True)
    assert "Editor note: product with shop id 9833" in preview
    assert ("is inactive" if is_active is False else "does not exist") in preview


# ---------------------------------------------------------------- properties
OPENING = st.sampled_from(["", '"', "'", "\u201c", "\u201d", "\u2033", "\u2018", "\u2019", "&quot;", "&#8221;"])
CLOSING = st.sampled_from(["", '"', "'", "\u201d", "\u2033", "\u2019", "\u201c", "&quot;", "&#8243;"])
SPACE = st.sampled_from(["", " ", "  "])
# Surrounding prose: anything but a bracket, so it cannot itself hold a shortcode.
PROSE = st.text(alphabet=st.characters(blacklist_characters="[", blacklist_categories=("Cs",)), max_size=60)


@st.composite
def shortcodes(draw):
    shop_id = draw(st.integers(min_value=0, max_value=2**31))
    opening, closing = draw(OPENING), draw(CLOSING)
    before, after = draw(SPACE), draw(SPACE)
    # An unclosed shortcode is only recognisable when the line or the paragraph ends right after it.
    ending = draw(st.sampled_from(["]", " ]", "\n", "</p>"]))
    text = f"[{before}show_products {before}product{after}={after}{opening}{shop_id}{closing}{after}"
    kept = ending if ending in {"\n", "</p>"} else ""
    return shop_id, text + ("" if kept else ending), kept


@given(shortcodes(), PROSE, PROSE)
def test_any_shortcode_form_in_any_text_yields_exactly_its_id(shortcode, prefix, suffix):
    shop_id, code, kept = shortcode
    assert shop_ids_in(prefix + code + kept + suffix) == [shop_id]


@given(shortcodes(), PROSE, PROSE)
def test_replacing_a_shortcode_keeps_the_surrounding_text_intact(shortcode, prefix, suffix):
    shop_id, code, kept = shortcode
    replaced = replace_product_shortcodes(prefix + code + kept + suffix, lambda found: f"<card {found.shop_ids[0]}>")
    assert replaced == f"{prefix}<card {shop_id}>{kept}{suffix}"


def test_unquoted_unclosed_shortcode_leaves_the_line_break_in_place():
    # Found by the property above: the id's trailing spaces used to swallow the newline.
    assert replace_product_shortcodes("[show_products product=0\nNext line", lambda found: "CARD") == "CARD\nNext line"
