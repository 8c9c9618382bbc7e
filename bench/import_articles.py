"""Times the article importer: the seed article, and a generated WordPress export of N articles (default 200).

Runs against a throw-away test database (SQLite in memory, or test_<name> when DATABASE_URL is set) and prints
figures; it never touches the site's own database. Usage: python bench/import_articles.py [N]
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SAMPLES = ROOT / "tests" / "importer" / "samples"
SEED_CANDIDATES = [root / "shared" / "seed" / "exosomes-article.txt" for root in ROOT.parents[:2]]


def export_of(count):
    """A WXR export with `count` posts, alternating the HTML and classic-editor sample articles."""
    source = (SAMPLES / "clinic-export.xml").read_text()
    bodies = [part.split("]]></content:encoded>")[0] for part in source.split("<content:encoded><![CDATA[")[1:]][:2]
    items = []
    for number in range(count):
        body = bodies[number % 2].replace("]]>", "]]]]><![CDATA[>")
        items.append(
            f"<item><title>Treatment {number}</title>"
            f"<link>https://clinic.example.com/treatments/treatment-{number}/</link>"
            f'<guid isPermaLink="false">https://clinic.example.com/?p={1000 + number}</guid>'
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<wp:post_name>treatment-{number}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_type>post</wp:post_type></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>{escape('Bench clinic')}</title>{''.join(items)}</channel></rss>"
    )


def timed(label, function):
    started = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - started:.2f}s")
    return result


def main(count):
    from tests.factories.treatments import site_tree
    from treatments.importer.run import ImportOptions, import_paths

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        site_tree()
        options = ImportOptions()
        seed = next((path for path in SEED_CANDIDATES if path.exists()), None)
        if seed:
            report = timed("seed article, first import", lambda: import_paths([seed], options))
            print("  blocks:", ", ".join(report.articles[0].blocks))
            timed("seed article, re-import", lambda: import_paths([seed], options))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.xml"
            path.write_text(export_of(count))
            print(f"export of {count} articles: {path.stat().st_size:,} bytes")
            timed(f"{count} articles, dry run", lambda: import_paths([path], ImportOptions(dry_run=True)))
            report = timed(f"{count} articles, first import", lambda: import_paths([path], options))
            print(" ", report.summary_line())
            report = timed(f"{count} articles, re-import", lambda: import_paths([path], options))
            print(" ", report.summary_line())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
