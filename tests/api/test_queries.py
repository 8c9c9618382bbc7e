"""Query counts stay flat as content grows, and no image rendition is ever made inside a request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from tests.api.conftest import demo_article, publish, small_image
from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from treatments.api.documents import outdate_all

pytestmark = pytest.mark.django_db


def queries_for(api, url, *, cold, rebuild=False):
    """Queries of one uncached request; `cold` also empties the cache (site root paths, content version);
    `rebuild` outdates the stored detail documents, so the JSON is built from the database."""
    api.get(url)  # warm what may be warmed
    if cold:
        cache.clear()
    else:
        cache.clear()  # the response cache must miss, or nothing would be measured
    if rebuild:
        outdate_all()
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("rebuild", [False, True], ids=["stored-document", "rebuilt-document"])
@pytest.mark.parametrize("cold", [False, True], ids=["warm-cache", "cold-cache"])
def test_detail_queries_are_the_same_for_1_and_50_blocks_of_every_kind(api, treatment_index, cold, rebuild):
    small = demo_article(treatment_index, title="Small", copies=1)
    large = demo_article(treatment_index, title="Large", copies=50)
    assert len(large.body) == 550
    small_count = queries_for(api, f"/api/v1/treatments/{small.pk}/", cold=cold, rebuild=rebuild)
    large_count = queries_for(api, f"/api/v1/treatments/{large.pk}/", cold=cold, rebuild=rebuild)
    assert small_count == large_count
    assert small_count <= (30 if rebuild else 10)


@pytest.mark.parametrize("rebuild", [False, True], ids=["stored-document", "rebuilt-document"])
def test_detail_queries_do_not_grow_with_images_or_text_links(api, treatment_index, rebuild):
    counts = []
    for size in (1, 10, 30):
        target = publish(f.TreatmentPageFactory(parent=treatment_index, title=f"Target {size}"))
        page = f.TreatmentPageFactory(parent=treatment_index, title=f"Images {size}")
        page.body = [f.image(small_image()) for _ in range(size)] + [
            f.rich_text(f'<p><a linktype="page" id="{target.pk}">link</a> [show_products product="9833"]</p>')
            for _ in range(size)
        ]
        publish(page)
        counts.append(queries_for(api, f"/api/v1/treatments/{page.pk}/", cold=False, rebuild=rebuild))
    assert counts[0] == counts[1] == counts[2]


def list_queries(api, treatment_index, count):
    for number in range(count):
        page = f.TreatmentPageFactory(parent=treatment_index, hero_image=small_image(), title=f"T{count}-{number}")
        page.conditions.add(f.ConditionFactory(name=f"Condition {number % 3}"))
        publish(page)
    return queries_for(api, "/api/v1/treatments/?limit=100", cold=False)


def test_list_queries_do_not_grow_with_page_size(api, treatment_index):
    few = list_queries(api, treatment_index, 2)
    many = list_queries(api, treatment_index, 25)
    assert few == many


@pytest.fixture
def renditions_made(monkeypatch):
    """(image id, filter spec) of every rendition file generated while the test runs."""
    made = []
    model = get_image_model()
    original = model.generate_rendition_file

    def generate(image, filter, **kwargs):
        made.append((image.pk, filter.spec))
        return original(image, filter, **kwargs)

    monkeypatch.setattr(model, "generate_rendition_file", generate)
    return made


def test_renditions_are_made_at_upload_time(renditions_made):
    image = ImageFactory()
    specs = {spec for image_id, spec in renditions_made if image_id == image.pk}
    assert specs == {"width-320|format-webp", "width-320|format-jpeg", "width-640|format-webp", "width-640|format-jpeg"}


def test_no_rendition_is_created_during_an_api_request(api, article, renditions_made):
    # A rendition lost since upload (e.g. cleared storage) must not be re-made by a request either.
    get_image_model().get_rendition_model().objects.filter(filter_spec="width-320|format-webp").delete()
    renditions_made.clear()
    urls = [
        f"/api/v1/treatments/{article.pk}/",
        "/api/v1/treatments/",
        "/api/v1/products/",
        "/api/v1/clinicians/",
        "/api/v1/sync/",
    ]
    for url in urls:
        assert api.get(url).status_code == 200, url
    assert renditions_made == []
    assert not get_image_model().get_rendition_model().objects.filter(filter_spec="width-320|format-webp").exists()
    hero = api.get(f"/api/v1/treatments/{article.pk}/").json()["hero_image"]
    assert {r["format"] for r in hero["renditions"] if r["width"] == 320} == {"jpeg"}


def test_publishing_makes_missing_renditions(article, renditions_made):
    get_image_model().get_rendition_model().objects.all().delete()
    publish(article)
    assert {image_id for image_id, _spec in renditions_made} >= {article.hero_image_id, article.author.photo_id}


def test_images_an_app_marks_private_get_no_renditions_at_upload(renditions_made):
    from wagtail import hooks

    with hooks.register_temporarily("treatments_image_is_private", lambda image: image.title == "Patient 7"):
        private = ImageFactory(title="Patient 7")
        public = ImageFactory(title="Clinic room")
    made_for = {image_id for image_id, _spec in renditions_made}
    assert private.pk not in made_for
    assert public.pk in made_for
