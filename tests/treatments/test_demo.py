"""`manage.py load_demo`: complete demo content, loaded in one go and safe to load again."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site, WorkflowPage

from clinic_site.demo import discover_loaders
from clinic_site.demo.images import draw
from clinic_site.models import HomePage
from treatments.blocks import TreatmentBodyBlock
from treatments.models import Clinician, Condition, Product, TreatmentIndexPage, TreatmentPage

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def stored_bodies():
    """Each treatment's body exactly as stored, block ids included."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT page_ptr_id, body FROM {TreatmentPage._meta.db_table} ORDER BY page_ptr_id")  # noqa: S608
        return {pk: body if isinstance(body, list) else json.loads(body) for pk, body in cursor.fetchall()}


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("pk", "slug", "live", "has_unpublished_changes")),
        "revisions": Revision.objects.count(),
        "images": sorted(get_image_model().objects.values_list("title", flat=True)),
        "clinicians": sorted(Clinician.objects.values_list("pk", "name")),
        "products": sorted(Product.objects.values_list("pk", "shop_id", "is_active")),
        "conditions": sorted(Condition.objects.values_list("pk", "slug")),
        "bodies": stored_bodies(),
    }


@pytest.fixture
def demo(db):
    load_demo()
    return TreatmentPage.objects.get(slug="exosomes")


def test_loaders_are_discovered_by_order_and_helpers_are_not_run():
    loaders = discover_loaders()
    names = [loader.__name__ for loader in loaders]
    assert "clinic_site.demo.treatments" in names
    assert [loader.ORDER for loader in loaders] == sorted(loader.ORDER for loader in loaders)
    assert not {"clinic_site.demo.images", "clinic_site.demo.pages", "clinic_site.demo.raw"} & set(names)


def test_running_load_demo_twice_gives_the_same_content(demo):
    first = snapshot()
    output = load_demo()
    assert snapshot() == first
    assert "created" not in output


def test_an_edited_demo_page_is_restored_in_place_with_one_new_revision(demo):
    demo.title = "Exosomes, edited by hand"
    demo.save_revision().publish()
    revisions = Revision.objects.count()
    load_demo()
    page = TreatmentPage.objects.get(slug="exosomes")
    assert page.pk == demo.pk
    assert page.title == "Exosomes"
    assert Revision.objects.count() == revisions + 1
    assert TreatmentPage.objects.filter(slug="exosomes").count() == 1


def test_an_unpublished_demo_page_is_published_again(demo):
    demo.unpublish()
    load_demo()
    assert TreatmentPage.objects.get(pk=demo.pk).live


def test_a_failing_loader_leaves_nothing_half_loaded(db, monkeypatch):
    class Broken:
        __name__ = "clinic_site.demo.broken"
        ORDER = 99

        @staticmethod
        def load(stdout):
            raise RuntimeError("broken loader")

    pages_before = Page.objects.count()
    monkeypatch.setattr(
        "clinic_site.management.commands.load_demo.discover_loaders", lambda: [*discover_loaders(), Broken]
    )
    with pytest.raises(RuntimeError, match="broken loader"):
        load_demo()
    assert Page.objects.count() == pages_before
    assert not TreatmentPage.objects.exists()
    assert not Product.objects.exists()


def test_the_home_page_replaces_wagtails_welcome_page_as_the_site_root(demo):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert Page.objects.filter(depth=2).count() == 1
    index = TreatmentIndexPage.objects.get()
    assert index.get_parent().pk == site.root_page.pk


def test_the_demo_has_at_least_four_published_treatments_with_credits(demo):
    pages = TreatmentPage.objects.live()
    assert pages.count() >= 4
    for page in pages:
        assert page.author and page.reviewed_by and page.last_reviewed
        assert page.conditions.exists()
        assert page.related_treatments.exists()
        assert page.price_from is not None
        assert not page.has_unpublished_changes


def test_the_demo_has_product_9833_and_an_inactive_product(demo):
    assert Product.objects.get(shop_id=9833).is_active
    assert Product.objects.filter(is_active=False).exists()
    assert {"acne-scars", "dark-circles", "hair-loss", "sun-damage"} <= set(
        Condition.objects.values_list("slug", flat=True)
    )


def test_the_exosome_article_uses_every_block_kind_and_the_inline_shortcode(demo):
    kinds = {block.block_type for block in demo.body}
    # These exist for imported WordPress content; the demo article shows every kind an author writes with.
    wordpress_kinds = {"quote", "code", "embed", "rich_table", "image_gallery", "booking_cta"}
    assert kinds == set(TreatmentBodyBlock.base_blocks) - wordpress_kinds
    rich_text = " ".join(block.value.source for block in demo.body if block.block_type == "rich_text")
    assert '[show_products product="9833"]' in rich_text
    assert demo.science_score == 2
    faqs = [block.value for block in demo.body if block.block_type == "faq"]
    assert any(child.block_type == "image" for faq in faqs for child in faq["answer"])
    assert any(
        "<ul>" in child.value.source for faq in faqs for child in faq["answer"] if child.block_type == "rich_text"
    )


def test_the_exosome_article_points_its_alternatives_at_the_other_demo_treatments(demo):
    (block,) = [block.value for block in demo.body if block.block_type == "budget_alternatives"]
    linked = {item["treatment_page"].slug for item in block["alternatives"] if item["treatment_page"]}
    others = set(TreatmentPage.objects.exclude(pk=demo.pk).values_list("slug", flat=True))
    assert linked == others
    assert any(not item["treatment_page"] and item["treatment_name"] for item in block["alternatives"])


def test_the_exosome_costs_are_computed_from_the_seed_figures(demo):
    (costs,) = [block.value for block in demo.body if block.block_type == "cost_comparison"]
    cream, course = costs["options"]
    assert (cream.total_from, course.total_from, course.total_to) == (70, 1800, 2400)
    (table,) = [block.value for block in demo.body if block.block_type == "comparison_table"]
    assert list(table["header"]) == ["Type", "Application", "Ease of use", "Rate-limiting factors"]


def test_the_demo_treatment_index_is_under_medical_review(demo):
    index = TreatmentIndexPage.objects.get()
    workflow = WorkflowPage.objects.get(page=index).workflow
    assert workflow.name == "Medical review"
    assert workflow.tasks.count() == 1
    assert demo.get_workflow() == workflow


def test_demo_images_are_drawn_once_and_reused_by_title(demo):
    images = get_image_model().objects.all()
    assert images.count() == len(set(images.values_list("title", flat=True)))
    assert all(image.width > 0 for image in images)
    load_demo()
    assert get_image_model().objects.count() == images.count()


def test_every_live_demo_page_renders_for_visitors(client, demo):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert len(pages) >= 6
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert page.title.replace("&", "&amp;") in html or page.title in html
        assert "[show_products" not in html, page.url


def test_demo_images_are_the_same_pixels_for_the_same_title():
    assert draw("Demo hero: Exosomes") == draw("Demo hero: Exosomes")
    assert draw("Demo hero: Exosomes") != draw("Demo hero: Polynucleotides")


def test_load_demo_removes_only_wagtails_welcome_page(db):
    root = Page.get_first_root_node()
    own = root.add_child(instance=Page(title="Our old site", slug="old-site"))
    load_demo()
    assert Page.objects.filter(pk=own.pk).exists()
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
