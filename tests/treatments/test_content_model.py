"""The treatment content model stores every kind of block in the reference article."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import treatments as f
from tests.factories.images import ImageFactory

pytestmark = pytest.mark.django_db


def every_block(index):
    clinician = f.ClinicianFactory()
    item = f.ProductFactory(shop_id=9833)
    other = f.TreatmentPageFactory(parent=index, title="Fractional laser")
    return [
        f.rich_text('<p>Intro with [show_products product="9833"]</p>'),
        f.faq("Is it worth it?", "<ul><li>Sometimes</li></ul>"),
        f.comparison_table(["", "Exosomes", "PRP"], [["Type", "Vial", "Blood"], ["Injected", "No", "Yes"]]),
        f.cream_or_sessions(),
        f.budget_alternatives([f.alternative("Sun damage", other, price_from="1490", verdict="Far better results")]),
        f.definition_list([("PLLA", "Slow volume")]),
        f.pro_tip(clinician),
        f.product(item),
        f.gallery_link(),
        f.callout(),
        f.image(ImageFactory()),
    ]


def test_a_page_with_every_block_kind_saves_and_reloads(treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes")
    page.body = every_block(treatment_index)
    page.full_clean()
    page.save_revision().publish()
    page.refresh_from_db()
    kinds = [block.block_type for block in page.body]
    assert len(set(kinds)) == 11
    costs = next(block.value for block in page.body if block.block_type == "cost_comparison")
    assert costs["options"][1].total_from == Decimal("1800")
    assert costs["options"][1].total_to == Decimal("2400")


def test_science_score_outside_zero_to_five_is_refused_in_plain_words(treatment_index):
    page = f.TreatmentPageFactory.build(science_score=7)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Science score must be between 0 and 5." in str(error.value)


def test_price_from_above_price_to_is_refused(treatment_index):
    page = f.TreatmentPageFactory.build(price_from=Decimal("900"), price_to=Decimal("400"))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Price from is higher than price to." in str(error.value)
