"""`manage.py purge_case_renditions`: delete stored renditions of case photos no channel may show today.

Expired consent hides a case on its expiry date without this (every route checks at request time); this deletes
the files too, as withdrawal does at once. Schedule it daily just after midnight in TIME_ZONE (the README's
scheduler section), e.g. cron ``5 0 * * * manage.py purge_case_renditions``. It also deletes any copy of a case
photo found outside private storage.
"""

from django.core.management.base import BaseCommand

from galleries.consent import purge_hidden_case_renditions


class Command(BaseCommand):
    help = "Delete stored renditions of case photos that no served channel may show today (expired, withdrawn)."

    def handle(self, *args, **options):
        deleted = purge_hidden_case_renditions()
        self.stdout.write(f"Deleted {deleted} rendition(s) of case photos no channel may show.")
