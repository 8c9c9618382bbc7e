"""The change log itself: written with the change or not at all, read once per request, and the caches a
deployment runs on are shared by its processes (a system check says when they are not)."""

import pytest
from django.core import checks
from django.db import transaction

from tests.factories import treatments as f
from treatments.change_log import checks as change_log_checks
from treatments.change_log import head
from treatments.change_log.models import ContentChange
from treatments.snippets import Product

pytestmark = pytest.mark.django_db


def test_a_change_rolled_back_leaves_no_row(treatment_index):
    product = f.ProductFactory(name="Serum")
    before = head().entry
    with pytest.raises(RuntimeError), transaction.atomic():
        product.name = "Renamed serum"
        product.save()
        raise RuntimeError("the editor's save failed later on")
    assert head().entry == before
    assert not ContentChange.objects.filter(pk__gt=before).exists()


def test_a_row_that_cannot_be_written_rolls_the_change_back(admin_client, monkeypatch):
    product = f.ProductFactory(name="Serum")

    def refuse(*args, **kwargs):
        raise RuntimeError("the log could not be written")

    monkeypatch.setattr(ContentChange.objects, "bulk_create", refuse)
    with pytest.raises(RuntimeError), transaction.atomic():  # as the admin's edit view saves
        product.name = "Renamed serum"
        product.save()
    assert Product.objects.get(pk=product.pk).name == "Serum"


def test_each_change_moves_the_head_once_per_resource_it_touches(treatment_index):
    product = f.ProductFactory(name="Serum")
    before = head().entry
    product.save()
    rows = list(ContentChange.objects.filter(pk__gt=before).values_list("resource_type", "resource_id", "cause"))
    assert rows == [("product", product.pk, "product.changed")]
    assert head().entry == before + 1


def test_a_request_reads_the_head_once(client, treatment_index, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes")
    page.save_revision().publish()
    client.get("/api/v1/treatments/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/treatments/")
        client.get(f"/api/v1/treatments/{page.pk}/")
    reads = [query for query in captured if "treatments_changeloghead" in query["sql"]]
    assert len(reads) == 2, "one read of the head per request"


@pytest.mark.parametrize(
    ("backend", "warns"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", True),
        ("django.core.cache.backends.dummy.DummyCache", True),
        ("django.core.cache.backends.filebased.FileBasedCache", False),
        ("django.core.cache.backends.db.DatabaseCache", False),
        ("django_redis.cache.RedisCache", False),
    ],
)
def test_a_per_process_cache_is_warned_about(settings, backend, warns):
    settings.TREATMENTS_CHECK_SHARED_CACHE = True
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "x"}}
    found = change_log_checks.check_shared_cache()
    assert [warning.id for warning in found] == (["treatments.W001"] if warns else [])
    if warns:
        assert isinstance(found[0], checks.Warning) and "per worker" in found[0].msg


def test_an_images_renditions_made_together_are_one_write_naming_what_shows_it(treatment_index):
    from wagtail.images.models import Filter

    from tests.factories.images import ImageFactory

    image = ImageFactory()
    product = f.ProductFactory(name="Serum", image=image)
    before = head().entry
    image.get_renditions("width-120|format-webp", "width-120|format-jpeg", "width-240|format-webp")
    rows = list(ContentChange.objects.filter(pk__gt=before).values_list("resource_type", "resource_id", "cause"))
    assert rows == [("product", product.pk, "image.renditions_changed")]
    # Each rendition alone still moves the head: nothing made outside a batch goes unlogged.
    image.get_rendition(Filter("width-240|format-jpeg"))
    assert head().entry == before + 2


def test_renditions_made_before_one_failed_are_still_logged(treatment_index, monkeypatch):
    from wagtail.images.models import AbstractImage

    from tests.factories.images import ImageFactory

    image = ImageFactory()
    product = f.ProductFactory(name="Serum", image=image)
    made = AbstractImage.create_rendition

    def fail_on_the_second(self, filter):
        if filter.spec == "width-120|format-jpeg":
            raise OSError("the disk filled up")
        return made(self, filter)

    monkeypatch.setattr(AbstractImage, "create_rendition", fail_on_the_second)
    before = head().entry
    with pytest.raises(OSError):
        image.get_renditions("width-120|format-webp", "width-120|format-jpeg")
    assert image.renditions.filter(filter_spec="width-120|format-webp").exists()
    assert list(ContentChange.objects.filter(pk__gt=before).values_list("resource_type", "resource_id")) == [
        ("product", product.pk)
    ]
