"""Admin screens for cases, consent and images: they render, and uploads through every path are private."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection

from galleries.image_forms import NEUTRAL_TITLE
from tests.factories.galleries import consented_case
from tests.galleries.photos import assert_no_metadata, camera_jpeg
from tests.galleries.test_photo_privacy import stored_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["beforeaftercase", "consentrecord"])
def test_add_and_list_screens_render(admin_client, model):
    consented_case()
    assert admin_client.get(reverse(f"wagtailsnippets_galleries_{model}:add")).status_code == 200
    assert admin_client.get(reverse(f"wagtailsnippets_galleries_{model}:list")).status_code == 200


def test_case_edit_screen_shows_the_photo_pairs(admin_client):
    case = consented_case(pairs=2)
    html = admin_client.get(reverse("wagtailsnippets_galleries_beforeaftercase:edit", args=[case.pk])).content
    assert b"photo_pairs-TOTAL_FORMS" in html and b'value="2"' in html


def post_multiple(admin_client, data, name):
    return admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_multiple_uploader_strips_metadata_and_drops_the_file_name_title(admin_client):
    response = post_multiple(admin_client, camera_jpeg(), "Jane Doe cheek.jpg")
    assert response.json()["success"] is True
    image = get_image_model().objects.get()
    assert image.title == NEUTRAL_TITLE
    assert "Jane" not in image.file.name
    assert_no_metadata(stored_bytes(image.file))


def test_multiple_uploader_refuses_a_truncated_file_with_a_message(admin_client):
    data = camera_jpeg(width=600, height=600)
    response = post_multiple(admin_client, data[: len(data) // 2], "half.jpg")
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "could not be read as an image" in response.json()["error_message"]
    assert not get_image_model().objects.exists()


def test_typed_titles_are_kept_but_file_name_titles_are_replaced(admin_client):
    upload(admin_client, camera_jpeg(), name="jane_doe-2024.jpg")  # the helper types the title "Front"
    assert get_image_model().objects.get().title == "Front"
    admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "jane doe 2024",
            "file": SimpleUploadedFile("jane_doe-2024.jpg", camera_jpeg(), content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert get_image_model().objects.order_by("-pk").first().title == NEUTRAL_TITLE


def case_form(treatment, image_ids, **overrides):
    before, after = image_ids
    data = {
        "title": "Jawline redness",
        "treatments": [treatment.pk],
        "body_area": "face",
        "sex": "unstated",
        "disclaimer": "Individual results vary.",
        "photo_pairs-TOTAL_FORMS": "1",
        "photo_pairs-INITIAL_FORMS": "0",
        "photo_pairs-MIN_NUM_FORMS": "1",
        "photo_pairs-MAX_NUM_FORMS": "1000",
        "photo_pairs-0-before_image": before,
        "photo_pairs-0-after_image": after,
        "photo_pairs-0-view_label": "left 45°",
        "photo_pairs-0-ORDER": "1",
        "live": "on",
    }
    data.update(overrides)
    return data


def test_publishing_a_case_without_the_attestation_is_refused_with_a_message(admin_client, treatment):
    from galleries.models import BeforeAfterCase
    from tests.factories.images import ImageFactory

    images = [ImageFactory().pk, ImageFactory().pk]
    url = reverse("wagtailsnippets_galleries_beforeaftercase:add")
    response = admin_client.post(url, case_form(treatment, images))
    assert response.status_code == 200
    assert "Confirm the photos are unretouched" in response.content.decode()
    assert not BeforeAfterCase.objects.exists()

    response = admin_client.post(url, case_form(treatment, images, unretouched_attested="on"))
    assert response.status_code == 302
    case = BeforeAfterCase.objects.get()
    assert [p.view_label for p in case.photo_pairs.all()] == ["left 45°"]
    assert list(case.treatments.all()) == [treatment]
    assert not BeforeAfterCase.objects.visible_on("website").exists(), "no consent record yet"


def test_deleting_a_case_photo_in_the_image_admin_removes_its_pair(admin_client, client, gallery):
    case = consented_case(pairs=2)
    first = case.photo_pairs.order_by("sort_order", "pk").first()
    response = admin_client.post(reverse("wagtailimages:delete", args=[first.before_image_id]))
    assert response.status_code == 302
    assert case.photo_pairs.count() == 1
    assert client.get(gallery.url).status_code == 200


def test_image_edit_screen_renders_and_never_shows_the_uploaded_name(admin_client):
    upload(admin_client, camera_jpeg(), name="Jane Doe cheek.jpg")
    image = get_image_model().objects.get()
    html = admin_client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert "Jane" not in html
