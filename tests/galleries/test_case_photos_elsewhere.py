"""A patient photo is shown only by the gallery: chosen elsewhere before it joined a case, every other route leaves
it out; once it is a case photo, editors can neither choose it nor put it anywhere else."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.images import get_image_model

from galleries.models import PhotoPair
from galleries.photos import all_specs
from tests.factories import treatments as f
from tests.factories.galleries import consented_case
from tests.factories.images import ImageFactory
from treatments.blocks import CaptionedImageBlock
from treatments.image_privacy import PRIVATE_IMAGE_MESSAGE

pytestmark = pytest.mark.django_db


def other_renditions(image):
    """Renditions of `image` other than the consent-checked gallery's own."""
    rendition_model = get_image_model().get_rendition_model()
    return rendition_model.objects.filter(image=image).exclude(filter_spec__in=all_specs())


@pytest.fixture
def photo_used_everywhere(treatment, home_and_index):
    """One photo as a treatment's hero, a body image, a clinician's portrait and a product's picture; then the
    same photo becomes a case's before photo (the mistake this guards against)."""
    photo = ImageFactory(title="Patient 4411 before")
    clinician = f.ClinicianFactory(name="Dr Photo", photo=photo)
    product = f.ProductFactory(name="Serum with photo", image=photo, shop_id=5151)
    treatment.hero_image = photo
    treatment.author = clinician
    treatment.body = [
        f.image(photo, caption="Body photo"),
        f.pro_tip(clinician),
        f.product(product),
        f.rich_text('<p>[show_products product="5151"]</p>'),
    ]
    treatment.save_revision().publish()
    case = consented_case(treatments=[treatment])
    pair = case.photo_pairs.get()
    pair.before_image = photo
    pair.save()
    photo.refresh_from_db()
    return photo, treatment, clinician, product


def test_joining_a_case_marks_the_photo(photo_used_everywhere):
    photo, *_ = photo_used_everywhere
    assert photo.is_case_photo
    photo.is_case_photo = False
    photo.save()  # e.g. an instance loaded before it joined the case
    photo.refresh_from_db()
    assert photo.is_case_photo, "the mark is never taken off"


def test_the_treatment_page_and_its_cards_leave_the_photo_out(client, photo_used_everywhere, home_and_index):
    photo, treatment, *_ = photo_used_everywhere
    home, index = home_and_index
    for url in (treatment.url, index.url, home.url, "/search/?q=Microneedling"):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(treatment.url).content.decode()
    assert "Body photo" not in html, "the captioned figure is not rendered"
    assert "og:image" not in html
    assert not other_renditions(photo).exists(), "no page made a copy of the photo outside the gallery"


def test_the_api_leaves_the_photo_out(client, photo_used_everywhere):
    photo, treatment, clinician, product = photo_used_everywhere
    detail = client.get(f"/api/v1/treatments/{treatment.pk}/").json()
    assert detail["hero_image"] is None
    assert detail["author"]["photo"] is None
    images = [block["value"] for block in detail["body"] if block["type"] == "image"]
    assert images == [] or all(value["image"] is None for value in images)
    assert client.get(f"/api/v1/clinicians/{clinician.pk}/").json()["photo"] is None
    assert client.get(f"/api/v1/products/{product.pk}/").json()["image"] is None
    listing = client.get("/api/v1/treatments/").json()["results"]
    assert [item["hero_image"] for item in listing if item["id"] == treatment.pk] == [None]
    v2 = client.get(f"/api/wagtail-v2/pages/{treatment.pk}/").json()
    assert v2["hero_image"] is None
    assert "Patient 4411" not in str(v2)
    assert not other_renditions(photo).exists()


def test_a_case_photo_cannot_be_chosen_for_a_treatment_clinician_or_product(photo_used_everywhere):
    photo, treatment, clinician, product = photo_used_everywhere
    with pytest.raises(ValidationError) as hero:
        treatment.full_clean()
    assert hero.value.message_dict["hero_image"] == [PRIVATE_IMAGE_MESSAGE]
    with pytest.raises(ValidationError) as portrait:
        clinician.full_clean()
    assert portrait.value.message_dict["photo"] == [PRIVATE_IMAGE_MESSAGE]
    with pytest.raises(ValidationError) as picture:
        product.full_clean()
    assert picture.value.message_dict["image"] == [PRIVATE_IMAGE_MESSAGE]
    block = CaptionedImageBlock()
    value = block.to_python({"image": {"image": photo.pk, "alt_text": "x", "decorative": False}, "caption": ""})
    with pytest.raises(ValidationError) as figure:
        block.clean(value)
    assert PRIVATE_IMAGE_MESSAGE in str(figure.value.block_errors["image"])


def test_a_photo_used_on_a_page_cannot_join_a_case(treatment):
    photo = ImageFactory(title="Clinic room")
    treatment.hero_image = photo
    treatment.save_revision().publish()
    case = consented_case(treatments=[treatment])
    pair = PhotoPair(case=case, before_image=photo, after_image=ImageFactory(), view_label="front")
    with pytest.raises(ValidationError) as error:
        pair.full_clean()
    message = error.value.message_dict["before_image"][0]
    assert "\u201cMicroneedling\u201d" in message and "upload it again for this case" in message
    fresh = PhotoPair(case=case, before_image=ImageFactory(), after_image=ImageFactory(), view_label="side")
    fresh.full_clean()  # photos used nowhere else are fine


def test_the_image_chooser_does_not_offer_case_photos(admin_client, photo_used_everywhere):
    ImageFactory(title="Clinic waiting room")
    html = admin_client.get("/admin/images/chooser/").content.decode()
    assert "Clinic waiting room" in html
    assert "Patient 4411 before" not in html


def test_the_page_editor_explains_why_a_case_photo_cannot_be_the_hero(admin_client, photo_used_everywhere):
    from django.urls import reverse

    from tests.treatments.page_forms import edit_form_data
    from treatments.models import TreatmentPage

    photo, treatment, *_ = photo_used_everywhere
    page = TreatmentPage.objects.get(pk=treatment.pk)
    revisions = page.revisions.count()
    data = edit_form_data(admin_client, page, hero_image=photo.pk)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200, "the form is shown again, not saved"
    assert "is a patient photo from a before/after case" in response.content.decode()
    assert page.revisions.count() == revisions, "nothing was saved"
