"""Findings 7-11 of issue 16: identity, unicode slugs, entities in titles, damaged exports, unchanged re-imports."""

import json

from treatments.importer.origins import ImportedArticle
from treatments.importer.sources import read_source
from treatments.models import TreatmentPage

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel><title>Clinic</title><link>https://clinic.example.com</link>\n"
    "<wp:base_site_url>https://clinic.example.com</wp:base_site_url>\n"
)


def item(post_id, title, body, guid=None, slug="", excerpt=""):
    guid = guid or f"https://clinic.example.com/?p={post_id}"
    return (
        f'<item><title>{title}</title><guid isPermaLink="false">{guid}</guid>\n'
        f"<content:encoded><![CDATA[{body}]]></content:encoded>\n"
        f"<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>\n"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_name>{slug}</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
    )


def export(tmp_path, *items, name="export.xml", tail="</channel></rss>\n"):
    path = tmp_path / name
    path.write_bytes((HEAD + "".join(items) + tail).encode("utf-8") if isinstance(items[0], str) else b"")
    return path


# ------------------------------------------------------------------ 7: identity
def test_items_sharing_a_guid_become_separate_pages(run_import, tmp_path):
    shared = "https://clinic.example.com/?p=1"
    path = export(
        tmp_path,
        item(10, "Microneedling", "<p>Tiny needles, collagen.</p>", guid=shared),
        item(11, "Skin boosters", "<p>Injected hydration.</p>", guid=shared),
    )

    outcome = run_import(path)

    assert not outcome.failed, outcome.stderr
    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Microneedling", "Skin boosters"]
    assert "(2 new, 0 updated" in outcome.stdout


def test_a_collision_is_reported_and_never_merged(run_import, tmp_path):
    path = export(
        tmp_path,
        item(10, "Microneedling", "<p>Tiny needles, collagen.</p>"),
        item(10, "Microneedling copy", "<p>A second post claiming the same id.</p>"),
    )
    report = tmp_path / "report.json"

    outcome = run_import(path, "--report", report)

    assert outcome.failed
    assert list(TreatmentPage.objects.values_list("title", flat=True)) == ["Microneedling"]
    page = TreatmentPage.objects.get()
    assert "second post" not in json.dumps(list(page.get_latest_revision_as_object().body.raw_data))
    (failed,) = [article for article in json.loads(report.read_text())["articles"] if article["error"]]
    assert failed["position"] == "item 2"
    assert (
        "same identity" in failed["error"] and "item 1" in failed["error"] and "nothing was merged" in failed["error"]
    )


def test_pages_imported_under_the_old_guid_key_are_updated_not_duplicated(run_import, tmp_path, treatment_index):
    path = export(tmp_path, item(10, "Microneedling", "<p>Tiny needles.</p>"))
    run_import(path)
    record = ImportedArticle.objects.get()
    record.source_key, record.source_fingerprint = "wp:https://clinic.example.com/?p=10", ""
    record.save()

    run_import(path)

    assert TreatmentPage.objects.count() == 1
    assert ImportedArticle.objects.get().source_key == "wp:clinic.example.com:10"


# ------------------------------------------------------------------ 8: slugs
def test_percent_encoded_slugs_are_decoded_to_unicode(run_import, tmp_path):
    path = export(tmp_path, item(20, "Épilation laser", "<p>Laser hair removal.</p>", slug="%c3%a9pilation-laser"))

    outcome = run_import(path)

    assert not outcome.failed, outcome.stderr
    assert TreatmentPage.objects.get().slug == "\u00e9pilation-laser"


# ------------------------------------------------------------------ 9: titles and excerpts
def test_entities_and_tags_in_titles_and_excerpts_are_decoded(run_import, tmp_path):
    path = export(
        tmp_path,
        item(
            30,
            "Botox &amp;amp; Fillers",
            "<p>Body.</p>",
            excerpt="<strong>Smoother skin</strong> from &pound;150",
        ),
    )

    run_import(path)

    page = TreatmentPage.objects.get().get_latest_revision_as_object()
    assert page.title == "Botox & Fillers"
    assert page.intro == "Smoother skin from \u00a3150"


def test_a_title_with_a_dash_is_kept_whole(run_import, tmp_path):
    page_file = tmp_path / "botox.html"
    page_file.write_text("<h1>Botox \u2013 anti-wrinkle injections</h1><p>Relaxes the muscles that fold skin.</p>")

    run_import(page_file)

    assert TreatmentPage.objects.get().title == "Botox \u2013 anti-wrinkle injections"


# ------------------------------------------------------------------ 10: damaged exports
def test_a_control_character_is_removed_with_a_note_and_every_post_imports(run_import, tmp_path):
    path = export(
        tmp_path,
        item(40, "Peels", "<p>Acid\x0b peels renew the surface.</p>"),
        item(41, "Lasers", "<p>Light, heat, results.</p>"),
    )
    report = tmp_path / "report.json"

    outcome = run_import(path, "--report", report)

    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Lasers", "Peels"]
    assert "control character(s) removed (line" in outcome.stderr
    assert json.loads(report.read_text())["file_notes"][0]["note"].startswith("1 control character(s) removed")


def test_a_truncated_export_imports_its_complete_items_and_names_the_rest(run_import, tmp_path):
    complete = item(50, "Peels", "<p>Acid peels.</p>") + item(51, "Lasers", "<p>Light.</p>")
    cut = item(52, "Fillers", "<p>Hyaluronic acid gel, injected.</p>")[:90]
    path = export(tmp_path, complete, cut, tail="")

    outcome = run_import(path)

    assert outcome.failed  # the lost item is a failure the exit status shows
    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Lasers", "Peels"]
    assert "item 3" in outcome.stderr and "Fillers" in outcome.stderr and "cut off" in outcome.stderr


def test_one_malformed_item_does_not_refuse_the_export(run_import, tmp_path):
    bad = item(61, "Broken & unescaped", "<p>x</p>")
    path = export(tmp_path, item(60, "Peels", "<p>Acid peels.</p>"), bad, item(62, "Lasers", "<p>Light.</p>"))

    outcome = run_import(path)

    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Lasers", "Peels"]
    assert "item 2" in outcome.stderr and "could not be read" in outcome.stderr


def test_an_empty_html_file_is_refused_with_a_clear_error(run_import, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("")
    blank = tmp_path / "blank.html"
    blank.write_text("<html><body><p>&nbsp;</p></body></html>")

    outcome = run_import(empty, blank)

    assert outcome.failed
    assert not TreatmentPage.objects.exists()
    assert f"{empty}: is empty" in outcome.stderr
    assert f"{blank}: has no text" in outcome.stderr


def test_attachment_items_are_read_for_their_images():
    data = (
        HEAD + "<item><title>Before</title><wp:post_id>7</wp:post_id><wp:post_type>attachment</wp:post_type>"
        "<wp:attachment_url>https://clinic.example.com/wp-content/uploads/2024/01/peel.jpg</wp:attachment_url>"
        "<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2024/01/peel.jpg</wp:meta_value>"
        "</wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        "<wp:meta_value>Cheek after a peel</wp:meta_value></wp:postmeta></item>"
        + item(8, "Peels", "<p>Acid.</p>")
        + "</channel></rss>"
    ).encode()

    (article,) = read_source("export.xml", data, key="k")

    assert article.attachments["7"]["file"] == "2024/01/peel.jpg"
    assert article.attachments["7"]["alt"] == "Cheek after a peel"


# ------------------------------------------------------------------ 11: unchanged re-import
def test_reimporting_an_unchanged_article_adds_no_revision(run_import, tmp_path):
    path = export(tmp_path, item(70, "Peels", "<p>Acid peels.</p>"))
    run_import(path)
    page = TreatmentPage.objects.get()
    revisions = page.revisions.count()

    outcome = run_import(path)

    assert page.revisions.count() == revisions
    assert "unchanged" in outcome.stdout
    assert "1 unchanged" in outcome.stdout
