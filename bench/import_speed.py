"""Import speed: a WordPress export of N posts (default 1,000) made from the project's own sample articles is
imported into a throw-away test database; prints seconds, posts/s, peak memory and how they compare with the goal
(1,000 posts in at most 15 s within 300 MB). Then the same export again, unchanged (it must make no revision).

Usage: python bench/import_speed.py [N] [--profile FILE] [--compare | --page-by-page]
  --profile FILE  writes cProfile stats of the first import
  --page-by-page  imports every new page through add_child()/save_revision(), as before new pages were written a
                  chunk at a time
  --compare       both, the page-by-page run in a second process (a fresh database): before/after on one machine
SQLite in memory by default; DATABASE_URL=postgres://… runs it on test_<name> of that server.
The goal is judged on CPU seconds: on a machine shared with other work the wall-clock figure is the larger.
"""

import argparse
import os
import re
import resource
import subprocess
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
GOAL_POSTS, GOAL_SECONDS, GOAL_MB = 1000, 15.0, 300


def sample_bodies():
    """Every article body the project wrote for the importer: the fidelity fixtures and the sample export's posts."""
    bodies = [path.read_text() for path in sorted((SAMPLES / "fidelity").glob("*.html"))]
    bodies.append((SAMPLES / "chemical-peels.html").read_text())
    export = (SAMPLES / "clinic-export.xml").read_text()
    bodies += [part.split("]]></content:encoded>")[0] for part in export.split("<content:encoded><![CDATA[")[1:]]
    return [body for body in bodies if body.strip()]


def export_of(count):
    """A WXR export of `count` posts cycling through the sample bodies, each with its own post id and slug, and
    each after the first linking to the one before (as posts of a site link to each other)."""
    bodies = sample_bodies()
    items = []
    for number in range(count):
        body = bodies[number % len(bodies)].replace("]]>", "]]]]><![CDATA[>")
        if number:
            link = f"https://clinic.example.com/treatments/t-{number - 1}/"
            body = f'<p>Compare it with <a href="{link}">the treatment before</a>.</p>\n{body}'

        items.append(
            f"<item><title>Treatment {number}</title><link>https://clinic.example.com/treatments/t-{number}/</link>"
            f'<guid isPermaLink="false">https://clinic.example.com/?p={number + 1}</guid>'
            f"<wp:post_id>{number + 1}</wp:post_id><content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_name>t-{number}</wp:post_name>"
            "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>{escape('Speed bench clinic')}</title>"
        f"<wp:base_site_url>https://clinic.example.com</wp:base_site_url>{''.join(items)}</channel></rss>"
    )


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed_import(path, profile=None, write_together=True):
    from treatments.importer.run import ImportOptions, import_paths

    options = ImportOptions(write_together=write_together)
    started, cpu_started = time.perf_counter(), time.process_time()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        report = profiler.runcall(import_paths, [path], options)
        profiler.dump_stats(profile)
    else:
        report = import_paths([path], options)
    return report, time.perf_counter() - started, time.process_time() - cpu_started


def main(count, profile=None, compare=False, page_by_page=False):
    setup_test_environment()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xml"
        path.write_text(export_of(count))
        how = "page by page" if page_by_page else "new pages a chunk at a time"
        print(f"{connection.vendor}: {count} posts in one export ({path.stat().st_size:,} bytes), {how}")
        first = measure(path, count, profile, write_together=not page_by_page)
    if compare:
        sys.stdout.flush()
        before_run = subprocess.run(
            [sys.executable, __file__, str(count), "--page-by-page"], capture_output=True, text=True, check=True
        )
        print(before_run.stdout, end="")
        before = float(re.search(r"first import: ([\d.]+) s of CPU", before_run.stdout).group(1))
        print(f"before -> after, first import: CPU {before:.1f} s -> {first:.1f} s ({before / first:.1f} x faster)")


def measure(path, count, profile=None, write_together=True):
    """Imports the export into a fresh test database, then again unchanged; prints the figures, returns the CPU
    seconds of the first import."""
    from tests.factories.treatments import site_tree

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        site_tree()
        report, seconds, cpu = timed_import(path, profile, write_together)
        peak = peak_mb()
        print(
            f"  first import: {cpu:.1f} s of CPU, {seconds:.1f} s wall, {count / cpu:.0f} posts/s, peak {peak:.0f} MB"
        )
        print(f"    {report.summary_line()}")
        goal_seconds = GOAL_SECONDS * count / GOAL_POSTS
        print(
            f"  goal {GOAL_POSTS:,} posts in {GOAL_SECONDS:.0f} s within {GOAL_MB} MB: CPU {cpu / goal_seconds:.2f} x "
            f"the goal (wall {seconds / goal_seconds:.2f} x), memory {peak / GOAL_MB:.2f} x the goal"
            f" ({'met' if cpu <= goal_seconds and peak <= GOAL_MB else 'NOT met'})"
        )
        report, seconds, again = timed_import(path, write_together=write_together)
        print(
            f"  unchanged re-import: {again:.1f} s of CPU, {seconds:.1f} s wall, {count / again:.0f} posts/s, "
            f"peak {peak_mb():.0f} MB"
        )
        print(f"    {report.summary_line()}")
        if profile:
            print(f"  profile of the first import: {profile} (python -m pstats {profile})")
        return cpu
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=GOAL_POSTS)
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats of the first import to FILE")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--compare", action="store_true", help="also import page by page: before and after")
    how.add_argument("--page-by-page", action="store_true", help="every new page through add_child()")
    arguments = parser.parse_args()
    main(arguments.count, arguments.profile, arguments.compare, arguments.page_by_page)
