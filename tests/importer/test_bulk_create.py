"""New pages of an import are written a chunk at a time: the tree stays valid, each page has its draft revision and
history, editors can edit and publish them, the queries do not grow with the posts, and anything unsafe goes page
by page through Wagtail as before."""

import json

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published

from tests.factories.treatments import TreatmentPageFactory
from tests.treatments.page_forms import edit_form_data
from treatments.importer import bulk, indexing
from treatments.importer.origins import ImportedArticle
from treatments.importer.run import ImportOptions, import_paths
from treatments.models import Product, TreatmentPage

BODY = (
    "<h2>Does peel {n} sting?</h2><p>A warm tingle for a minute or two.</p>"
    "<ul><li>Mild peel</li><li>Medium peel</li></ul>"
    '<p>Book a <a href="https://clinic.example.com/peel-1/">first peel</a> to start.</p>[product id="90{n}"]'
)


def export(tmp_path, count, body=BODY, first=1, name="export.xml"):
    items = "".join(
        f"<item><title>Peel {n}</title><link>https://clinic.example.com/peel-{n}/</link>"
        f"<wp:post_id>{n}</wp:post_id><content:encoded><![CDATA[{body.format(n=n)}]]></content:encoded>"
        f"<wp:post_name>peel-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
        for n in range(first, first + count)
    )
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><wp:base_site_url>https://clinic.example.com</wp:base_site_url>{items}</channel></rss>"
    )
    return path


def imported(path, parent, **options):
    report = import_paths([path], ImportOptions(parent=parent, **options))
    assert all(article.ok for article in report.articles), [article.error for article in report.articles]
    return report


def no_tree_problems():
    return all(not found for found in Page.find_problems())


def test_the_tree_stays_valid_after_existing_and_deleted_children(treatment_index, tmp_path):
    TreatmentPageFactory(parent=treatment_index, slug="kept")
    TreatmentPageFactory(parent=treatment_index, slug="gone").delete()  # leaves a gap after the last position
    treatment_index.refresh_from_db()

    imported(export(tmp_path, 12), treatment_index)

    assert no_tree_problems()
    treatment_index.refresh_from_db()
    children = list(treatment_index.get_children().order_by("path"))
    assert treatment_index.numchild == len(children) == 13
    assert len({child.path for child in children}) == 13
    assert all(child.depth == treatment_index.depth + 1 for child in children)
    new = TreatmentPage.objects.get(slug="peel-12")
    assert new.url_path == f"{treatment_index.url_path}peel-12/"
    assert new.get_parent().pk == treatment_index.pk
    assert new.locale_id == treatment_index.locale_id
    assert new.get_url() == "/treatments/peel-12/"


def test_each_new_page_is_a_draft_with_one_revision_and_its_history(treatment_index, tmp_path, admin_user):
    report = imported(export(tmp_path, 3), treatment_index, user=admin_user)

    for article in report.articles:
        page = TreatmentPage.objects.get(pk=article.page_id)
        assert (page.live, page.has_unpublished_changes, page.live_revision, page.first_published_at) == (
            False,
            True,
            None,
            None,
        )
        revision = Revision.page_revisions.get(object_id=str(page.pk))
        assert page.latest_revision == revision and revision.user == admin_user
        assert page.latest_revision_created_at == revision.created_at
        draft = page.get_latest_revision_as_object()
        assert draft.title == page.title and [block.block_type for block in draft.body] == article.blocks
        actions = list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", "revision"))
        assert actions == [("wagtail.create", None), ("treatments.import", revision.pk)]
        assert ImportedArticle.objects.get(page=page).source_key == article.key
    assert TreatmentPage.objects.search("tingle").count() == 3
    product = Product.objects.get(shop_id=902)
    assert list(ReferenceIndex.get_references_to(product).values_list("object_id", flat=True)) == [
        str(report.articles[1].page_id)
    ]


def test_bulk_written_pages_match_pages_made_one_by_one(home_and_index, tmp_path):
    """The same article through add_child()/save_revision() and through the chunk: the same rows."""
    _home, index = home_and_index
    body = BODY.replace('<a href="https://clinic.example.com/peel-1/">first peel</a>', "first peel")
    one_by_one = imported(export(tmp_path, 2, body, name="a.xml"), index, write_together=False).articles
    together = imported(export(tmp_path, 2, body, first=3, name="b.xml"), index).articles

    def row(pk):
        page = TreatmentPage.objects.get(pk=pk)
        skip = {"id", "page_ptr", "path", "url_path", "slug", "title", "draft_title", "translation_key"}
        skip |= {"latest_revision", "latest_revision_created_at", "seo_title"}
        fields = {
            f.attname: getattr(page, f.attname) for f in TreatmentPage._meta.concrete_fields if f.name not in skip
        }
        fields["body"] = [(block["type"], block["value"]) for block in page.body.raw_data]
        return fields

    def revision(pk):
        content = dict(TreatmentPage.objects.get(pk=pk).latest_revision.content)
        for key in ("pk", "path", "url_path", "slug", "title", "draft_title", "translation_key", "intro"):
            content.pop(key)
        content["body"] = [block["type"] for block in json.loads(content["body"])]
        return content

    def history(pk):
        entries = PageLogEntry.objects.filter(page_id=pk).order_by("pk")
        return [(entry.action, entry.content_changed, entry.label.split()[0]) for entry in entries]

    def references(pk):
        found = ReferenceIndex.objects.filter(object_id=str(pk)).values_list(
            "model_path", "content_type", "to_content_type"
        )
        return sorted(found)

    for before, after in zip(one_by_one, together, strict=True):
        old, new = row(before.page_id), row(after.page_id)
        old["body"] = new["body"] = None  # the product and link ids differ; their structure is compared below
        assert old == new
        assert revision(before.page_id) == revision(after.page_id)
        assert history(before.page_id) == history(after.page_id)
        assert references(before.page_id) == references(after.page_id)
        assert before.blocks == after.blocks and before.structure == after.structure
    assert no_tree_problems()


def test_links_to_pages_of_the_same_chunk_get_their_ids_when_it_is_written(treatment_index, tmp_path):
    body = '<p>Read about <a href="https://clinic.example.com/peel-{before}/">the peel before</a> first.</p>'
    items = "".join(
        f"<item><title>Peel {n}</title><link>https://clinic.example.com/peel-{n}/</link><wp:post_id>{n}</wp:post_id>"
        f"<content:encoded><![CDATA[{body.format(before=n - 1)}]]></content:encoded>"
        f"<wp:post_name>peel-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
        for n in range(1, 5)
    )
    path = export(tmp_path, 0)
    path.write_text(path.read_text().replace("</channel>", f"{items}</channel>"))

    report = imported(path, treatment_index)

    pages = {page.title: page for page in TreatmentPage.objects.all()}
    for n in range(2, 5):
        source = json.dumps(list(pages[f"Peel {n}"].get_latest_revision_as_object().body.raw_data))
        assert f'<a linktype=\\"page\\" id=\\"{pages[f"Peel {n - 1}"].pk}\\">the peel before</a>' in source
        assert "chunk-page" not in source and "chunk-page" not in json.dumps(list(pages[f"Peel {n}"].body.raw_data))
        assert ReferenceIndex.get_references_to(pages[f"Peel {n - 1}"]).filter(object_id=str(pages[f"Peel {n}"].pk))
    assert not any(article.forward_links for article in report.articles)  # no second pass was needed
    assert Revision.objects.count() == 4
    assert 'href="/treatments/peel-2/"' in str(pages["Peel 3"].body[0].value)  # what a visitor follows


def test_an_updated_page_linking_to_a_new_page_of_its_chunk_gets_the_real_id(treatment_index, tmp_path):
    def item(n, body):
        return (
            f"<item><title>Peel {n}</title><link>https://clinic.example.com/peel-{n}/</link><wp:post_id>{n}</wp:post_id>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_name>peel-{n}</wp:post_name>"
            "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
        )

    def write(name, *items):
        path = export(tmp_path, 0, name=name)
        path.write_text(path.read_text().replace("</channel>", f"{''.join(items)}</channel>"))
        return path

    imported(write("first.xml", item(1, "<p>Peels only.</p>")), treatment_index)
    link = '<p>Peels, and <a href="https://clinic.example.com/peel-2/">the new one</a>.</p>'
    report = imported(write("second.xml", item(2, "<p>The new peel.</p>"), item(1, link)), treatment_index)

    assert [article.action for article in report.articles] == ["create", "update"]
    new = TreatmentPage.objects.get(title="Peel 2")
    source = json.dumps(list(TreatmentPage.objects.get(title="Peel 1").get_latest_revision_as_object().body.raw_data))
    assert f'id=\\"{new.pk}\\"' in source and "chunk-page" not in source


def test_a_bulk_written_page_can_be_edited_in_the_admin_and_published(admin_client, treatment_index, tmp_path):
    report = imported(export(tmp_path, 2), treatment_index)
    page = TreatmentPage.objects.get(pk=report.articles[0].page_id)

    data = edit_form_data(admin_client, page, body_html="<p>Checked by the clinic.</p>")
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.revisions.count() == 2 and not page.live

    heard = []

    def on_published(sender, instance, **kwargs):
        heard.append(instance.pk)

    page_published.connect(on_published, dispatch_uid="test_bulk_published")
    try:
        page.get_latest_revision().publish()
    finally:
        page_published.disconnect(dispatch_uid="test_bulk_published")
    page.refresh_from_db()
    assert page.live and page.live_revision == page.latest_revision
    assert heard == [page.pk]
    served = admin_client.get(page.get_url())
    assert served.status_code == 200 and "Checked by the clinic." in served.content.decode()
    assert no_tree_problems()


def test_reimporting_bulk_written_pages_changes_nothing(treatment_index, tmp_path):
    path = export(tmp_path, 5)
    imported(path, treatment_index)
    revisions = Revision.objects.count()

    report = imported(path, treatment_index)

    assert [article.action for article in report.articles] == ["unchanged"] * 5
    assert Revision.objects.count() == revisions
    assert TreatmentPage.objects.count() == 5


def queries_to_import(path, parent):
    with CaptureQueriesContext(connection) as queries:
        imported(path, parent)
    return len(queries)


def test_the_queries_of_a_batch_do_not_grow_with_its_posts(treatment_index, tmp_path):
    body = "<h2>Does peel {n} sting?</h2><p>A warm tingle.</p><ul><li>Mild</li><li>Medium</li></ul>"
    imported(export(tmp_path, 1, body, name="first.xml"), treatment_index)  # the site's lookups are warm after it
    few = queries_to_import(export(tmp_path, 3, body, first=10, name="few.xml"), treatment_index)
    many = queries_to_import(export(tmp_path, 30, body, first=20, name="many.xml"), treatment_index)

    assert many == few, (few, many)  # page by page: 139 queries for 3 posts, 1,273 for 30
    assert many <= 24, many
    assert no_tree_problems()


@pytest.mark.parametrize("step", [(bulk, "insert_pages"), (indexing, "write_references")], ids=["first", "last"])
def test_a_chunk_that_cannot_be_written_is_imported_page_by_page(treatment_index, tmp_path, monkeypatch, step):
    def refuse(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: wagtailcore_page.path")

    monkeypatch.setattr(*step, refuse)
    save_revision = TreatmentPage.save_revision

    def failing_save_revision(page, *args, **kwargs):
        if page.title == "Peel 2":
            raise RuntimeError("database went away")
        return save_revision(page, *args, **kwargs)

    monkeypatch.setattr(TreatmentPage, "save_revision", failing_save_revision)

    report = import_paths([export(tmp_path, 3)], ImportOptions(parent=treatment_index))

    assert [article.ok for article in report.articles] == [True, False, True]
    assert "RuntimeError: database went away" in report.articles[1].error
    assert sorted(TreatmentPage.objects.values_list("slug", flat=True)) == ["peel-1", "peel-3"]
    assert not Product.objects.filter(shop_id=902).exists()  # its placeholder went with it
    assert ImportedArticle.objects.count() == 2 and Revision.objects.count() == 2
    assert no_tree_problems()


def test_a_database_error_with_no_savepoint_to_return_to_sends_the_chunk_page_by_page(
    treatment_index, tmp_path, monkeypatch
):
    """On PostgreSQL a failed query breaks the whole transaction: the chunk cannot carry on with the others."""
    from treatments.importer import run

    history_data, save_revision, saved = run.import_log_data, TreatmentPage.save_revision, []

    def broken(raw, notes):
        if raw.title == "Peel 2":
            raise OperationalError("current transaction is aborted")
        return history_data(raw, notes)

    def recorded_save_revision(page, *args, **kwargs):
        saved.append(page.title)
        return save_revision(page, *args, **kwargs)

    monkeypatch.setattr(run, "import_log_data", broken)
    monkeypatch.setattr(TreatmentPage, "save_revision", recorded_save_revision)

    report = import_paths([export(tmp_path, 3, "<p>Peel {n} aftercare.</p>")], ImportOptions(parent=treatment_index))

    assert [article.ok for article in report.articles] == [True, False, True]
    assert saved == ["Peel 1", "Peel 2", "Peel 3"]  # page by page after the error (Peel 2 rolled back again)
    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Peel 1", "Peel 3"]
    assert no_tree_problems()


def test_pages_whose_saves_are_listened_to_are_saved_one_by_one(treatment_index, tmp_path):
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.title, created))

    post_save.connect(listener, sender=TreatmentPage, dispatch_uid="test_bulk_listener")
    try:
        imported(export(tmp_path, 2), treatment_index)
    finally:
        post_save.disconnect(dispatch_uid="test_bulk_listener", sender=TreatmentPage)

    assert ("Peel 1", True) in heard and ("Peel 2", True) in heard
    assert no_tree_problems()


def test_every_listener_of_page_saves_in_the_project_is_one_the_bulk_path_stands_in_for(db):
    """A new receiver of page, revision or history saves turns chunked writing off (imports get about 3 x slower):
    either do its work in `NewPages.flush` and list it in `bulk.KNOWN_RECEIVERS`, or accept page by page."""
    assert bulk.unknown_receivers() == []


def test_a_dry_run_still_writes_nothing(treatment_index, tmp_path):
    report = import_paths([export(tmp_path, 3)], ImportOptions(parent=treatment_index, dry_run=True))

    assert [article.action for article in report.articles] == ["create"] * 3
    assert not TreatmentPage.objects.exists() and not Revision.objects.exists()
    assert not Product.objects.exists()
