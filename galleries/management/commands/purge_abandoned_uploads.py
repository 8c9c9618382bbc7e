"""`manage.py purge_abandoned_uploads`: delete multiple-upload files an editor never completed.

Wagtail keeps a file in `wagtail_uploads/` (an `UploadedFile`) when a multiple upload's other fields fail, until
the editor completes or deletes it. One left there would stay forever: this deletes those older than
`GALLERIES_ABANDONED_UPLOAD_HOURS` (24) or `--hours`, rows and files, and files in the folder that no row
names. Run it from cron (hourly is plenty); safe to run again.
"""

from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import UploadedFile

from galleries.conf import galleries_settings

UPLOAD_FOLDER = "wagtail_uploads"


def modified_at(storage, name):
    """When the file was stored, or None when it is gone; storages without dates count as old."""
    try:
        return storage.get_modified_time(name)
    except FileNotFoundError:
        return None
    except (NotImplementedError, OSError):
        return datetime(1970, 1, 1, tzinfo=UTC)


class Command(BaseCommand):
    help = "Delete multiple-upload files (wagtail_uploads/) abandoned for longer than the configured age."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help="Age in hours after which an uncompleted upload is deleted (default: "
            "GALLERIES_ABANDONED_UPLOAD_HOURS, 24).",
        )

    def handle(self, *args, hours=None, **options):
        hours = galleries_settings.ABANDONED_UPLOAD_HOURS if hours is None else hours
        if hours < 0:
            raise CommandError("--hours must be 0 or more.")
        cutoff = timezone.now() - timedelta(hours=hours)
        storage = UploadedFile._meta.get_field("file").storage
        rows = self.purge_rows(storage, cutoff)
        files = self.purge_orphans(storage, cutoff)
        self.stdout.write(f"Deleted {rows} abandoned upload(s) and {files} file(s) no upload names.")

    def purge_rows(self, storage, cutoff):
        deleted = 0
        for upload in UploadedFile.objects.iterator():
            stored = modified_at(storage, upload.file.name) if upload.file else None
            if stored is not None and stored > cutoff:
                continue
            try:
                if stored is not None:
                    storage.delete(upload.file.name)
                upload.delete()
                deleted += 1
            except OSError as exc:
                self.stderr.write(f"{upload.file.name}: could not be deleted: {exc}")
        return deleted

    def purge_orphans(self, storage, cutoff):
        try:
            _folders, names = storage.listdir(UPLOAD_FOLDER)
        except (FileNotFoundError, NotImplementedError):
            return 0
        named = set(UploadedFile.objects.values_list("file", flat=True))
        deleted = 0
        for name in names:
            path = f"{UPLOAD_FOLDER}/{name}"
            stored = modified_at(storage, path)
            if path in named or stored is None or stored > cutoff:
                continue
            try:
                storage.delete(path)
                deleted += 1
            except OSError as exc:
                self.stderr.write(f"{path}: could not be deleted: {exc}")
        return deleted
