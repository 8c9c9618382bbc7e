"""App config for the treatments plugin."""

from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
        from .api import signals as api_signals
        from .evidence import signals as evidence_signals  # noqa: F401

        api_signals.connect_image_signals()
