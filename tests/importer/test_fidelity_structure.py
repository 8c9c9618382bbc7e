"""Findings 1-6 and 12 of issue 16 on the project's own WordPress-style fixtures: shortcodes, tables, FAQs,
images and embeds, lists, quotes, code and definition lists."""

import json
import re

import pytest
from PIL import Image as PILImage
from wagtail.images import get_image_model

from treatments.importer.parse import parse_article
from treatments.models import TreatmentPage

from .conftest import SAMPLES

FIDELITY = SAMPLES / "fidelity"


def parse(name):
    return parse_article(name, (FIDELITY / name).read_text(), is_html=True)


def kinds(article):
    found = []
    for block in article.blocks:
        found.append(block.kind)
        found += [f"faq>{part.kind}" for part in getattr(block, "parts", []) if not isinstance(part, str)]
    return found


SHORTCODE_RE = re.compile(r"\[/?[a-z][\w-]*[\s\]=]")


def text_of(article):
    """Every piece of text the article's blocks hold, answers included."""
    parts = []
    for block in article.blocks:
        parts += [part if isinstance(part, str) else repr(part) for part in getattr(block, "parts", [])]
    return " ".join(parts)


# ------------------------------------------------------------------ 1: shortcodes
@pytest.mark.parametrize("name", ["classic.html", "divi.html", "wpbakery.html", "woocommerce.html"])
def test_no_shortcode_is_left_as_text(name):
    article = parse(name)

    assert not SHORTCODE_RE.search(text_of(article))


def test_divi_modules_become_blocks_and_its_accordion_faqs():
    article = parse("divi.html")

    questions = [block.question for block in article.blocks if block.kind == "faq"]
    assert questions == ["How many sessions will I need?", "Does it work on blonde hair?"]
    assert {"image", "embed"} <= set(kinds(article))
    assert "<h3>Before</h3>" in text_of(article)  # a tab's title heads its content
    (unknown,) = [note for note in article.notes if note.kind == "shortcode"]
    assert unknown.text == "[social_share_buttons]" and "removed" in unknown.message


def test_wpbakery_accordion_form_and_single_image():
    article = parse("wpbakery.html")

    assert [block.question for block in article.blocks if block.kind == "faq"] == [
        "How long does Profhilo last?",
        "Is there downtime?",
    ]
    assert "booking_cta" in kinds(article)  # the Gravity Forms form
    (image,) = [block for block in article.blocks if block.kind == "image"]
    assert image.images[0].attachment_id == "88"
    assert '<a href="/book/">Book now</a>' in text_of(article)


def test_woocommerce_shortcodes_become_product_blocks_by_shop_id():
    article = parse("woocommerce.html")

    assert [block.shop_ids for block in article.blocks if block.kind == "product"] == [[701, 702], [703], [704]]


def test_contact_form_becomes_a_booking_call_to_action_and_no_false_faq(run_import):
    run_import(FIDELITY / "classic.html")

    page = TreatmentPage.objects.get().get_latest_revision_as_object()
    body = json.dumps(list(page.body.raw_data))
    assert [block.block_type for block in page.body].count("booking_cta") == 1
    assert "contact-form-7" not in body
    # "Ready to book?" is answered by a form, not by content: it is not a question
    assert [block.value["question"] for block in page.body if block.block_type == "faq"] == [
        "Is microneedling painful?"
    ]


# ------------------------------------------------------------------ 2 and 6: tables
def test_a_gutenberg_table_is_a_table_not_a_paragraph():
    article = parse("gutenberg.html")

    (faq, *_) = article.blocks
    (table,) = [part for part in faq.parts if not isinstance(part, str)][:1]
    assert table.kind == "comparison_table"
    assert table.header == ["Peel", "Depth", "Price"]
    assert table.rows == [["Lactic", "Surface", "£90"], ["TCA 15%", "Medium", "£220"]]
    assert table.caption == "Peels we offer"


def test_merged_cells_and_two_header_rows_keep_their_shape_in_a_rich_table(run_import):
    run_import(FIDELITY / "price-table.html")

    page = TreatmentPage.objects.get().get_latest_revision_as_object()
    (faq,) = [block.value for block in page.body if block.block_type == "faq"]
    (table,) = [child.value for child in faq["answer"] if child.block_type == "rich_table"]
    rows = table["rows"]
    assert [row["header"] for row in rows] == [True, True, False, False, False]  # both header rows stay headers
    assert [(cell["colspan"], cell["rowspan"]) for cell in rows[0]["cells"]] == [(1, 2), (2, 1)]
    assert rows[2]["cells"][2]["rowspan"] == 2
    assert [cell["text"].source for cell in rows[3]["cells"]] == ["Two areas", "£245"]  # never "£49 | £245"
    assert rows[2]["cells"][1]["text"].source == "<b>£180</b>"  # emphasis kept
    assert '<a href="/offers/">see offers</a>' in rows[4]["cells"][2]["text"].source  # links kept
    html = page.body.render_as_block() if hasattr(page.body, "render_as_block") else str(page.body)
    assert 'rowspan="2"' in html and 'colspan="2"' in html


# ------------------------------------------------------------------ 3: FAQ detection
def test_only_structural_questions_with_content_answers_become_faqs():
    html = (
        "<p>Ready to book?</p><p>[contact-form-7 id=1]</p>"
        "<p>Anna: is it sore?</p><p>Dr Lee: a little.</p><p>Anna: and after?</p>"
        "<h2>Who is it for?</h2><h2>Is it safe?</h2><p>Yes, when done by a trained clinician.</p>"
        "<p><strong>Can I exercise afterwards?</strong></p><p>Wait a day.</p>"
    )

    article = parse_article("T", html, is_html=True)

    questions = [block.question for block in article.blocks if block.kind == "faq"]
    assert questions == ["Is it safe?", "Can I exercise afterwards?"]


def test_a_chat_transcript_in_text_makes_no_faqs():
    text = "T\nMia: does it hurt?\nSam: not really.\nMia: how long?\nSam: an hour.\n"

    article = parse_article("T", text, is_html=False)

    assert not [block for block in article.blocks if block.kind == "faq"]


# ------------------------------------------------------------------ 4: images and embeds
def test_images_come_from_the_media_folder_with_alt_and_caption(run_import, tmp_path):
    uploads = tmp_path / "uploads" / "2024" / "03"
    uploads.mkdir(parents=True)
    PILImage.new("RGB", (40, 30), "white").save(uploads / "peel-1024x683.jpg")
    report = tmp_path / "report.json"

    run_import(FIDELITY / "gutenberg.html", "--media-dir", tmp_path / "uploads", "--report", report)

    page = TreatmentPage.objects.get().get_latest_revision_as_object()
    faq = next(block.value for block in page.body if block.block_type == "faq")
    (image,) = [child.value for child in faq["answer"] if child.block_type == "image"]
    assert image["image"].contextual_alt_text == "Cheek three days after a medium peel"
    assert image["caption"] == "Day three"
    assert get_image_model().objects.count() == 1
    assert "Cheek three days" not in json.dumps(
        [child.value.source for child in faq["answer"] if child.block_type == "rich_text"]
    )
    (embed,) = [child.value for child in faq["answer"] if child.block_type == "embed"]
    assert embed["url"] == "https://www.youtube.com/watch?v=peel123"


def test_a_missing_image_file_is_reported_and_never_fetched(run_import, tmp_path):
    (tmp_path / "uploads").mkdir()
    report = tmp_path / "report.json"

    run_import(FIDELITY / "classic.html", "--media-dir", tmp_path / "uploads", "--report", report)

    notes = json.loads(report.read_text())["articles"][0]["notes"]
    (missing,) = [note for note in notes if note["kind"] == "media"]
    assert missing["text"] == "2023/11/needling.jpg"
    assert "never fetched" in missing["message"]
    assert not get_image_model().objects.exists()


def test_the_largest_srcset_candidate_is_taken():
    article = parse("gutenberg.html")

    (image,) = [part for part in article.blocks[0].parts if getattr(part, "kind", "") == "image"]
    assert image.images[0].src.endswith("peel-1024x683.jpg")


def test_an_embed_renders_as_a_plain_link_without_fetching(run_import, monkeypatch):
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: pytest.fail("an embed was fetched"))
    run_import(FIDELITY / "classic.html")
    page = TreatmentPage.objects.get().get_latest_revision_as_object()
    faq = next(block for block in page.body if block.block_type == "faq")
    (embed,) = [child for child in faq.value["answer"] if child.block_type == "embed"]

    html = embed.render()

    assert '<a href="https://vimeo.com/777001"' in html


# ------------------------------------------------------------------ 5: lists, quotes, code, definitions
def test_nested_lists_quotes_code_and_definition_lists_keep_their_structure():
    gutenberg, classic = parse("gutenberg.html"), parse("classic.html")

    answer = gutenberg.blocks[0].parts
    assert "<ul><li>Face<ul><li>Forehead</li><li>Crow's feet</li></ul></li><li>Neck</li></ul>" in answer
    (quote,) = [part for part in answer if getattr(part, "kind", "") == "quote"]
    assert quote.html == "<p>My skin looked brighter within a week.</p>"
    assert quote.attribution == "A patient, 2024"
    (code,) = [block for block in gutenberg.blocks if block.kind == "code"] + [
        part
        for block in gutenberg.blocks
        for part in getattr(block, "parts", [])
        if getattr(part, "kind", "") == "code"
    ]
    assert code.text == "Day 1: cleanse only\nDay 2: moisturise twice"
    (definitions,) = [part for part in classic.blocks[0].parts if getattr(part, "kind", "") == "definition_list"]
    assert definitions.pairs[0] == ("Needle depth", "How far the needles reach, from 0.5 to 2.5 mm.")
    assert "<ol><li>Cleanse</li><li>Numb<ol><li>Cream</li>" in " ".join(
        part for part in classic.blocks[0].parts if isinstance(part, str)
    )


def test_details_summary_becomes_a_faq():
    article = parse("gutenberg.html")

    assert "How long until I can wear make-up?" in [block.question for block in article.blocks if block.kind == "faq"]
