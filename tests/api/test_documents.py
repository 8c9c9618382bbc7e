"""Stored detail documents: served instead of rebuilding the JSON, and never different from a fresh build."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.api.conftest import demo_article, publish, small_image
from tests.factories import treatments as f
from treatments import change_log
from treatments.api import documents, stored_documents
from treatments.api.querysets import detail_queryset, public_treatments
from treatments.api.serializers import treatment_detail
from treatments.api.stored_documents import TreatmentApiDocument
from treatments.api.views import to_json

pytestmark = pytest.mark.django_db


def detail_url(page):
    return f"/api/v1/treatments/{page.pk}/"


def served(api, page, **headers):
    cache.clear()  # past the response cache: this file is about what lies under it
    response = api.get(detail_url(page), **headers)
    assert response.status_code == 200
    return response


def fresh_build(page, host="testserver"):
    """The detail JSON built from scratch for this request, as if no document were stored."""
    request = RequestFactory().get(detail_url(page), HTTP_HOST=host)
    return to_json(treatment_detail(detail_queryset().get(pk=page.pk), request))


def document_of(page):
    return TreatmentApiDocument.objects.get(page=page)


def select_statements(api, page):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = api.get(detail_url(page))
    assert response.status_code == 200
    statements = [query["sql"].split()[0].upper() for query in captured]
    assert set(statements) == {"SELECT"}, "serving a current document writes nothing"
    return len(statements)


def test_publishing_stores_the_document_and_requests_serve_it_without_writing(api, article):
    document = document_of(article)
    assert document.current_for(article) and document.revision_id == article.live_revision_id
    assert {f"image:{article.hero_image_id}", f"clinician:{article.author_id}"} <= set(
        document.dependencies.values_list("key", flat=True)
    )
    select_statements(api, article)


def test_a_current_document_costs_four_queries_whatever_the_body_holds(api, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="No gallery link", hero_image=small_image())
    page.body = [f.image(small_image()) for _ in range(20)] + [f.rich_text("<p>[show_products product=1]</p>")]
    publish(page)
    # the change log's head, the privacy restrictions, the page, the site's root paths (Wagtail caches them, and
    # select_statements empties the cache) and its document: nothing per block, image or product
    assert select_statements(api, page) == 5


def test_the_stored_document_is_byte_for_byte_a_fresh_build(api, article):
    assert served(api, article).content == fresh_build(article)


def test_each_host_gets_its_own_absolute_urls_from_one_document(api, article, settings):
    settings.ALLOWED_HOSTS = ["*"]
    first = served(api, article, HTTP_HOST="clinic.example").content
    second = served(api, article, HTTP_HOST="app-api.example:8443").content
    assert TreatmentApiDocument.objects.count() == 1 + TreatmentApiDocument.objects.exclude(page=article).count()
    assert first == fresh_build(article, "clinic.example")
    assert second == fresh_build(article, "app-api.example:8443")
    assert b"http://clinic.example/" in first and b"http://clinic.example/" not in second
    assert b".invalid" not in first + second, "the placeholder origin never leaves the server"


def test_a_draft_never_reaches_the_api_through_the_document(api, article):
    article.title = "Unapproved new title"
    article.save_revision()
    body = served(api, article).json()
    assert body["title"] == "Exosomes"
    assert document_of(article).current_for(article)


# ---------------------------------------------------------------- changes outdate what shows them
def product_on(page):
    return next(child.value["product"] for child in page.body if child.block_type == "product")


def rename_product(page):
    product = product_on(page)
    product.name = "Renamed serum"
    product.save()
    return "Renamed serum"


def change_image_title(page):
    image = page.hero_image
    image.title = "Retitled hero photo"
    image.save()
    return "Retitled hero photo"


def rename_clinician(page):
    clinician = page.author
    clinician.name = "Dr Renamed Example"
    clinician.save()
    return "Dr Renamed Example"


def rename_condition(page):
    condition = page.conditions.first()
    condition.name = "Renamed condition"
    condition.save()
    return "Renamed condition"


@pytest.mark.parametrize(
    "change",
    [rename_product, change_image_title, rename_clinician, rename_condition],
    ids=["product", "image", "clinician", "condition"],
)
def test_saving_something_a_document_shows_outdates_it(api, article, change):
    before = served(api, article).content
    shown = change(article)
    after = served(api, article).content
    assert after != before
    assert shown.encode() in after
    assert after == fresh_build(article)
    assert document_of(article).current_for(article), "the request stored the rebuilt document"


def test_a_product_created_for_a_shortcodes_unknown_shop_id_appears(api, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Shortcode only")
    page.body = [f.rich_text('<p>Try [show_products product="4242"]</p>')]
    publish(page)
    assert b"Late arrival" not in served(api, page).content
    f.ProductFactory(shop_id=4242, name="Late arrival", image=small_image())
    assert b"Late arrival" in served(api, page).content


def test_deactivating_a_product_removes_it(api, article):
    before = served(api, article).json()
    assert "product" in str(before["body"])
    product = product_on(article)
    product.is_active = False
    product.save()
    after = served(api, article)
    assert after.content == fresh_build(article)
    assert product.name.encode() not in after.content


def test_a_linked_page_unpublished_or_made_private_disappears_from_links(api, treatment_index):
    target = publish(f.TreatmentPageFactory(parent=treatment_index, title="Linked target"))
    hidden = publish(f.TreatmentPageFactory(parent=treatment_index, title="Soon private"))
    page = f.TreatmentPageFactory(parent=treatment_index, title="Linking article")
    page.body = [
        f.rich_text(f'<p><a linktype="page" id="{target.pk}">one</a> <a linktype="page" id="{hidden.pk}">two</a></p>')
    ]
    page.related_treatments.create(treatment=target)
    publish(page)
    body = served(api, page).content
    assert f"/api/v1/treatments/{target.pk}/".encode() in body
    target.unpublish()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    after = served(api, page)
    assert f"/api/v1/treatments/{target.pk}/".encode() not in after.content
    assert f"/api/v1/treatments/{hidden.pk}/".encode() not in after.content
    assert after.json()["related_treatments"] == []
    assert after.content == fresh_build(page)


def test_a_linked_treatment_renamed_and_republished_updates_its_links(api, treatment_index):
    target = publish(f.TreatmentPageFactory(parent=treatment_index, title="Old name", slug="old-slug"))
    page = f.TreatmentPageFactory(parent=treatment_index, title="Linking article")
    page.related_treatments.create(treatment=target)
    publish(page)
    assert b"/old-slug/" in served(api, page).content
    target.slug = "new-slug"
    target.title = "New name"
    publish(target)
    after = served(api, page).json()
    assert after["related_treatments"][0]["title"] == "New name"
    assert after["related_treatments"][0]["url"].endswith("/new-slug/")


def test_a_new_code_format_rebuilds_documents(api, article, monkeypatch):
    monkeypatch.setattr(stored_documents, "code_format", lambda: "next-release")
    assert not document_of(article).current_for(article)
    assert served(api, article).content == fresh_build(article)
    assert document_of(article).code_format == "next-release"


def test_a_change_during_a_rebuild_keeps_the_document_stale(api, article, monkeypatch):
    documents.outdate_all()
    build = documents.build

    def build_while_an_editor_saves(page, site_id):
        built = build(page, site_id)
        rename_clinician(page)  # commits after the build read the old name
        return built

    monkeypatch.setattr(documents, "build", build_while_an_editor_saves)
    served(api, article)
    assert not document_of(article).current_for(article), "a build that raced a change must not be kept"
    monkeypatch.setattr(documents, "build", build)
    assert b"Dr Renamed Example" in served(api, article).content
    assert document_of(article).current_for(article)


def test_deleting_a_page_deletes_its_documents(article):
    article.delete()
    assert not TreatmentApiDocument.objects.filter(page_id=article.pk).exists()


def test_a_gallery_links_values_are_slots_worked_out_per_request(article):
    assert [slot["name"] for slot in document_of(article).slots] == ["gallery_url", "cases"]


def test_rebuilding_costs_the_same_queries_for_1_and_50_blocks(api, treatment_index):
    counts = []
    for copies in (1, 50):
        page = demo_article(treatment_index, title=f"Size {copies}", copies=copies)
        documents.outdate_all()
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert api.get(detail_url(page)).status_code == 200
        counts.append(len(captured))
        assert document_of(page).current_for(page)
    assert counts[0] == counts[1]


def test_the_build_command_rebuilds_only_what_is_outdated(article, treatment_index):
    from io import StringIO

    from django.core.management import call_command

    other = publish(f.TreatmentPageFactory(parent=treatment_index, title="Second"))
    TreatmentApiDocument.objects.filter(page=other).delete()
    change_log.record("clinician.changed", {}, {f"clinician:{article.author_id}"})
    pages = list(public_treatments())
    current = {page.pk for page in pages if any(doc.current_for(page) for doc in page.api_documents.all())}
    assert article.pk not in current and other.pk not in current
    out = StringIO()
    call_command("build_api_documents", stdout=out)
    assert f"Built {len(pages) - len(current)} API document(s); {len(current)} already current." in out.getvalue()
    assert all(any(doc.current_for(page) for doc in page.api_documents.all()) for page in pages)


def test_stored_documents_can_be_switched_off(api, article, settings):
    settings.TREATMENTS_API_STORED_DOCUMENTS = False
    TreatmentApiDocument.objects.all().delete()
    assert served(api, article).content == fresh_build(article)
    assert not TreatmentApiDocument.objects.exists(), "switched off, requests neither read nor store documents"


def test_a_host_no_site_answers_to_is_served_a_fresh_build(api, article, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = ["*"]
    Site.objects.create(hostname="other.example", root_page=article.get_parent(), is_default_site=False)
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    response = api.get(detail_url(article), HTTP_HOST="unknown.example")
    assert response.status_code == 200
    assert response.content == fresh_build(article, "unknown.example")


def test_a_failing_build_never_stops_a_publish(api, article, monkeypatch, caplog):
    def broken(page, site_id):
        raise ValueError("a block could not be represented")

    monkeypatch.setattr(documents, "build", broken)
    article.title = "Published anyway"
    publish(article)
    assert article.live and article.title == "Published anyway"
    assert "Could not build the API document" in caplog.text
    assert not document_of(article).current_for(article)
    monkeypatch.undo()
    assert served(api, article).json()["title"] == "Published anyway"


def test_publishing_another_kind_of_page_keeps_treatment_documents(api, article, home_and_index):
    home, _index = home_and_index
    home.title = "Welcome, new intro"
    home.save_revision().publish()
    assert document_of(article).current_for(article)


def test_a_section_given_a_new_slug_moves_every_url_below_it(api, article, home_and_index):
    _home, index = home_and_index
    old = f"/{index.slug}/{article.slug}/"
    assert served(api, article).json()["url"].endswith(old)
    index.slug = "our-treatments"
    index.save_revision().publish()
    article.refresh_from_db()
    body = served(api, article)
    assert body.json()["url"].endswith(f"/our-treatments/{article.slug}/")
    assert body.content == fresh_build(article)
