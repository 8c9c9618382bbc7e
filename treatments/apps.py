"""App config for the treatments plugin."""

from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import expiry, signals  # noqa: F401

        expiry.install()  # "live" means not expired too, on every route (treatments/expiry.py)
        from .api import signals as api_signals

        api_signals.connect_image_signals()
