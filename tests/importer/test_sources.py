"""Reading sources: what counts as a WordPress export, HTML or text, and the errors bad files get."""

import pytest

from treatments.importer.sources import SourceError, read_path, read_source

from .conftest import SAMPLES

WXR_HEAD = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><title>Clinic</title>"
)
ITEM = (
    "<item><title>{title}</title><guid>https://clinic.example.com/?p=9</guid>"
    "<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded><wp:post_type>post</wp:post_type></item>"
)


def wxr(title="Caf\u00e9 peel", body="Body", encoding="UTF-8"):
    return WXR_HEAD.format(encoding=encoding) + ITEM.format(title=title, body=body) + "</channel></rss>"


def test_wxr_in_a_declared_legacy_encoding_is_read():
    (article,) = read_source("old.xml", wxr(encoding="ISO-8859-1").encode("latin-1"), key="k")

    assert article.title == "Caf\u00e9 peel"
    assert article.key == "wp:https://clinic.example.com/?p=9"


def test_wxr_that_claims_utf8_but_is_not_is_refused_by_name():
    with pytest.raises(SourceError) as error:
        read_source("export.xml", wxr().encode("latin-1"), key="k")

    assert str(error.value) == "export.xml: is not UTF-8 although the export says it is (byte 0xe9 on line 2)."


def test_xml_that_is_not_a_wordpress_export_is_refused():
    with pytest.raises(SourceError, match=r"sitemap\.xml: is XML but not a WordPress export"):
        read_source("sitemap.xml", b'<?xml version="1.0"?><urlset><url/></urlset>', key="k")


def test_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&b;</title></channel></rss>'
    )

    with pytest.raises(SourceError, match=r"bomb\.xml: is refused: it uses XML features that are unsafe"):
        read_source("bomb.xml", bomb, key="k")


def test_missing_file_is_named():
    with pytest.raises(SourceError, match=r"nowhere\.txt: cannot be read"):
        read_path(SAMPLES / "nowhere.txt")


def test_text_with_a_byte_order_mark_is_read_and_titled_by_its_first_line():
    (article,) = read_source("peel.txt", "Glycolic peel\nWhy?\nBecause.\n".encode("utf-8-sig"), key="k")

    assert article.title == "Glycolic peel"
    assert not article.is_html


def test_html_declaring_its_charset_is_decoded_with_it():
    page = '<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body><p>x</p></body></html>'

    (article,) = read_source("page.html", page.encode("cp1252"), key="k")

    assert article.title == "Caf\u00e9"
    assert article.is_html


def test_folder_paths_import_the_files_inside(run_import, tmp_path):
    from treatments.models import TreatmentPage

    (tmp_path / "a.txt").write_text("Peel A\nWhy?\nBecause.\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04\x00\x00")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<h1>Peel B</h1><h2>How?</h2><p>Gently.</p>")

    outcome = run_import(tmp_path, tmp_path / "a.txt")

    assert not outcome.failed, outcome.stderr
    assert outcome.stdout.count("a.txt") == 1  # named twice, imported once
    assert sorted(TreatmentPage.objects.values_list("title", flat=True)) == ["Peel A", "Peel B"]


def test_html_title_prefers_the_heading_and_drops_the_site_name():
    page = "<html><head><title>Peels &amp; more | Example Clinic</title></head><body><p>x</p></body></html>"

    assert read_source("a.html", page.encode(), key="k")[0].title == "Peels & more"
    assert read_source("b.html", b"<h1>Glycolic <em>peel</em></h1><p>x</p>", key="k")[0].title == "Glycolic peel"


def test_a_text_file_starting_with_its_summary_is_titled_by_its_file_name():
    (article,) = read_source("tca-peel.txt", b"Best used: Pigment | Science Score: 3 |\nWhy?\nAcid.\n", key="k")

    assert article.title == "Tca peel"
