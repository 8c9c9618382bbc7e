"""The webhook events a subscriber chooses from, and which event a change-log row means."""

# (event, what a subscriber is told, in the admin's words)
EVENTS = [
    ("treatment.published", "A treatment was published (new, or a new version)"),
    ("treatment.changed", "Something a treatment shows changed (a product, a clinician, a photo, its URL)"),
    ("treatment.removed", "A treatment was unpublished or deleted"),
    ("case.changed", "A before/after case or its consent changed"),
    ("case.withdrawn", "A case's consent was withdrawn or ended, or the case deleted: drop its photos"),
    ("product.changed", "A product was added, changed or deleted"),
    ("clinician.changed", "A clinician was added, changed or deleted"),
    ("condition.changed", "A condition was added, changed or deleted"),
]
EVENT_NAMES = [name for name, _ in EVENTS]

# Causes (written by treatments/change_log/receivers.py and galleries/changes.py) naming an event of their own;
# any other cause touching a resource is "<type>.changed".
SPECIAL = {
    ("treatment", "page.published"): "treatment.published",
    ("treatment", "page.unpublished"): "treatment.removed",
    ("treatment", "page.deleted"): "treatment.removed",
    ("case", "consent.withdrawn"): "case.withdrawn",
    ("case", "consent.expired"): "case.withdrawn",
    ("case", "consent.deleted"): "case.withdrawn",
    ("case", "case.deleted"): "case.withdrawn",
}

RESOURCE_TYPES = {"treatment", "case", "product", "clinician", "condition"}


def event_for(resource_type, cause):
    """The event a change-log row means, or None for rows no subscriber hears of (nothing synced, everything)."""
    if resource_type not in RESOURCE_TYPES:
        return None
    return SPECIAL.get((resource_type, cause), f"{resource_type}.changed")
