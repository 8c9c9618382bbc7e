"""Fixtures for API tests: a client, and demo-like treatment articles using every kind of block."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from rest_framework.test import APIClient

from tests.factories import treatments as f
from tests.factories.images import ImageFactory, png_bytes


@pytest.fixture
def api():
    return APIClient()


def small_image():
    """A 200 px image: one rendition width, so tests with many images stay quick."""
    return ImageFactory(file=ImageFile(io.BytesIO(png_bytes(200, 120)), name="small.png"))


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def rich_text_with_everything(linked_page, shop_id):
    return (
        "<h2>How it works</h2>"
        f'<p>Compare it with <a linktype="page" id="{linked_page.pk}">{linked_page.title}</a>, '
        '<b>bold</b> and <i>italic</i> words, and <a href="https://example.org/study">a study</a>.</p>'
        "<ul><li>First point</li><li>Second <b>point</b></li></ul>"
        f"<p>Use this serum: [show_products product=\u201c{shop_id}\u201d</p>"
    )


def blocks_of_every_kind(index, copies=1, *, prefix="", clinician=None, other=None, product=None):
    """Raw body data: `copies` of each of the eleven block kinds, each pointing at its own records."""
    body = []
    for number in range(copies):
        tipster = clinician or f.ClinicianFactory(photo=small_image())
        item = product or f.ProductFactory(image=small_image())
        target = other or f.TreatmentPageFactory(parent=index, title=f"{prefix}Fractional laser {number}")
        body += [
            f.rich_text(rich_text_with_everything(target, item.shop_id)),
            f.faq(f"Is it worth it {number}?", "<ol><li>Sometimes</li></ol>", anchor=""),
            f.comparison_table(["", "Exosomes", "PRP"], [["Type", "Vial", "Blood"], ["Injected", "No", "Yes"]]),
            f.cream_or_sessions(),
            f.budget_alternatives(
                [f.alternative("Sun damage", target, price_from="1490", verdict="Far better results")]
            ),
            f.definition_list([("PLLA", "Slow volume")]),
            f.pro_tip(tipster, body=f'<p>See <a linktype="page" id="{target.pk}">this</a>.</p>'),
            f.product(item, note="Twice daily"),
            f.gallery_link(case_count=2),
            f.callout(),
            f.image(small_image(), caption=f"Picture {number}"),
        ]
    return body


def demo_article(index, title="Exosomes", copies=1, **kwargs):
    """A published article like the demo exosome page: every block kind, credits, prices, conditions."""
    author = f.ClinicianFactory(name="Dr Ada Example", photo=ImageFactory())
    related = publish(f.TreatmentPageFactory(parent=index, title=f"{title} PRP"))
    page = f.TreatmentPageFactory(
        parent=index,
        title=title,
        hero_image=ImageFactory(),
        author=author,
        reviewed_by=author,
        last_reviewed=datetime.date(2024, 5, 1),
        price_from=Decimal("600"),
        price_to=Decimal("800"),
        **kwargs,
    )
    page.conditions.add(f.ConditionFactory(name="Acne scars"), f.ConditionFactory(name="Fine lines"))
    page.body = blocks_of_every_kind(index, copies, prefix=f"{title} ")
    page.related_treatments.create(treatment=related)
    return publish(page)


@pytest.fixture
def article(treatment_index):
    return demo_article(treatment_index)
