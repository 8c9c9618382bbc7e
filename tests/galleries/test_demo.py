"""The galleries demo loader: idempotent, at least six cases, expired and withdrawn ones invisible everywhere."""

import io
import re

import pytest
from wagtail.images import get_image_model

from clinic_site.demo import galleries as demo
from galleries.models import BeforeAfterCase, GalleryPage
from galleries.photos import photo_url
from tests.factories.treatments import TreatmentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(home_and_index):
    _home, index = home_and_index
    for slug in ["exosomes", "fractional-laser", "polynucleotides"]:
        TreatmentPageFactory(parent=index, slug=slug, title=slug.replace("-", " ").title())
    demo.load(io.StringIO())
    return GalleryPage.objects.get()


def counts():
    return (
        GalleryPage.objects.count(),
        BeforeAfterCase.objects.count(),
        get_image_model().objects.count(),
        BeforeAfterCase.photo_pairs.rel.related_model.objects.count(),
    )


def test_running_twice_creates_nothing_new(loaded):
    before = counts()
    demo.load(io.StringIO())
    assert counts() == before == (1, 8, 16, 8)


def test_demo_gallery_shows_the_consented_cases_only(client, loaded):
    html = client.get(loaded.url).content.decode()
    shown = {int(pk) for pk in re.findall(r'id="case-(\d+)"', html)}
    website = set(BeforeAfterCase.objects.visible_on("website").values_list("pk", flat=True))
    assert shown == website and len(shown) >= 6


@pytest.mark.parametrize("title", ["Boxcar scars on the temples", "Neck lines after a course of treatment"])
def test_expired_and_withdrawn_demo_cases_are_invisible_everywhere(client, loaded, title):
    case = BeforeAfterCase.objects.get(title=title)
    pair = case.photo_pairs.get()
    assert f'id="case-{case.pk}"' not in client.get(loaded.url).content.decode()
    assert case.pk not in [item["id"] for item in client.get("/api/v1/cases/").json()["results"]]
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    for channel in ["website", "mobile_app"]:
        assert client.get(photo_url(pair.pk, "before", "sm", "jpeg", channel)).status_code == 404


def test_missing_treatments_are_reported_not_fatal(home_and_index):
    out = io.StringIO()
    demo.load(out)
    assert "treatments not in the demo: exosomes, fractional-laser" in out.getvalue()
    assert BeforeAfterCase.objects.count() == 8


def test_second_run_keeps_everything_as_it_was(loaded):
    updated = list(BeforeAfterCase.objects.order_by("pk").values_list("updated_at", flat=True))
    out = io.StringIO()
    demo.load(out)
    assert "updated" not in out.getvalue() and out.getvalue().count(": kept") == 9
    assert list(BeforeAfterCase.objects.order_by("pk").values_list("updated_at", flat=True)) == updated
