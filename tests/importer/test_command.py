"""`import_articles` on WordPress exports, HTML and text files: drafts, idempotency, dry runs and bad files."""

import json
import shutil
import sys

from wagtail.models import PageLogEntry

from tests.factories.treatments import ClinicianFactory, ProductFactory
from treatments.importer.origins import ImportedArticle
from treatments.models import Clinician, Product, TreatmentPage

from .conftest import SAMPLES

EXPORT = SAMPLES / "clinic-export.xml"
TEXT = SAMPLES / "led-light-therapy.txt"
HTML = SAMPLES / "chemical-peels.html"
BROKEN = SAMPLES / "broken"


def latest(title):
    return TreatmentPage.objects.get(title=title).get_latest_revision_as_object()


def kinds(page):
    return [block.block_type for block in page.body]


def values(page, kind):
    return [block.value for block in page.body if block.block_type == kind]


def test_wxr_imports_posts_and_skips_attachments_and_trash(run_import):
    outcome = run_import(EXPORT)

    assert not outcome.failed, outcome.stderr
    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Fractional Laser", "Polynucleotides"]
    assert set(ImportedArticle.objects.values_list("source_key", flat=True)) == {
        "wp:clinic.example.com:311",
        "wp:clinic.example.com:312",
    }


def test_wxr_html_article_questions_table_and_summary(run_import):
    run_import(EXPORT)
    page = latest("Fractional Laser")

    assert page.science_score == 4  # written as four filled stars
    assert page.best_for == "Texture and sun damage"
    assert page.intro == "Resurfacing that treats texture and sun damage with a week of downtime."
    assert page.slug == "fractional-laser"
    assert [faq["question"] for faq in values(page, "faq")] == [
        "What happens during a fractional laser session?",
        "Fractional or fully ablative?",  # its answer is the table
    ]
    (table,) = [block.value for block in values(page, "faq")[1]["answer"] if block.block_type == "rich_table"]
    # a row with more cells than headings keeps them all: cells are never merged
    assert [cell["text"].source for cell in table["rows"][2]["cells"]] == [
        "Fully ablative",
        "2 weeks",
        "Dramatic, in one go",
        "Rarely offered",
    ]
    assert table["rows"][0]["header"] and not table["rows"][1]["header"]
    assert kinds(page)[-2:] == ["pro_tip", "gallery_link"]


def test_wxr_classic_editor_article_with_pipe_table_and_dash_list(run_import):
    run_import(EXPORT)
    page = latest("Polynucleotides")

    assert page.science_score == 3  # "3/5"
    assert page.best_used == "Injected in a course of three"  # the summary wraps over two lines
    faq = values(page, "faq")[0]
    answer = faq["answer"][0].value.source
    assert "<li><b>Under the eyes:</b> thin, crepey skin</li>" in answer
    assert "<li><b>Neck:</b> fine lines and laxity</li>" in answer
    (table,) = [child.value for child in values(page, "faq")[1]["answer"] if child.block_type == "comparison_table"]
    assert table["caption"] == "Polynucleotides vs HA filler"
    assert [list(row["cells"]) for row in table["rows"]] == [
        ["Polynucleotides", "No", "Yes"],
        ["HA filler", "Yes", "A little"],
    ]


def test_links_between_articles_of_a_batch_become_page_links(run_import):
    run_import(EXPORT)
    laser, polynucleotides = latest("Fractional Laser"), latest("Polynucleotides")

    laser_html = json.dumps(list(laser.body.raw_data))
    tip = values(polynucleotides, "pro_tip")[0]
    assert f'<a linktype=\\"page\\" id=\\"{polynucleotides.pk}\\">' in laser_html  # a link forward in the batch
    assert f'<a linktype="page" id="{laser.pk}">' in tip["body"].source  # a link back, by relative URL


def test_links_to_articles_imported_earlier_become_page_links(run_import):
    run_import(TEXT)
    run_import(HTML)

    led = TreatmentPage.objects.get(title="LED Light Therapy")
    faq = values(latest("Chemical Peels"), "faq")[1]
    assert f'<a linktype="page" id="{led.pk}">LED light therapy</a>' in faq["answer"][0].value.source


def test_text_file_recognises_every_form(run_import):
    run_import(TEXT)
    page = latest("LED Light Therapy")

    assert page.science_score == 3
    assert kinds(page) == ["faq", "faq", "product", "faq", "gallery_link", "faq", "pro_tip"]
    answers = [[block.value for block in faq["answer"]] for faq in values(page, "faq")]
    table = values(page, "faq")[2]["answer"][1].value  # the table answers "How does LED compare with a laser?"
    assert values(page, "faq")[2]["answer"][1].block_type == "comparison_table"
    assert table["caption"] == "Here is how they line up"
    assert list(table["rows"][2]["cells"]) == ["IPL", "Mid dermis", "1 day", "\u2014"]  # padded to the header width
    costs = values(page, "faq")[3]["answer"][0].value  # the cost block replaces the sentence it came from
    assert costs["conclusion"].startswith("A home LED mask costs $350.")
    assert "A home LED mask costs" not in json.dumps([str(block) for block in answers[3][1:]])
    assert [(option["label"], option["sessions"]) for option in costs["options"]] == [
        ("Home LED mask", 1),
        ("Clinic panel session", 10),
    ]
    assert "[show_products product='5120']" in answers[2][2].source  # inline shortcode kept


def test_html_file_summary_table_and_unrecognised_parts_stay_in_place(run_import, tmp_path):
    report = tmp_path / "report.json"
    run_import(HTML, "--report", report)
    page = latest("Chemical Peels")

    assert page.science_score == 4  # "4/5"
    assert page.mode_of_action == "Controlled exfoliation"
    body = json.dumps(list(page.body.raw_data))
    assert "<h2>Getting ready</h2>" in body
    assert "Skin after a peel" not in body  # alt text is not a paragraph: without --media-dir the image is noted
    assert "[caption" not in body
    notes = json.loads(report.read_text())["articles"][0]["notes"]
    media = [note for note in notes if note["kind"] == "media"]
    assert [note["text"] for note in media] == ["/wp-content/uploads/peel.jpg", "attachment 77"]
    assert all("--media-dir" in note["message"] for note in media)


def test_imported_pages_are_drafts_with_a_revision_naming_the_source(run_import):
    run_import(TEXT)

    page = TreatmentPage.objects.get()
    assert not page.live
    assert page.has_unpublished_changes
    assert page.revisions.count() == 1
    entry = PageLogEntry.objects.get(page=page, action="treatments.import")
    assert entry.revision == page.latest_revision
    assert entry.data["source"] == str(TEXT)
    assert entry.comment == f"Imported from {TEXT}"


def test_reimport_updates_the_same_page_with_a_new_revision(run_import, tmp_path):
    export = tmp_path / "clinic-export.xml"
    export.write_text(EXPORT.read_text())
    run_import(export)
    first_ids = set(TreatmentPage.objects.values_list("pk", flat=True))
    export.write_text(EXPORT.read_text().replace("Expect a warm", "Expect a hot"))

    outcome = run_import(export)

    assert set(TreatmentPage.objects.values_list("pk", flat=True)) == first_ids
    assert "update" in outcome.stdout
    page = TreatmentPage.objects.get(title="Fractional Laser")
    assert page.revisions.count() >= 2
    assert "Expect a hot" in json.dumps(list(page.get_latest_revision_as_object().body.raw_data))
    assert Product.objects.filter(shop_id=8120).count() == 1


def test_reimport_of_a_published_page_leaves_the_live_version_alone(run_import, tmp_path):
    text = tmp_path / TEXT.name
    text.write_text(TEXT.read_text())
    run_import(text)
    page = TreatmentPage.objects.get()
    page.intro = "Written by an editor."
    page.save_revision().publish()
    text.write_text(TEXT.read_text() + "\nOne more line from the clinic.\n")

    run_import(text)

    page.refresh_from_db()
    assert page.live
    assert page.intro == "Written by an editor."
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().intro.startswith("Red and near infrared light")


def test_dry_run_writes_nothing(run_import):
    outcome = run_import(EXPORT, TEXT, "--dry-run")

    assert not outcome.failed
    assert "Would import 3 article(s)" in outcome.stdout
    assert not TreatmentPage.objects.exists()
    assert not ImportedArticle.objects.exists()
    assert not Product.objects.exists()
    assert not Clinician.objects.exists()
    assert not PageLogEntry.objects.filter(action="treatments.import").exists()


def test_bad_files_are_named_and_the_batch_carries_on(run_import, tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_text("Huge article\n" + "Filler text line.\n" * 2000)
    batch = [TEXT, BROKEN / "malformed.xml", BROKEN / "cp1252-article.txt", BROKEN / "before-after.jpg", huge, HTML]

    outcome = run_import(*batch, "--max-bytes", 20_000)

    assert outcome.failed  # exit status 1
    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Chemical Peels", "LED Light Therapy"]
    assert f"{BROKEN / 'malformed.xml'}: is malformed XML (line 10, column 2)" in outcome.stderr
    assert f"{BROKEN / 'cp1252-article.txt'}: is not UTF-8 text (byte 0xe9 on line 4)" in outcome.stderr
    assert "--encoding cp1252" in outcome.stderr
    assert f"{BROKEN / 'before-after.jpg'}: looks like a binary file" in outcome.stderr
    assert f"{huge}: is too large (36,013 bytes; the limit is 20,000)" in outcome.stderr
    assert "4 source(s) failed" in str(outcome.error)


def test_wrong_encoding_imports_when_the_encoding_is_named(run_import):
    outcome = run_import(BROKEN / "cp1252-article.txt", "--encoding", "cp1252")

    assert not outcome.failed, outcome.stderr
    faq = values(latest("Dermal fillers"), "faq")[0]
    assert "Caf\u00e9 au lait" in faq["answer"][0].value.source


def test_an_article_that_fails_is_rolled_back_entirely(run_import, tmp_path):
    article = tmp_path / "too-long.txt"
    article.write_text(
        "Thread lifts\nBest used: Jawline | Science Score: 2 |\nDo threads last?\nAbout a year.\n"
        f'Lee\'s ProTip on threads\n{"x" * 10}\n[show_products product="7001"]\n'
        "Type | Cost |\n" + "A" * 400 + " | 1 |\n"
    )
    before = (TreatmentPage.objects.count(), Product.objects.count(), Clinician.objects.count())

    outcome = run_import(article, TEXT)

    assert not outcome.failed  # a cell over 300 characters is kept as text, not an error
    assert TreatmentPage.objects.count() == before[0] + 2


def test_a_failure_mid_article_leaves_nothing_of_it(run_import, monkeypatch):
    from treatments.importer import run

    history_data = run.import_log_data  # the article's last step, after its placeholders and clinician are made

    def failing_history(raw, notes):
        if raw.title == "LED Light Therapy":
            raise RuntimeError("database went away")
        return history_data(raw, notes)

    monkeypatch.setattr(run, "import_log_data", failing_history)

    outcome = run_import(TEXT, HTML)

    assert outcome.failed
    assert f"{TEXT}: not saved: RuntimeError: database went away" in outcome.stderr
    assert list(TreatmentPage.objects.values_list("title", flat=True)) == ["Chemical Peels"]
    assert not Product.objects.filter(shop_id__in=[4410, 5120]).exists()  # placeholders made for it are gone
    assert not Clinician.objects.filter(name="Mia").exists()
    assert ImportedArticle.objects.count() == 1


def test_a_protip_or_question_without_text_is_kept_as_text(run_import, tmp_path):
    article = tmp_path / "threads.txt"
    article.write_text("Thread lifts\nDo threads last?\nAbout a year.\nWhat do they cost?\nLee's ProTip on threads\n")

    outcome = run_import(article, "--report", tmp_path / "report.json")

    assert not outcome.failed, outcome.stderr
    page = latest("Thread lifts")
    assert kinds(page) == ["faq", "rich_text", "rich_text"]
    assert values(page, "rich_text")[1].source == "<p><b>Lee's ProTip on threads</b></p>"
    assert not Clinician.objects.exists()
    notes = json.loads((tmp_path / "report.json").read_text())["articles"][0]["notes"]
    assert [note["position"] for note in notes if note["kind"] == "unrecognised"] == ["line 4", "line 5"]


def test_unknown_shop_id_creates_an_inactive_placeholder_flagged_in_the_report(run_import, tmp_path):
    ProductFactory(shop_id=5120, name="Calming serum")
    report = tmp_path / "report.json"

    run_import(TEXT, "--report", report)

    placeholder = Product.objects.get(shop_id=4410)
    assert placeholder.name == "Imported product 4410"
    assert not placeholder.is_active
    assert Product.objects.get(shop_id=5120).name == "Calming serum"
    created = json.loads(report.read_text())["articles"][0]["created"]
    assert [(record["kind"], record["name"]) for record in created if record["kind"] == "product"] == [
        ("product", "Imported product 4410")
    ]
    assert "inactive placeholder" in created[0]["flag"]


def test_protip_matches_an_existing_clinician_else_creates_one_for_review(run_import, tmp_path):
    sam = ClinicianFactory(name="Dr Sam Patel")
    report = tmp_path / "report.md"

    run_import(EXPORT, TEXT, "--report", report)

    assert values(latest("Fractional Laser"), "pro_tip")[0]["clinician"] == sam  # "Sam's ProTip": first name
    assert values(latest("Polynucleotides"), "pro_tip")[0]["clinician"] == sam  # "Dr Sam Patel's ProTip"
    mia = Clinician.objects.get(name="Mia")
    assert mia.bio == ""
    assert values(latest("LED Light Therapy"), "pro_tip")[0]["clinician"] == mia
    assert "Created clinician **Mia**: needs review" in report.read_text()


def test_markdown_report_lists_pages_blocks_and_notes(run_import, tmp_path):
    report = tmp_path / "import.md"

    run_import(TEXT, BROKEN / "before-after.jpg", "--report", report)

    text = report.read_text()
    page = TreatmentPage.objects.get()
    assert text.startswith("# Article import report")
    assert "## Files that could not be imported" in text
    assert "before-after.jpg`: looks like a binary file" in text
    assert f"- Edit: /admin/pages/{page.pk}/edit/" in text
    assert "- Blocks: faq, faq, product, faq, gallery_link" in text
    assert "1 \u00d7 faq>comparison_table" in text
    assert "| line 14 | table | row 3 had 3 cells for 4 headings; adjusted |" in text


def test_json_report_counts(run_import, tmp_path):
    report = tmp_path / "import.json"

    run_import(EXPORT, BROKEN / "malformed.xml", "--report", report)

    data = json.loads(report.read_text())
    assert data["counts"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "failed_articles": 0,
        "failed_files": 1,
        "notes": 2,
    }
    assert data["file_errors"][0]["file"] == str(BROKEN / "malformed.xml")
    assert data["articles"][0]["edit_url"] == f"/admin/pages/{data['articles'][0]['page_id']}/edit/"


def test_source_path_is_the_key_for_files(run_import, tmp_path):
    copy = tmp_path / "led-light-therapy.txt"
    shutil.copy(TEXT, copy)

    run_import(TEXT)
    run_import(copy)

    assert TreatmentPage.objects.count() == 2
    assert sorted(TreatmentPage.objects.values_list("slug", flat=True)) == ["led-light-therapy", "led-light-therapy-2"]


def test_parent_option_must_name_a_treatment_index(run_import):
    outcome = run_import(TEXT, "--parent", 999999)

    assert outcome.failed
    assert "--parent 999999: no treatment index page with that id" in str(outcome.error)


def test_progress_bar_on_a_terminal_only(treatment_index, capsys, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    call_command("import_articles", str(EXPORT), str(TEXT), stdout=StringIO())
    shown = capsys.readouterr().err
    call_command("import_articles", str(TEXT), "--no-progress", stdout=StringIO())
    hidden = capsys.readouterr().err

    assert "Importing: 100%" in shown
    assert "3/3" in shown
    assert "Importing" not in hidden
