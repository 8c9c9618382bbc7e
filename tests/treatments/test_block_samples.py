"""Every block of the treatment body has one sample value, written with the block: it is valid, it renders, the
block chooser previews it, and the test factories and the demo build their bodies from it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.urls import reverse

from clinic_site.demo import raw
from tests.factories import treatments as f
from tests.factories.galleries import PhotoPairFactory
from tests.factories.images import ImageFactory
from treatments.blocks.samples import sample
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

BODY = TreatmentPage._meta.get_field("body").stream_block


@pytest.fixture
def records():
    """What samples may point at: a public image, an active product and a clinician."""
    return {
        "image": ImageFactory(title="Waiting room"),
        "product": f.ProductFactory(),
        "clinician": f.ClinicianFactory(),
    }


@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_every_body_block_has_a_sample_that_validates_and_renders(records, name):
    block = BODY.child_blocks[name]
    value = block.clean(block.to_python(block.sample_value()))
    html = block.render(value, context={"gallery_preview": True, "image_preview": True})
    assert BeautifulSoup(html, "html.parser").get_text(strip=True) or "<img" in html


def test_a_page_made_of_every_sample_renders_for_visitors(client, treatment_index, records):
    page = f.TreatmentPageFactory(parent=treatment_index)
    page.body = [f.block(name) for name in BODY.child_blocks]
    page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    shown = BeautifulSoup(response.content, "html.parser").select_one(".treatment__body").get_text(" ", strip=True)
    assert "Where the same budget goes further" in shown
    assert records["clinician"].name in shown


@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_the_block_chooser_previews_the_sample(client, records, name):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "a-long-test-password"))
    block = BODY.child_blocks[name]
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    expected = block.render(block.to_python(block.sample_value()), context={"gallery_preview": True})
    first_text = BeautifulSoup(expected, "html.parser").get_text(" ", strip=True)[:40]
    assert first_text in BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True)


def test_samples_pick_a_public_image_and_never_a_case_photo():
    public = ImageFactory(title="Reception")
    PhotoPairFactory()  # two case photos, newer than the public image
    assert sample(BODY.child_blocks["image"])["image"]["image"] == public.pk
    assert sample(BODY.child_blocks["image_gallery"])["images"][0]["image"]["image"] == public.pk


def test_factories_and_demo_write_every_field_the_sample_has(records):
    """A field added to a block reaches every test body and the demo through its sample."""
    built = {
        "faq": [f.faq("Q?", "<p>A.</p>"), raw.faq("Q?", "q", "<p>A.</p>")],
        "cost_comparison": [
            f.cream_or_sessions(),
            raw.cost_comparison("Costs", [raw.cost_option("Cream", "70"), raw.cost_option("Laser", "900")]),
        ],
        "budget_alternatives": [
            f.budget_alternatives([f.alternative("Acne", treatment_name="Peel")]),
            raw.budget_alternatives("Instead", "", [raw.alternative("Acne", "Cheaper", name="Peel")]),
        ],
        "definition_list": [f.definition_list([("PLLA", "Slow")]), raw.definition_list("Terms", [("PLLA", "Slow")])],
        "image": [f.image(records["image"]), raw.image(records["image"], "Alt")],
        "gallery_link": [f.gallery_link(), raw.gallery_link("Results", "")],
        "callout": [f.callout(), raw.callout("note", "Note", "<p>Text.</p>")],
        "pro_tip": [f.pro_tip(records["clinician"]), raw.pro_tip(records["clinician"], "Tip", "<p>Text.</p>")],
        "product": [f.product(records["product"]), raw.product(records["product"])],
    }
    for name, written in built.items():
        block = BODY.child_blocks[name]
        for item in written:
            assert item["type"] == name
            assert shape(item["value"]) == shape(block.sample_value()), name
            block.clean(block.to_python(item["value"]))


def shape(value):
    """The keys of a raw value, nested, without the values."""
    if isinstance(value, dict):
        if "type" in value and "value" in value:
            return (value["type"], shape(value["value"]))
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    return None
