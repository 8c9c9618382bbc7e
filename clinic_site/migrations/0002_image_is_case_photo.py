"""Images mark patient photos, so every route can leave them out without a query; existing case photos are marked."""

from django.db import migrations, models


def mark_existing_case_photos(apps, schema_editor):
    PhotoPair = apps.get_model("galleries", "PhotoPair")
    ClinicImage = apps.get_model("clinic_site", "ClinicImage")
    image_ids = set()
    for before_id, after_id in PhotoPair.objects.values_list("before_image_id", "after_image_id"):
        image_ids.update({before_id, after_id})
    ClinicImage.objects.filter(pk__in=image_ids).update(is_case_photo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0001_initial"),
        ("galleries", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinicimage",
            name="is_case_photo",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="A patient photo from a before/after case: shown only by the gallery, where consent is checked.",
            ),
        ),
        migrations.RunPython(mark_existing_case_photos, migrations.RunPython.noop),
    ]
