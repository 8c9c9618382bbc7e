"""The editor's first hour in the admin: slug from title, one message per problem, no premature warnings,
permissions to credit a clinician, no outside avatars, and a block chooser that explains every block."""

from pathlib import Path

import pytest
import wagtail
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail import blocks

from tests.factories import treatments as f
from tests.treatments.page_forms import edit_form_data
from treatments.models import Clinician, Product, TreatmentPage

pytestmark = pytest.mark.django_db

WAGTAIL_ICONS = {
    path.stem for path in (Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/icons").glob("*.svg")
}


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "a-long-test-password"))
    return client


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("edna", "edna@clinic.example", "a-long-test-password")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def body_blocks():
    return TreatmentPage._meta.get_field("body").stream_block.child_blocks


def walk(block):
    yield block
    if isinstance(block, blocks.ListBlock):
        yield from walk(block.child_block)
    for child in getattr(block, "child_blocks", {}).values():
        yield from walk(child)


def test_new_treatment_fills_its_slug_from_the_title(admin_client, treatment_index):
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["treatments", "treatmentpage", treatment_index.pk])
    )
    title = BeautifulSoup(response.content, "html.parser").select_one("#id_title")
    assert "w-sync" in title.get("data-controller", "")
    assert "#id_slug" in title.get("data-w-sync-target-value", "")


@pytest.mark.parametrize("score", ["7", "-1"])
def test_out_of_range_science_score_is_said_once(admin_client, treatment_index, score):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes", slug="exosomes")
    data = edit_form_data(admin_client, page, science_score=score)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    field = BeautifulSoup(response.content, "html.parser").select_one("[data-field-wrapper]:has(#id_science_score)")
    assert field.get_text().count("Science score must be between 0 and 5.") == 1


def test_new_blocks_start_with_as_many_items_as_their_minimum():
    """A list block whose default is shorter than its minimum shows "The minimum number of items is 2" in red
    as soon as it is added, before the editor has typed anything."""
    short = [
        f"{block.name or type(block).__name__}: {len(block.get_default())} < {block.meta.min_num}"
        for top in body_blocks().values()
        for block in walk(top)
        if isinstance(block, blocks.ListBlock) and len(block.get_default()) < (block.meta.min_num or 0)
    ]
    assert not short


@pytest.mark.parametrize("name", list(body_blocks()))
def test_block_chooser_shows_an_icon_a_description_and_a_preview(admin_client, name):
    block = body_blocks()[name]
    assert block.meta.icon in WAGTAIL_ICONS, f"{name}: icon {block.meta.icon!r} does not exist"
    assert block.meta.icon != "placeholder"
    assert (block.meta.description or "").strip(), f"{name} has no description"
    assert block.is_previewable, f"{name} has no preview"
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    assert main.get_text(strip=True) or main.select_one("img, table"), f"{name}'s preview is empty"


def test_image_block_preview_shows_a_public_image(admin_client):
    from tests.factories.images import ImageFactory

    ImageFactory(title="Clinic room")
    block = body_blocks()["image"]
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert BeautifulSoup(response.content, "html.parser").select_one("main img")


def test_editors_can_add_a_clinician_and_a_product(editor_client):
    response = editor_client.post(
        reverse(Clinician.snippet_viewset.get_url_name("add")),
        {"name": "Dr Lena Park", "credentials": "Dermatologist", "registration_number": "MED0001234567", "bio": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Clinician.objects.filter(name="Dr Lena Park").exists()
    add_product = editor_client.get(reverse(Product.snippet_viewset.get_url_name("add")))
    assert add_product.status_code == 200


def test_admin_loads_no_avatar_from_an_outside_service(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()
