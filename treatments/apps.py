"""App config for the treatments plugin."""

from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        self.register_feature_models()
        from django.core import checks
        from django.db.models.signals import pre_save

        from . import expiry, review_assignment, richtext_safety  # noqa: F401

        expiry.install()  # "live" means not expired too, on every route (treatments/expiry.py)
        # Rich text saved by any path (ORM, fixtures, data migrations) keeps only allow-listed markup.
        pre_save.connect(richtext_safety.clean_before_save, dispatch_uid="treatments_clean_rich_text")
        from . import change_log
        from .api import documents, resources  # noqa: F401 - resources registers the API's kinds with the log
        from .api import signals as api_signals
        from .change_log import checks as change_log_checks
        from .change_log import receivers as change_log_receivers
        from .evidence import freshness  # noqa: F401
        from .webhooks import checks as webhook_checks
        from .webhooks import sending as webhook_sending

        # The log first: a publish outdates what shows the page, then the API builds its new document.
        change_log_receivers.connect()
        checks.register(change_log_checks.check_shared_cache)
        checks.register(webhook_checks.check_task_backend)
        change_log.listen(documents.outdate_touched)
        change_log.listen(webhook_sending.on_change)  # after the commit: deliveries for subscribed events
        api_signals.connect()

    def register_feature_models(self):
        """Models that live with the feature using them, imported so Django registers them with this app before
        anything asks for its models: the change log, the API's stored detail documents and preview keys, import
        records, advertising rules, the medical review task, and webhooks. Here rather than in `models`, which
        imports no feature."""
        from . import review  # noqa: F401
        from .api import preview_keys, stored_documents  # noqa: F401
        from .change_log import models as change_log_models  # noqa: F401
        from .compliance import models as compliance_models  # noqa: F401
        from .importer import origins  # noqa: F401
        from .webhooks import models as webhook_models  # noqa: F401
