"""Plugin settings with defaults, so a host site only sets what it wants to change."""

from django.conf import settings


def default_currency():
    return getattr(settings, "TREATMENTS_DEFAULT_CURRENCY", "USD")


def medical_review_group_name():
    return getattr(settings, "TREATMENTS_REVIEW_GROUP", "Clinicians")


def medical_review_workflow_name():
    return getattr(settings, "TREATMENTS_REVIEW_WORKFLOW", "Medical review")
