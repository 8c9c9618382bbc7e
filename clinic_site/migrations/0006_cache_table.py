"""The database cache's table, for sites whose CACHES use Django's database cache (production without Redis):
made by `migrate`, so a deploy cannot forget `createcachetable`. Nothing happens for other caches."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("clinic_site", "0005_home_page_sections")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
