"""The webhook events a subscriber chooses from, and which event a change-log row means."""

from datetime import timedelta

# (event, what a subscriber is told, in the admin's words)
EVENTS = [
    ("treatment.published", "A treatment was published (new, or a new version)"),
    ("treatment.changed", "Something a treatment shows changed (a product, a clinician, a photo, its URL)"),
    ("treatment.removed", "A treatment left the API: unpublished, deleted, expired or made private"),
    ("case.changed", "A before/after case or its consent changed"),
    ("case.withdrawn", "A case's consent was withdrawn or ended, or the case deleted: drop its photos"),
    ("product.changed", "A product was added, changed or deleted"),
    ("clinician.changed", "A clinician was added, changed or deleted"),
    ("condition.changed", "A condition was added, changed or deleted"),
]
EVENT_NAMES = [name for name, _ in EVENTS]

# Causes (written by galleries/changes.py) after which an app or a scheduler must drop a case's photos.
CASE_WITHDRAWN = {"consent.withdrawn", "consent.expired", "consent.deleted", "case.deleted"}
RESOURCE_TYPES = {"treatment", "case", "product", "clinician", "condition"}
# A treatment published this close to a `page.published` row is the page published, not one linking to it
# (the log names both with the same cause).
PUBLISHED_WITHIN = timedelta(minutes=1)


def events_for(rows):
    """The event each change-log row means (None for rows no subscriber hears of: nothing synced, everything).
    A treatment's is judged by what apps may see of it now, in one query for all the rows: gone from the API
    (unpublished, deleted, expired, made private) is `treatment.removed`."""
    from ..api.querysets import public_treatments

    ids = {row["resource_id"] for row in rows if row["resource_type"] == "treatment"}
    public = dict(public_treatments().filter(pk__in=ids).values_list("pk", "last_published_at")) if ids else {}
    return [event_for(row, public) for row in rows]


def event_for(row, public_treatments):
    kind, pk, cause = row["resource_type"], row["resource_id"], row["cause"]
    if kind not in RESOURCE_TYPES:
        return None
    if kind == "treatment":
        if pk not in public_treatments:
            return "treatment.removed"
        published_at = public_treatments[pk]
        if cause == "page.published" and published_at and abs(published_at - row["changed_at"]) <= PUBLISHED_WITHIN:
            return "treatment.published"
    if kind == "case" and cause in CASE_WITHDRAWN:
        return "case.withdrawn"
    return f"{kind}.changed"
