"""Editors may add and change Clinicians and Products (to credit a ProTip's author, or add a shop product)."""

from django.db import migrations

GROUP = "Editors"
PERMISSIONS = [
    f"{action}_{model}" for model in ("clinician", "product") for action in ("add", "change", "view")
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after migrations; make sure this app's exist before granting them.
    # (the well-known recipe: a migration's app config has no models module, which create_permissions needs).
    app_config = apps.get_app_config("treatments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="treatments", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="treatments", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("treatments", "0010_advertising_rules"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
