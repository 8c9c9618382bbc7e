"""The consent matrix over every route: a case shows on a channel only while consent covers it today."""

import pytest
from django.test import RequestFactory
from wagtail import hooks
from wagtail.contrib.sitemaps.views import sitemap

from galleries.photos import photo_url
from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db

STATES = ["valid", "expired", "withdrawn", "missing"]
CHANNEL_SETS = [("website",), ("mobile_app",), ("social_media",), ("website", "mobile_app")]


def website_routes(client, gallery, treatment, case):
    """What a visitor of the website can reach: True where the case shows."""
    pair = case.photo_pairs.get()
    shown = f'id="case-{case.pk}"'
    (cases_html,) = [fn(treatment, 3, None) for fn in hooks.get_hooks("treatments_gallery_cases_html")]
    return {
        "gallery page": shown in client.get(gallery.url).content.decode(),
        "gallery filtered to treatment": shown
        in client.get(gallery.url, {"treatment": treatment.slug}).content.decode(),
        "gallery search": shown in client.get(gallery.url, {"q": "cheek scarring"}).content.decode(),
        "treatment page embed": shown in cases_html,
        "before photo": client.get(photo_url(pair.pk, "before", "sm", "jpeg")).status_code == 200,
        "after photo webp": client.get(photo_url(pair.pk, "after", "md", "webp")).status_code == 200,
    }


def app_routes(client, treatment, case):
    """What the mobile app can reach through the API."""
    pair = case.photo_pairs.get()
    listing = client.get("/api/v1/cases/").json()["results"]
    (embedded,) = [fn(treatment, 3, {}) for fn in hooks.get_hooks("treatments_gallery_cases_api")]
    return {
        "api list": case.pk in [item["id"] for item in listing],
        "api detail": client.get(f"/api/v1/cases/{case.pk}/").status_code == 200,
        "api treatment embed": case.pk in [item["id"] for item in embedded],
        "app photo": client.get(photo_url(pair.pk, "before", "sm", "webp", "mobile_app")).status_code == 200,
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("channels", CHANNEL_SETS, ids="+".join)
def test_consent_matrix_over_every_route(client, gallery, treatment, state, channels):
    case = consented_case(state, channels=channels, treatments=[treatment], title="Cheek scarring result")
    on_website = state == "valid" and "website" in channels
    on_app = state == "valid" and "mobile_app" in channels
    assert website_routes(client, gallery, treatment, case) == dict.fromkeys(
        website_routes(client, gallery, treatment, case), on_website
    )
    assert app_routes(client, treatment, case) == dict.fromkeys(app_routes(client, treatment, case), on_app)


@pytest.mark.parametrize("state", STATES)
def test_photo_url_of_a_case_without_valid_consent_is_a_404(client, state):
    case = consented_case(state)
    pair = case.photo_pairs.get()
    expected = 200 if state == "valid" else 404
    assert client.get(photo_url(pair.pk, "before", "lg", "jpeg")).status_code == expected


def test_photo_responses_are_private_and_revalidated(client):
    pair = consented_case("valid").photo_pairs.get()
    response = client.get(photo_url(pair.pk, "after", "sm", "webp"))
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize(
    "bad",
    [
        "social_media/{pk}/before-sm.jpeg",
        "website/{pk}/side-sm.jpeg",
        "website/{pk}/before-xl.jpeg",
        "website/{pk}/before-sm.gif",
    ],
)
def test_photo_urls_outside_the_fixed_set_are_404(client, bad):
    pair = consented_case("valid", channels=("website", "social_media")).photo_pairs.get()
    assert client.get("/case-photos/" + bad.format(pk=pair.pk)).status_code == 404


@pytest.mark.parametrize("state", STATES)
def test_sitemap_lists_the_gallery_but_never_case_photos(gallery, state):
    case = consented_case(state)
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request)
    response.render()
    xml = response.content.decode()
    assert gallery.url in xml
    assert "case-photos" not in xml and case.title not in xml


def test_photo_whose_original_file_is_missing_is_a_404_not_a_500(client):
    pair = consented_case("valid").photo_pairs.get()
    pair.before_image.file.storage.delete(pair.before_image.file.name)
    assert client.get(photo_url(pair.pk, "before", "sm", "jpeg")).status_code == 404
