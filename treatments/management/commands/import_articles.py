"""`manage.py import_articles`: import WordPress exports, HTML and text files as draft treatment pages."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from treatments.importer.report import write_report
from treatments.importer.run import ImportOptions, ImportSetupError, import_paths
from treatments.importer.sources import DISK_MAX_BYTES


class Command(BaseCommand):
    help = (
        "Import clinic articles from WordPress exports (WXR .xml), HTML files and text files as DRAFT treatment "
        "pages. Re-importing a source (same WordPress GUID or file path) updates the same page with a new draft "
        "revision. Each article is saved in its own transaction; a bad file is reported by name and the batch "
        "carries on. Exit status is non-zero (1) when any file or article failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="WXR exports, .html or .txt files, or folders of them.")
        parser.add_argument("--parent", help="Id of the treatment index page to import under (default: the first).")
        parser.add_argument("--dry-run", action="store_true", help="Recognise and report, but save nothing.")
        parser.add_argument("--report", metavar="FILE", help="Write a report: JSON for .json, Markdown for .md.")
        parser.add_argument(
            "--max-bytes", type=int, default=DISK_MAX_BYTES, help="Refuse files larger than this (bytes)."
        )
        parser.add_argument("--encoding", help="Encoding of text and HTML files that are not UTF-8, e.g. cp1252.")
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="A copy of the site's wp-content/uploads: images are imported from it (nothing is fetched).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (it only shows on a TTY).")

    def handle(self, *args, **options):
        if options["report"] and not options["report"].lower().endswith((".json", ".md", ".markdown")):
            raise CommandError(f"--report {options['report']}: use a .json or .md file name.")
        settings = ImportOptions(
            parent=options["parent"],
            dry_run=options["dry_run"],
            max_bytes=options["max_bytes"],
            encoding=options["encoding"],
            media_dir=options["media_dir"],
        )
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        try:
            report = import_paths(options["paths"], settings, progress=progress_bar if show_bar else None)
        except ImportSetupError as exc:
            raise CommandError(str(exc)) from exc
        self.print_report(report)
        if options["report"]:
            write_report(report, options["report"], edit_url=edit_url)
            self.stdout.write(f"Report written to {options['report']}")
        if report.failed:
            names = [error["file"] for error in report.file_errors]
            names += [f"{article.source_name} {article.position}".strip() for article in report.failed_articles]
            raise CommandError(f"{len(names)} source(s) failed: {', '.join(names)}")

    def print_report(self, report):
        for error in report.file_errors:
            self.stderr.write(self.style.ERROR(f"{error['file']}: {error['error']}"))
        for note in report.file_notes:
            self.stderr.write(self.style.WARNING(f"{note['file']}: {note['note']}"))
        for article in report.articles:
            where = f"{article.source_name} {article.position}".strip()
            if article.ok:
                page = f"page {article.page_id}" if article.page_id else "dry run"
                self.stdout.write(
                    f"{article.action:6} {article.title!r} ({page}) from {where}: "
                    f"{len(article.blocks)} blocks, {len(article.notes)} notes"
                )
            else:
                self.stderr.write(self.style.ERROR(f"{where}: {article.error}"))
        self.stdout.write(self.style.SUCCESS(report.summary_line()) if not report.failed else report.summary_line())


def progress_bar(total):
    from tqdm import tqdm

    return tqdm(total=total, desc="Importing", unit="article", file=sys.stderr)


def edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])
