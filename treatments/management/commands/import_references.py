"""`manage.py import_references FILE…`: add references from RIS or BibTeX files, reporting bad entries by line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from treatments.evidence.importing import import_text


class Command(BaseCommand):
    help = (
        "Import references from RIS (.ris) or BibTeX (.bib) files. Bad entries are reported with their line and "
        "skipped; the rest are imported. References already there (same DOI, PMID, or title and year) are updated, "
        "never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="RIS or BibTeX files, as PubMed and reference managers export")

    def handle(self, *args, files, **options):
        skipped = 0
        for name in files:
            try:
                text = Path(name).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                self.stderr.write(f"{name}: could not be read ({error}); nothing imported from it")
                skipped += 1
                continue
            report = import_text(name, text)
            for problem in report.problems:
                self.stderr.write(f"{name}: {problem}")
            skipped += len(report.problems)
            self.stdout.write(f"{name}: {report.summary()}")
        if skipped:
            raise CommandError(
                f"{skipped} entr{'y was' if skipped == 1 else 'ies were'} skipped; the rest were imported."
            )
