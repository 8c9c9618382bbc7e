"""`manage.py build_api_documents`: store the API detail JSON of every live treatment now, e.g. right after a
deploy whose code changes that JSON, so no visitor's request pays for the rebuild."""

from django.core.management.base import BaseCommand

from treatments.api import documents
from treatments.api.querysets import lookup_queryset


class Command(BaseCommand):
    help = (
        "Build the stored API detail document of every live, public treatment whose document is missing or "
        "outdated (another revision, other code, or something it shows has changed). --all rebuilds every one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild current documents too.")

    def handle(self, *args, **options):
        built = current = 0
        for page in lookup_queryset().order_by("pk"):
            site = page.get_site()
            document = documents.TreatmentApiDocument.objects.filter(page=page, site=site).first()
            if not options["all"] and document is not None and document.current_for(page):
                current += 1
                continue
            documents.publish_document(page)
            built += 1
        self.stdout.write(f"Built {built} API document(s); {current} already current.")
