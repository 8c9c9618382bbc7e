"""App config for the treatments plugin."""

from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_save

        from . import expiry, richtext_safety, signals  # noqa: F401

        expiry.install()  # "live" means not expired too, on every route (treatments/expiry.py)
        # Rich text saved by any path (ORM, fixtures, data migrations) keeps only allow-listed markup.
        pre_save.connect(richtext_safety.clean_before_save, dispatch_uid="treatments_clean_rich_text")
        from .api import signals as api_signals
        from .evidence import signals as evidence_signals  # noqa: F401

        api_signals.connect_image_signals()
