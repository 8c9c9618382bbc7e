"""Every body block accepts good values and refuses bad ones with a message that says what to fix."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.blocks.base import get_error_json_data

from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from treatments.blocks import (
    BudgetAlternativesBlock,
    CalloutBlock,
    ComparisonTableBlock,
    CostComparisonBlock,
    DefinitionListBlock,
    FAQBlock,
    GalleryLinkBlock,
    ProductBlock,
    ProTipBlock,
    TreatmentBodyBlock,
)

pytestmark = pytest.mark.django_db


def messages_in(data):
    """Every message in Wagtail's JSON form of a block error, however deeply nested."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from messages_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from messages_in(value)


def refusal(block, raw):
    """Clean `raw` with `block`, and return every message of the error it must raise."""
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(raw))
    return list(messages_in(get_error_json_data(error.value)))


def accepts(block, raw):
    return block.clean(block.to_python(raw))


def option(price_from, price_to=None, sessions=1):
    return {"label": "Option", "unit_price_from": price_from, "unit_price_to": price_to, "sessions": sessions}


def alternative(page=None, name="", price_from=None, price_to=None):
    return {
        "concern": "Sun damage",
        "treatment_page": page.pk if page else None,
        "treatment_name": name,
        "price_from": price_from,
        "price_to": price_to,
        "verdict": "Better results",
    }


# ---------------------------------------------------------------- the whole body
def test_a_body_with_every_block_kind_validates(treatment_index):
    other = f.TreatmentPageFactory(parent=treatment_index, title="Fractional laser")
    raw = [
        f.rich_text('<p>See [show_products product="9833"]</p>'),
        f.faq("Is it worth it?", "<ul><li>Sometimes</li></ul>", anchor="is-it-worth-it"),
        f.comparison_table(["Type", "Application"], [["Exosomes", "Topical"], ["PRP", "Injected"]]),
        f.cost_comparison([option("70"), option("600", "800", sessions=3)]),
        f.budget_alternatives([alternative(page=other, price_from="1490"), alternative(name="Chemical peel")]),
        f.definition_list([("PLLA", "Builds volume slowly.")]),
        f.pro_tip(f.ClinicianFactory()),
        f.product(f.ProductFactory(shop_id=9833)),
        f.gallery_link(case_count=3),
        f.callout(),
        f.image(photo := ImageFactory()),
        {
            "type": "image_gallery",
            "value": {"caption": "", "images": [{"image": photo.pk, "caption": "", "credit": ""}]},
        },
    ]
    # The other blocks WordPress imports bring, with the values their block chooser previews show.
    body = TreatmentBodyBlock()
    for name in ("quote", "code", "embed", "rich_table", "booking_cta"):
        child = body.child_blocks[name]
        raw.append({"type": name, "value": child.get_prep_value(child.get_preview_value())})
    value = accepts(body, raw)
    assert len({child.block_type for child in value}) == len(TreatmentBodyBlock.base_blocks)


def test_more_than_three_gallery_links_are_refused():
    messages = refusal(TreatmentBodyBlock(), [f.gallery_link() for _ in range(4)])
    assert any("Gallery link" in message and "3" in message for message in messages)


# ---------------------------------------------------------------- comparison table
def test_comparison_table_names_the_row_with_too_few_cells():
    raw = f.comparison_table(
        ["Type", "Application", "Ease of use", "Rate-limiting factors"],
        [["Exosomes", "Topical", "Vial", "Source"], ["PRP", "Injected", "Blood", "Donor"], ["Peel", "Topical", "Easy"]],
    )["value"]
    assert "Row 3 has 3 cells; the header has 4." in refusal(ComparisonTableBlock(), raw)


def test_comparison_table_names_every_uneven_row():
    raw = f.comparison_table(["A", "B"], [["one"], ["one", "two"], ["one", "two", "three"]])["value"]
    message = " ".join(refusal(ComparisonTableBlock(), raw))
    assert "Row 1 has 1 cell; the header has 2." in message
    assert "Row 3 has 3 cells; the header has 2." in message
    assert "Row 2" not in message


def test_comparison_table_with_even_rows_is_accepted():
    raw = f.comparison_table(["A", "B", "C"], [["1", "2", "3"], ["4", "5", "6"]])["value"]
    value = accepts(ComparisonTableBlock(), raw)
    assert [len(row["cells"]) for row in value["rows"]] == [3, 3]


# ---------------------------------------------------------------- costs
def test_cost_option_priced_to_below_price_from_is_refused():
    raw = f.cost_comparison([option("70"), option("800", "600", sessions=3)])["value"]
    assert "Price to is lower than price from." in refusal(CostComparisonBlock(), raw)


def test_cost_comparison_computes_totals_from_unit_price_and_sessions():
    value = accepts(CostComparisonBlock(), f.cost_comparison([option("70"), option("600", "800", 3)])["value"])
    cream, course = value["options"]
    assert (cream.total_from, cream.is_range) == (Decimal("70"), False)
    assert (course.total_from, course.total_to, course.is_range) == (Decimal("1800"), Decimal("2400"), True)
    assert value.cheapest is cream


def test_cost_comparison_needs_two_options_to_compare():
    messages = refusal(CostComparisonBlock(), f.cost_comparison([option("70")])["value"])
    assert any("2" in message for message in messages)


def test_budget_alternative_with_neither_page_nor_name_is_refused():
    raw = f.budget_alternatives([alternative()])["value"]
    assert "Choose a treatment page or type the treatment's name." in refusal(BudgetAlternativesBlock(), raw)


def test_budget_alternative_with_price_to_only_is_refused():
    raw = f.budget_alternatives([alternative(name="Peel", price_to="300")])["value"]
    assert "Give a price from when you give a price to." in refusal(BudgetAlternativesBlock(), raw)


def test_budget_alternative_as_plain_text_is_accepted():
    value = accepts(BudgetAlternativesBlock(), f.budget_alternatives([alternative(name="Pico laser")])["value"])
    only = value["alternatives"][0]
    assert (only.treatment_title, only.treatment_url) == ("Pico laser", "")


def test_budget_alternative_linking_a_live_page_takes_its_title_and_url(treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Fractional laser", slug="fractional-laser")
    value = accepts(BudgetAlternativesBlock(), f.budget_alternatives([alternative(page=page)])["value"])
    only = value["alternatives"][0]
    assert only.treatment_title == "Fractional laser"
    assert only.treatment_url.endswith("/treatments/fractional-laser/")


# ---------------------------------------------------------------- FAQ and callout
@pytest.mark.parametrize("anchor", ["Exosomes vs PRP", "exosomes_vs_prp", "-leading-hyphen", "über", "a/b"])
def test_faq_anchor_with_bad_characters_is_refused(anchor):
    messages = refusal(FAQBlock(), f.faq("Is it better?", "<p>No.</p>", anchor=anchor)["value"])
    assert "Use lower-case letters, digits and hyphens only, starting with a letter or digit." in messages


def test_faq_without_anchor_gets_one_from_its_question():
    value = accepts(FAQBlock(), f.faq("Are exosomes better than PRP?", "<p>Unclear.</p>")["value"])
    assert value.anchor_id == "are-exosomes-better-than-prp"


def test_faq_answer_takes_lists_and_images():
    raw = f.faq("What helps?", "<ul><li>Lasers</li><li>Peels</li></ul>", anchor="what-helps")["value"]
    raw["answer"].append(f.image(ImageFactory()))
    value = accepts(FAQBlock(), raw)
    assert [child.block_type for child in value["answer"]] == ["rich_text", "image"]


@pytest.mark.parametrize("body", ["", "<p></p>", "   ", "<p>&nbsp;</p>"])
def test_callout_with_empty_body_is_refused(body):
    messages = refusal(CalloutBlock(), f.callout(body=body)["value"])
    assert any("callout needs some text" in message or "required" in message for message in messages)


def test_callout_with_text_is_accepted():
    value = accepts(CalloutBlock(), f.callout(body="<p>Avoid the sun for a week.</p>")["value"])
    assert value["tone"] == "caution"


# ---------------------------------------------------------------- references and lists
@pytest.mark.parametrize(
    ("block", "raw", "field"),
    [
        (ProductBlock(), {"product": None, "note": ""}, "product"),
        (ProTipBlock(), {"clinician": None, "title": "Tip", "body": "<p>Book in winter.</p>"}, "clinician"),
        (DefinitionListBlock(), {"title": "Fillers", "items": [{"term": "", "description": "Slow volume."}]}, "term"),
    ],
    ids=["product without a product", "pro_tip without a clinician", "definition without a term"],
)
def test_blocks_missing_a_required_part_say_it_is_required(block, raw, field):
    assert "This field is required." in refusal(block, raw)


def test_gallery_link_shows_at_most_six_cases():
    raw = f.gallery_link(case_count=7)["value"]
    assert any("6" in message for message in refusal(GalleryLinkBlock(), raw))


# ---------------------------------------------------------------- page-level rules
@pytest.mark.parametrize("score", [-1, 6, 7])
def test_science_score_outside_zero_to_five_is_refused(score):
    page = f.TreatmentPageFactory.build(science_score=score)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["science_score"] == ["Science score must be between 0 and 5."]


@pytest.mark.parametrize("score", [0, 5])
def test_science_score_at_the_limits_is_accepted(score):
    f.TreatmentPageFactory.build(science_score=score).clean()


def test_price_from_above_price_to_is_refused():
    page = f.TreatmentPageFactory.build(price_from=Decimal("900"), price_to=Decimal("400"))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["price_to"] == ["Price from is higher than price to."]


def test_last_reviewed_in_the_future_is_refused():
    reviewer = f.ClinicianFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = f.TreatmentPageFactory.build(last_reviewed=tomorrow, reviewed_by=reviewer)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["last_reviewed"] == ["The last-reviewed date cannot be in the future."]


def test_review_date_without_a_reviewer_is_refused():
    page = f.TreatmentPageFactory.build(last_reviewed=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "reviewed_by" in error.value.message_dict


def test_currency_is_stored_in_capitals():
    page = f.TreatmentPageFactory.build(currency="aud")
    page.clean()
    assert page.currency == "AUD"
