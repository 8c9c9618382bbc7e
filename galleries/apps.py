"""App config for the galleries plugin."""

from django.apps import AppConfig


class GalleriesConfig(AppConfig):
    name = "galleries"
    verbose_name = "Before/after galleries"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from . import changes, invalidation  # noqa: F401 - invalidation keeps case photos private

        changes.connect()  # every change to a case, its photos or its consent goes in the change log
        from .photo_privacy import check_image_model, connect_upload_receivers
        from .storage import check_private_media

        checks.register(check_private_media)
        connect_upload_receivers()  # temporary uploads stripped and renamed, documents renamed
        checks.register(check_image_model)
