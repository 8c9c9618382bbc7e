"""Elementor's own data, Gutenberg block attributes, and where a booking call to action leads (issue 16)."""

import json

from wagtail.models import Page

from treatments.importer.parse import parse_article
from treatments.importer.sources import read_path
from treatments.models import TreatmentPage

from .conftest import SAMPLES

FIDELITY = SAMPLES / "fidelity"
ELEMENTOR = FIDELITY / "elementor-data.xml"


def latest():
    return TreatmentPage.objects.get().get_latest_revision_as_object()


def blocks_of(page, kind):
    return [block.value for block in page.body if block.block_type == kind]


def report_notes(report_path):
    return [note for article in json.loads(report_path.read_text())["articles"] for note in article["notes"]]


# ------------------------------------------------------------------ Elementor data
def test_elementor_data_widgets_become_blocks(run_import, tmp_path):
    report = tmp_path / "report.json"
    outcome = run_import(ELEMENTOR, "--report", report)

    assert not outcome.failed, outcome.stderr
    page = latest()
    kinds = [block.block_type for block in page.body]
    assert kinds.count("faq") == 3  # two accordion items and a toggle, each asking
    assert [faq["question"] for faq in blocks_of(page, "faq")][-1] == "Can I exercise afterwards?"
    assert [embed["url"] for embed in blocks_of(page, "embed")] == ["https://www.youtube.com/watch?v=thread9"]
    (booking,) = blocks_of(page, "booking_cta")
    assert booking["button_label"] == "Book a thread consultation"
    text = " ".join(str(block.value.source) for block in page.body if block.block_type == "rich_text")
    assert "<h2>Thread lifts without surgery</h2>" in text
    assert "<h3>Good to know</h3>" in text and "<h3>Before</h3>" in text  # a tab's title heads its content
    assert "prompt new collagen" in text  # from the widget, not the shorter copy in the post content
    assert "I was back at my desk the next morning." in text  # an unknown widget's text is kept
    notes = report_notes(report)
    (unknown,) = [note for note in notes if "testimonial" in note["message"]]
    assert "Quick and tidy" in unknown["text"]


def test_elementor_image_widget_keeps_its_attachment_and_caption():
    (raw,) = read_path(ELEMENTOR)
    article = parse_article(raw.title, raw.content, is_html=True)

    (image,) = [block for block in article.blocks if block.kind == "image"]
    assert image.images[0].attachment_id == "301"
    assert image.images[0].alt == "Threads laid out on a tray"
    assert image.images[0].caption == "Smooth and barbed threads"


def test_broken_elementor_data_falls_back_to_the_post_content(run_import, tmp_path):
    broken = tmp_path / "broken-elementor.xml"
    broken.write_text(ELEMENTOR.read_text().replace('[{"id": "a1"', '[{"id": "a1",,'))

    (raw,) = read_path(broken)

    assert "Dissolving threads lift the jowls a little." in raw.content
    assert any("not valid JSON" in note[1] for note in raw.notes)


# ------------------------------------------------------------------ Gutenberg attributes
def test_gutenberg_attributes_give_heading_level_attachment_and_embed_address():
    article = parse_article("Peels", (FIDELITY / "gutenberg-attributes.html").read_text(), is_html=True)

    assert "<h3>Choosing a strength</h3>" in article.blocks[0].parts  # the HTML had only a <p>
    (image,) = [block for block in article.blocks if block.kind == "image"]
    assert image.images[0].attachment_id == "41"  # no wp-image-41 class: the block's "id" says it
    assert [(block.url, block.caption) for block in article.blocks if block.kind == "embed"] == [
        ("https://www.youtube.com/watch?v=strength5", "Our nurse explains peel strengths"),  # empty wrapper
        ("https://vimeo.com/880022", ""),  # a block saved as its comment alone
    ]
    assert [block.kind for block in article.blocks].count("comparison_table") == 1


# ------------------------------------------------------------------ where booking leads
def contact_page(home):
    return home.add_child(instance=Page(title="Contact us", slug="contact-us", live=True))


def test_a_booking_call_to_action_leads_to_the_sites_contact_page(run_import, home_and_index):
    contact = contact_page(home_and_index[0])

    run_import(FIDELITY / "classic.html")

    (booking,) = blocks_of(latest(), "booking_cta")
    assert booking["url"] == contact.get_url()
    assert booking["url"].endswith("/contact-us/")


def test_without_a_contact_page_the_link_is_left_empty_and_the_editor_told(run_import, tmp_path):
    report = tmp_path / "report.json"
    run_import(FIDELITY / "classic.html", "--report", report)

    (booking,) = blocks_of(latest(), "booking_cta")
    assert booking["url"] == ""
    assert any(note["kind"] == "booking" and "no live booking" in note["message"] for note in report_notes(report))


def test_a_button_to_the_old_site_is_not_kept_but_an_outside_booking_service_is(run_import, home_and_index, tmp_path):
    contact = contact_page(home_and_index[0])
    run_import(ELEMENTOR)
    (booking,) = blocks_of(latest(), "booking_cta")
    assert booking["url"] == contact.get_url()  # not https://clinic.example.com/old-booking/

    outside = tmp_path / "outside.xml"
    outside.write_text(
        ELEMENTOR.read_text().replace("https://clinic.example.com/old-booking/", "https://booking.example.net/clinic")
    )
    run_import(outside)
    (booking,) = blocks_of(latest(), "booking_cta")
    assert booking["url"] == "https://booking.example.net/clinic"
