"""Every body block renders as accessible HTML on a published treatment page, and hides what visitors must not see."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks

from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from treatments.blocks.references import GALLERY_CASES_HTML_HOOK, GALLERY_URL_HOOK
from treatments.templatetags.treatment_tags import format_money

pytestmark = pytest.mark.django_db


def publish(index, body, **fields):
    page = f.TreatmentPageFactory(parent=index, **fields)
    page.body = body
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def body_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".treatment__body")


def preview_body_of(page):
    response = page.make_preview_request()
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".treatment__body")


def option(label, low, high=None, sessions=1):
    return {"label": label, "unit_price_from": low, "unit_price_to": high, "sessions": sessions, "note": ""}


# ---------------------------------------------------------------- comparison table
def test_comparison_table_is_a_real_table_with_caption_and_header_scopes(client, treatment_index):
    table_block = f.comparison_table(
        ["", "Exosomes", "PRP"], [["Type", "Vial", "Own blood"], ["Injected", "No", "Yes"]], caption="Exosomes vs PRP"
    )
    body = body_of(client, publish(treatment_index, [table_block]))

    table = body.find("table")
    assert table.caption.get_text(strip=True) == "Exosomes vs PRP"
    assert [(th.get_text(), th["scope"]) for th in table.thead.find_all("th")] == [("Exosomes", "col"), ("PRP", "col")]
    assert table.thead.find("td").get_text() == ""  # the blank corner is no header, so it names no column
    assert [th.get_text() for th in table.tbody.find_all("th", scope="row")] == ["Type", "Injected"]
    assert [td.get_text() for td in table.tbody.find_all("td")] == ["Vial", "Own blood", "No", "Yes"]


def test_wide_table_scrolls_in_a_labelled_region_keyboard_users_can_reach(client, treatment_index):
    body = body_of(client, publish(treatment_index, [f.comparison_table(["A", "B"], [["1", "2"]], caption="Doses")]))

    region = body.find("table").find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0"
    assert "Doses" in region["aria-label"]


def test_table_without_row_headers_uses_plain_cells(client, treatment_index):
    block = f.comparison_table(["Product", "Price"], [["Cream", "$70"]])
    block["value"]["first_column_is_header"] = False
    body = body_of(client, publish(treatment_index, [block]))

    assert body.find("th", scope="row") is None
    assert [td.get_text() for td in body.find_all("td")] == ["Cream", "$70"]


# ---------------------------------------------------------------- money
def test_cost_comparison_shows_totals_computed_from_unit_price_and_sessions(client, treatment_index):
    block = f.cost_comparison([option("Tretinoin cream", "70"), option("Exosome sessions", "600", "800", 3)])
    body = body_of(client, publish(treatment_index, [block]))

    totals = [strong.get_text() for strong in body.select(".cost-option__total")]
    assert totals == ["$70", "$1,800\u2013$2,400"]
    sums = [p.get_text(" ", strip=True) for p in body.select(".cost-option__sum")]
    assert "$600\u2013$800 \u00d7 3 sessions = $1,800\u2013$2,400" in " ".join(sums[1].split())


def test_cost_comparison_highlights_the_cheapest_option_in_words_not_only_colour(client, treatment_index):
    block = f.cost_comparison([option("Sessions", "600", "800", 3), option("Cream", "70")], currency="AUD")
    body = body_of(client, publish(treatment_index, [block]))

    cheapest = body.select(".cost-option--cheapest")
    assert len(cheapest) == 1
    assert "Cream" in cheapest[0].get_text()
    assert "Lowest cost" in cheapest[0].get_text()
    assert "A$70" in cheapest[0].get_text()


def test_budget_alternative_links_to_a_live_treatment_and_names_one_without_a_page(client, treatment_index):
    laser = f.TreatmentPageFactory(parent=treatment_index, title="Fractional laser")
    draft = f.TreatmentPageFactory(parent=treatment_index, title="Secret peel", live=False)
    alternatives = [
        {"concern": "Sun damage", "treatment_page": laser.pk, "treatment_name": "", "price_from": "1490",
         "price_to": None, "verdict": "Better results"},
        {"concern": "Dull skin", "treatment_page": draft.pk, "treatment_name": "", "price_from": None,
         "price_to": None, "verdict": "Not yet offered"},
        {"concern": "Acne", "treatment_page": None, "treatment_name": "Tretinoin cream", "price_from": "70",
         "price_to": "90", "verdict": "Cheap and proven"},
    ]  # fmt: skip
    body = body_of(client, publish(treatment_index, [f.budget_alternatives(alternatives)]))

    items = body.select(".alternative")
    assert items[0].find("a")["href"] == laser.url
    assert "$1,490" in items[0].get_text()
    assert items[1].find("a") is None
    assert "Secret peel" in items[1].get_text()
    assert items[2].find("a") is None
    assert "Tretinoin cream" in items[2].get_text()
    assert "$70\u2013$90" in items[2].get_text()


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (Decimal("300.00"), "USD", "$300"),
        (Decimal("1490"), "aud", "A$1,490"),
        (Decimal("12.5"), "EUR", "€12.50"),
        (Decimal("2400"), "GBP", "£2,400"),
        (Decimal("120"), "CHF", "CHF 120"),
        (None, "USD", ""),
    ],
)
def test_money_shows_symbol_for_common_currencies_and_drops_empty_cents(amount, currency, shown):
    assert format_money(amount, currency) == shown


# ---------------------------------------------------------------- lists, tips, callouts
def test_definition_list_pairs_each_term_with_its_description(client, treatment_index):
    block = f.definition_list([("PLLA", "Builds volume slowly."), ("CaHA", "Lifts and stimulates collagen.")])
    body = body_of(client, publish(treatment_index, [block]))

    dl = body.find("dl")
    assert [dt.get_text() for dt in dl.find_all("dt")] == ["PLLA", "CaHA"]
    assert [dd.get_text() for dd in dl.find_all("dd")] == ["Builds volume slowly.", "Lifts and stimulates collagen."]


def test_pro_tip_is_an_aside_signed_by_its_clinician(client, treatment_index):
    clinician = f.ClinicianFactory(name="Dr Ada Lee", credentials="Dermatologist", photo=ImageFactory())
    block = f.pro_tip(clinician, title="Ada's ProTip", body="<p>Book the first session in winter.</p>")
    body = body_of(client, publish(treatment_index, [block]))

    aside = body.find("aside")
    assert aside["aria-label"] == "Ada's ProTip"
    assert "Book the first session in winter." in aside.get_text()
    assert aside.select_one(".block-pro-tip__name").get_text() == "Dr Ada Lee"
    assert aside.select_one(".block-pro-tip__credentials").get_text() == "Dermatologist"
    assert aside.find("img")["alt"] == ""  # the name right beside it says who it is


def test_callout_is_a_note_whose_tone_is_written_out(client, treatment_index):
    body = body_of(client, publish(treatment_index, [f.callout(tone="warning", title="Pregnancy")]))

    note = body.find(attrs={"role": "note"})
    assert "block-callout--warning" in note["class"]
    assert note.select_one(".block-callout__title").get_text() == "Warning: Pregnancy"
    assert "Not for pregnancy." in note.get_text()


def test_image_is_a_figure_with_alt_text_caption_credit_and_dimensions(client, treatment_index):
    block = f.image(ImageFactory(), caption="Day 3 after treatment", alt="Cheek with mild redness")
    block["value"]["credit"] = "Clinic photo"
    body = body_of(client, publish(treatment_index, [block]))

    figure = body.find("figure")
    img = figure.find("img")
    assert img["alt"] == "Cheek with mild redness"
    assert img["loading"] == "lazy"
    assert img["width"] and img["height"]
    assert figure.find("source", type="image/webp") is not None
    assert "Day 3 after treatment" in figure.figcaption.get_text()
    assert "Clinic photo" in figure.figcaption.get_text()


def test_faq_is_a_section_headed_by_its_question_with_its_anchor(client, treatment_index):
    body = body_of(
        client,
        publish(
            treatment_index,
            [
                f.faq("Does it hurt?", "<p>A little.</p>"),
                f.faq("How long does it last?", "<p>Months.</p>", anchor="duration"),
            ],
        ),
    )

    sections = body.select("section.block-faq")
    assert [section.h2["id"] for section in sections] == ["does-it-hurt", "duration"]
    assert sections[1].h2.get_text() == "How long does it last?"
    assert sections[1]["aria-labelledby"] == "duration"
    assert "Months." in sections[1].get_text()


# ---------------------------------------------------------------- products
def test_product_block_shows_name_price_and_a_safe_buy_link(client, treatment_index):
    item = f.ProductFactory(name="Repair serum", price=Decimal("49.00"), image=ImageFactory())
    body = body_of(client, publish(treatment_index, [f.product(item, note="Twice daily")]))

    card = body.select_one(".product-card")
    assert card.select_one(".product-card__name").get_text() == "Repair serum"
    assert card.select_one(".product-card__price").get_text() == "$49"
    assert "Twice daily" in card.get_text()
    assert card.find("a")["href"] == "https://shop.example.com/serum"
    assert "noopener" in card.find("a")["rel"]


def test_inactive_product_block_renders_nothing_for_visitors_and_a_warning_in_preview(client, treatment_index):
    item = f.ProductFactory(name="Old serum", is_active=False)
    page = publish(treatment_index, [f.product(item)])

    assert body_of(client, page).select(".product-card, .editor-warning") == []
    warning = preview_body_of(page).select_one(".editor-warning")
    assert "inactive" in warning.get_text()
    assert preview_body_of(page).select_one(".product-card") is None


def test_shortcode_in_rich_text_becomes_a_product_card_outside_the_paragraph(client, treatment_index):
    f.ProductFactory(shop_id=9833, name="Exosome serum", price=Decimal("129.50"))
    text = "<p>After the session use this:\u201d [show_products product=\u201d9833\u2033</p><p>Then rest.</p>"
    body = body_of(client, publish(treatment_index, [f.rich_text(text)]))

    card = body.select_one(".product-card")
    assert card.select_one(".product-card__name").get_text() == "Exosome serum"
    assert card.select_one(".product-card__price").get_text() == "$129.50"
    assert card.find_parent("p") is None
    assert "show_products" not in body.get_text()
    assert "Then rest." in body.get_text()


def test_unknown_shortcode_id_renders_nothing_for_visitors_and_a_warning_in_preview(client, treatment_index):
    page = publish(treatment_index, [f.rich_text('<p>Try [show_products product="4040"]</p>')])

    visitor = body_of(client, page)
    assert "show_products" not in visitor.get_text()
    assert visitor.select(".product-card, .editor-warning") == []
    warning = preview_body_of(page).select_one(".editor-warning")
    assert "4040" in warning.get_text()
    assert "does not exist" in warning.get_text()


def test_shortcode_inside_a_pro_tip_expands_too(client, treatment_index):
    f.ProductFactory(shop_id=9833, name="Exosome serum")
    block = f.pro_tip(f.ClinicianFactory(), body='<p>[show_products product="9833"]</p>')
    body = body_of(client, publish(treatment_index, [block]))

    assert body.select_one("aside .product-card__name").get_text() == "Exosome serum"


# ---------------------------------------------------------------- gallery link
def test_gallery_link_without_a_gallery_app_renders_no_link_at_all(client, treatment_index):
    page = publish(treatment_index, [f.gallery_link(case_count=3)])

    body = body_of(client, page)
    assert body.find("a") is None
    assert body.select_one(".block-gallery-link") is None
    assert "no before/after gallery" in preview_body_of(page).select_one(".editor-warning").get_text()


def test_gallery_link_leads_to_the_url_and_cases_a_gallery_app_provides(client, treatment_index):
    page = publish(treatment_index, [f.gallery_link(case_count=2)], slug="exosomes")

    def url_for(treatment):
        return f"/results/?treatment={treatment.slug}"

    def cases_for(treatment, count, request):
        return f'<ul class="cases"><li>{count} cases of {treatment.title}</li></ul>'

    with (
        hooks.register_temporarily(GALLERY_URL_HOOK, url_for),
        hooks.register_temporarily(GALLERY_CASES_HTML_HOOK, cases_for),
    ):
        body = body_of(client, page)

    link = body.select_one(".block-gallery-link a")
    assert link["href"] == "/results/?treatment=exosomes"
    assert link.get_text() == "View our treatment gallery"
    assert body.select_one(".block-gallery-link ul.cases").get_text() == f"2 cases of {page.title}"
