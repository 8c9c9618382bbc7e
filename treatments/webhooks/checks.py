"""System check: webhooks need a task backend that can run a task later, or retries are sent at once, inside
the request that made the change."""

from django.core import checks

from ..conf import treatments_settings


def check_task_backend(app_configs=None, **kwargs):
    from .sending import send_delivery

    backend = send_delivery.get_backend()
    if backend.supports_defer or not treatments_settings.WEBHOOK_RETRY_DELAYS:
        return []
    return [
        checks.Warning(
            f"The task backend {type(backend).__name__} cannot run a task later: webhooks are sent inside the "
            "request that made the change, and an unanswered one is retried at once instead of after a delay.",
            hint="Use django_tasks_db.DatabaseBackend with `manage.py db_worker` (the default), or another backend "
            "that supports run_after.",
            obj="TASKS['default']",
            id="treatments.W002",
        )
    ]
