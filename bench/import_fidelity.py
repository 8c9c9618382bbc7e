"""Import fidelity over the project's own WordPress-style fixtures (tests/importer/samples/fidelity): word fidelity,
structure counts in and out, raw shortcodes left, time per post; then N posts (default 1,000) built from them in one
WXR export, timed, with peak memory. Runs on a throw-away test database. Usage: python bench/import_fidelity.py [N]
"""

import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings.test")

import django  # noqa: E402

django.setup()

from bs4 import BeautifulSoup  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

FIXTURES = ROOT / "tests" / "importer" / "samples" / "fidelity"
SHORTCODE_RE = re.compile(r"\[/?[a-z][\w-]*[\s\]=]")
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


def words(text):
    return [word.lower() for word in WORD_RE.findall(text)]


def source_counts(html):
    """Structures the fixture holds, counted from its HTML and shortcodes."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        "tables": len(soup.find_all("table")),
        "lists": len([found for found in soup.find_all(["ul", "ol"]) if found.find_parent(["ul", "ol"]) is None]),
        "quotes": len(soup.find_all("blockquote")),
        "images": len(soup.find_all("img")) + len(re.findall(r"\[(?:et_pb_image|vc_single_image)\b", html)),
        "embeds": len(soup.select(".wp-block-embed, iframe"))
        + len(re.findall(r"<!-- wp:embed \{[^}]*\} /-->", html))  # an embed block saved as its comment alone
        + len(re.findall(r"\[(?:embed|et_pb_video|vc_video)\b", html)),
        "faqs": len(soup.find_all("details"))
        + len(soup.select(".elementor-accordion-item"))
        + len(re.findall(r"\[(?:et_pb_accordion_item|vc_tta_section)\b", html))
        + len([h for h in soup.find_all(["h2", "h3"]) if h.get_text().strip().endswith("?")]),
    }


def fixture_source(path):
    """(HTML whose words should arrive, structures it holds) of an HTML fixture, or of the Elementor data of a WXR
    fixture's one post (its widgets counted from the JSON, not from what the importer makes of it)."""
    if path.suffix != ".xml":
        source = path.read_text()
        return source, source_counts(source)
    from defusedxml import ElementTree

    meta = ElementTree.parse(path).getroot().find(".//{http://wordpress.org/export/1.2/}postmeta[last()]")
    data = json.loads(meta[1].text)
    counts = source_counts("")
    texts = []

    def visit(item):
        settings, widget = item.get("settings") or {}, item.get("widgetType", "")
        counts["images"] += widget == "image"
        counts["embeds"] += widget == "video"
        for key, value in settings.items():
            if key in ("title", "editor", "text", "description", "caption") and isinstance(value, str):
                texts.append(value)
            if key == "tabs":
                texts.extend(f"{tab['tab_title']} {tab['tab_content']}" for tab in value)
                if widget in ("accordion", "toggle"):
                    counts["faqs"] += sum(1 for tab in value if tab["tab_title"].strip().endswith("?"))
        for child in item.get("elements") or []:
            visit(child)

    for item in data:
        visit(item)
    return " ".join(texts), counts


def page_counts(body):
    counts = dict.fromkeys(("tables", "lists", "quotes", "images", "embeds", "faqs"), 0)
    kinds = {"comparison_table": "tables", "rich_table": "tables", "quote": "quotes", "image": "images"}
    kinds |= {"embed": "embeds", "faq": "faqs"}

    def visit(block):
        kind = kinds.get(block["type"])
        if kind:
            counts[kind] += 1
        if block["type"] == "image_gallery":
            counts["images"] += len(block["value"]["images"])
        if block["type"] == "rich_text":
            counts["lists"] += len(
                re.findall(r"<(?:ul|ol)>", re.sub(r"<li>(?:(?!</li>).)*?<(?:ul|ol)>", "<li>", block["value"]))
            )
        if block["type"] == "faq":
            for child in block["value"]["answer"]:
                visit(child)

    for block in body:
        visit(block)
    return counts


def body_text(body):
    return BeautifulSoup(json.dumps(body, ensure_ascii=False).replace("\\n", " "), "html.parser").get_text(" ")


def fixtures_report(media_dir):
    from treatments.importer.run import ImportOptions, import_paths
    from treatments.models import TreatmentPage

    totals_in, totals_out, raw_left, lost, missing = {}, {}, 0, 0, 0
    print(f"{'fixture':<18}{'words':>7}{'kept':>7}  structure in -> out")
    for path in sorted([*FIXTURES.glob("*.html"), *FIXTURES.glob("*.xml")]):
        source, counts_in = fixture_source(path)
        started = time.perf_counter()
        report = import_paths([path], ImportOptions(media_dir=media_dir))
        seconds = time.perf_counter() - started
        article = report.articles[0]
        if not article.ok:
            lost += 1
            print(f"{path.name:<18} LOST: {article.error}")
            continue
        page = TreatmentPage.objects.get(pk=article.page_id).get_latest_revision_as_object()
        body = list(page.body.raw_data)
        text = " ".join([page.title, page.intro, body_text(body)])
        plain_source = re.sub(r"\[[^\]]*\]", " ", BeautifulSoup(source, "html.parser").get_text(" "))
        wanted, found = words(plain_source), set(words(text))
        kept = sum(1 for word in wanted if word in found) / max(len(wanted), 1)
        raw_left += len(SHORTCODE_RE.findall(text))
        counts_out = page_counts(body)
        missing += sum(1 for note in article.notes if note["kind"] == "media" and MISSING in note["message"])
        for name in counts_in:
            totals_in[name] = totals_in.get(name, 0) + counts_in[name]
            totals_out[name] = totals_out.get(name, 0) + min(counts_out[name], counts_in[name])
        shown = ", ".join(f"{name} {counts_in[name]}->{counts_out[name]}" for name in counts_in if counts_in[name])
        print(f"{path.name:<18}{len(wanted):>7}{kept:>7.1%}  {shown}  ({seconds * 1000:.0f} ms)")
    print(f"raw shortcodes left: {raw_left}; posts lost: {lost}")
    for name in totals_in:
        if totals_in[name]:
            share = totals_out[name] / totals_in[name]
            print(f"  {name:<7} kept as structure: {totals_out[name]}/{totals_in[name]} ({share:.0%})")
    if missing:
        found = totals_in["images"] - missing
        print(
            f"  of the images: {missing} not in the media folder, reported and never fetched (on purpose: the "
            f"WPBakery one); of those whose file is there, {totals_out['images']}/{found} kept "
            f"({totals_out['images'] / max(found, 1):.0%})"
        )


MISSING = "image file not in the media folder"
FIRST_POST_ID = 10_001  # above the fixtures' own post ids: the N posts are all new pages, none updates a fixture's


def make_uploads(media):
    """A copy of wp-content/uploads holding the fixtures' images (the WPBakery one is left out: a missing file)."""
    from PIL import Image

    names = ("2024/03/peel-1024x683.jpg", "2023/11/needling.jpg", "2024/02/laser.jpg", "2024/05/boosters.jpg")
    for name in (*names, "2024/06/threads.jpg"):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 48), "white").save(media / name)


def export_of(count):
    from xml.sax.saxutils import escape

    bodies = [path.read_text() for path in sorted(FIXTURES.glob("*.html"))]  # post bodies; the .xml is a whole export
    items = []
    for number in range(count):
        body = bodies[number % len(bodies)].replace("]]>", "]]]]><![CDATA[>")
        items.append(
            f"<item><title>Treatment {number}</title><link>https://clinic.example.com/t/{number}/</link>"
            f"<guid>https://clinic.example.com/?p={number}</guid><wp:post_id>{FIRST_POST_ID + number}</wp:post_id>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_name>t-{number}</wp:post_name>"
            "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>{escape('Bench')}</title><wp:base_site_url>https://clinic.example.com</wp:base_site_url>"
        f"{''.join(items)}</channel></rss>"
    )


def main(count):
    from tests.factories.treatments import site_tree
    from treatments.importer.run import ImportOptions, import_paths

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        site_tree()
        with tempfile.TemporaryDirectory() as folder:
            media = Path(folder) / "uploads"
            media.mkdir()
            make_uploads(media)
            fixtures_report(str(media))
            path = Path(folder) / "export.xml"
            path.write_text(export_of(count))
            started = time.perf_counter()
            report = import_paths([path], ImportOptions())
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{count} posts ({path.stat().st_size:,} bytes): {seconds:.1f}s, {seconds / count * 1000:.1f} ms/post"
            )
            print(f"  {report.summary_line()}")
            print(f"  peak memory (process): {peak:.0f} MB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
