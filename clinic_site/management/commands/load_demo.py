"""`manage.py load_demo`: runs every loader in `clinic_site.demo`, in order, in one transaction."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clinic_site.demo import discover_loaders


class Command(BaseCommand):
    help = (
        "Create or update the demo clinic: home page, treatments, snippets and images. "
        "Safe to run again: existing demo content is updated in place, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Only list the loaders that would run, in order.")

    def handle(self, *args, **options):
        loaders = discover_loaders()
        if not loaders:
            raise CommandError("No demo loaders found in clinic_site.demo.")
        if options["list"]:
            for loader in loaders:
                self.stdout.write(f"{loader.ORDER:>4}  {loader.__name__}")
            return
        # One transaction: a loader that fails leaves the database as it was, never half-loaded.
        with transaction.atomic():
            for loader in loaders:
                self.stdout.write(f"Loading {loader.__name__.rsplit('.', 1)[-1]}...")
                loader.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
