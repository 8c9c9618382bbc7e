"""Image originals and case-photo renditions move out of public media (galleries.storage).

Existing originals are moved from the default storage to the private one under the same name. Existing renditions
of case photos are deleted (files and rows): the consent-checked photo view makes them again, in private storage.
"""

import galleries.storage
import wagtail.images.models
from django.db import migrations


def move_originals(apps, schema_editor, to_private=True):
    from galleries.storage import move_image_files

    ClinicImage = apps.get_model("clinic_site", "ClinicImage")
    names = ClinicImage.objects.values_list("file", flat=True).iterator()
    move_image_files(names, to_private=to_private)


def drop_public_case_renditions(apps, schema_editor):
    from django.core.files.storage import storages

    ClinicRendition = apps.get_model("clinic_site", "ClinicRendition")
    renditions = ClinicRendition.objects.filter(image__is_case_photo=True).exclude(file__startswith="case_photos/")
    for name in renditions.values_list("file", flat=True).iterator():
        storages["default"].delete(name)
    renditions.delete()


def forwards(apps, schema_editor):
    move_originals(apps, schema_editor)
    drop_public_case_renditions(apps, schema_editor)


def backwards(apps, schema_editor):
    from galleries.storage import private_image_storage

    move_originals(apps, schema_editor, to_private=False)
    ClinicRendition = apps.get_model("clinic_site", "ClinicRendition")
    renditions = ClinicRendition.objects.filter(file__startswith="case_photos/")
    for name in renditions.values_list("file", flat=True).iterator():
        private_image_storage().delete(name)
    renditions.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0002_image_is_case_photo"),
    ]

    operations = [
        migrations.AlterField(
            model_name="clinicimage",
            name="file",
            field=wagtail.images.models.WagtailImageField(
                height_field="height",
                storage=galleries.storage.media_storage,
                upload_to=wagtail.images.models.get_upload_to,
                verbose_name="file",
                width_field="width",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
