"""A batch's costs paid once: search and reference indexing at its end, lookups of earlier imports and slugs read
once; what an article's rollback leaves behind is nothing, in the index as in the tree."""

from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

from treatments.importer.run import ImportOptions, import_paths
from treatments.models import Product, TreatmentPage


def export(tmp_path, count, body="<p>Peel number {n} leaves the skin glowing.</p>"):
    items = "".join(
        f"<item><title>Peel {n}</title><link>https://clinic.example.com/peel-{n}/</link>"
        f"<wp:post_id>{n}</wp:post_id><content:encoded><![CDATA[{body.format(n=n)}]]></content:encoded>"
        f"<wp:post_name>peel</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
        for n in range(1, count + 1)
    )
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><wp:base_site_url>https://clinic.example.com</wp:base_site_url>{items}</channel></rss>"
    )
    return path


def test_pages_are_search_indexed_once_in_bulk_at_the_end(treatment_index, tmp_path, monkeypatch):
    calls = {"add": 0, "add_bulk": []}
    backend_class = type(get_search_backend())  # the database's own: SQLite FTS or PostgreSQL
    original_bulk = backend_class.add_bulk

    def add(self, obj):
        calls["add"] += 1

    def add_bulk(self, model, objects):
        calls["add_bulk"].append((model, len(objects)))
        return original_bulk(self, model, objects)

    monkeypatch.setattr(backend_class, "add", add)
    monkeypatch.setattr(backend_class, "add_bulk", add_bulk)

    report = import_paths([export(tmp_path, 3)], ImportOptions(parent=treatment_index))

    assert all(article.ok for article in report.articles)
    assert calls["add"] == 0  # not once per save (each new page is saved twice)
    assert (TreatmentPage, 3) in calls["add_bulk"]
    assert TreatmentPage.objects.search("glowing").count() == 3


def test_reference_index_is_written_for_each_imported_page(treatment_index, tmp_path):
    body = '<p>Peel {n} aftercare.</p>[product id="70{n}"]'
    report = import_paths([export(tmp_path, 2, body)], ImportOptions(parent=treatment_index))

    assert all(article.ok for article in report.articles)
    for number, article in enumerate(report.articles, start=1):
        product = Product.objects.get(shop_id=700 + number)
        assert list(ReferenceIndex.get_references_to(product).values_list("object_id", flat=True)) == [
            str(article.page_id)
        ]


def test_a_rolled_back_article_is_not_indexed_and_frees_its_slug(treatment_index, tmp_path, monkeypatch):
    from treatments.importer import run

    original = run.import_log_data  # what the page history is told: the article's last step on either path

    def fail_on_second(raw, notes):
        if raw.title == "Peel 2":
            raise RuntimeError("disk full")
        return original(raw, notes)

    monkeypatch.setattr(run, "import_log_data", fail_on_second)

    report = import_paths([export(tmp_path, 3)], ImportOptions(parent=treatment_index))

    assert [article.ok for article in report.articles] == [True, False, True]
    assert sorted(TreatmentPage.objects.values_list("slug", flat=True)) == ["peel", "peel-2"]
    assert sorted(page.title for page in TreatmentPage.objects.search("glowing")) == ["Peel 1", "Peel 3"]


def test_earlier_imports_are_read_once_per_batch_not_once_per_post(treatment_index, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_paths([export(tmp_path, 2)], ImportOptions(parent=treatment_index))
    path = export(tmp_path, 6)
    with CaptureQueriesContext(connection) as queries:
        report = import_paths([path], ImportOptions(parent=treatment_index))

    assert [article.action for article in report.articles] == ["unchanged"] * 2 + ["create"] * 4
    record_reads = [q for q in queries.captured_queries if 'FROM "treatments_importedarticle"' in q["sql"]]
    slug_reads = [q for q in queries.captured_queries if q["sql"].startswith('SELECT "wagtailcore_page"."slug"')]
    assert len(record_reads) == 2  # the batch's records, and the old addresses links may point at
    assert len(slug_reads) == 1


def test_conditions_stay_searchable_and_are_read_once_per_chunk_not_once_per_page(treatment_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.treatments import ConditionFactory, TreatmentPageFactory
    from treatments.importer.indexing import index_saved

    rosacea = ConditionFactory(name="Rosacea")
    pages = [TreatmentPageFactory(parent=treatment_index, title=f"Laser {n}") for n in range(6)]
    for page in pages[:2]:
        page.conditions = [rosacea]
        page.save()

    with CaptureQueriesContext(connection) as queries:
        index_saved({TreatmentPage: {page.pk for page in pages}}, references=False)

    condition_reads = [q for q in queries.captured_queries if '"treatments_condition"' in q["sql"]]
    assert len(condition_reads) == 1  # the search backends read them once per page
    assert sorted(page.title for page in TreatmentPage.objects.search("rosacea")) == ["Laser 0", "Laser 1"]
