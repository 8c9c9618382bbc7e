"""`manage.py purge_case_renditions`: delete stored renditions of case photos no channel may show today.

Expired consent hides a case on its date without this (every route checks at request time). Run it daily
(cron) so that the files of expired cases do not linger on disk either; withdrawal deletes them at once.
"""

from django.core.management.base import BaseCommand

from galleries.consent import delete_case_renditions
from galleries.models import BeforeAfterCase
from galleries.photos import SERVED_CHANNELS


class Command(BaseCommand):
    help = "Delete stored renditions of case photos that no served channel may show today."

    def handle(self, *args, **options):
        shown = BeforeAfterCase.objects.none()
        for channel in SERVED_CHANNELS:
            shown = shown | BeforeAfterCase.objects.visible_on(channel)
        hidden = BeforeAfterCase.objects.exclude(pk__in=shown.values("pk")).prefetch_related("photo_pairs")
        # A photo shared with a case that is still shown keeps its renditions.
        kept = set()
        for case in BeforeAfterCase.objects.filter(pk__in=shown.values("pk")).prefetch_related("photo_pairs"):
            for pair in case.photo_pairs.all():
                kept.update({pair.before_image_id, pair.after_image_id})
        deleted = sum(delete_case_renditions(case, keep_images=kept) for case in hidden)
        self.stdout.write(f"Deleted {deleted} rendition(s) of case photos no channel may show.")
