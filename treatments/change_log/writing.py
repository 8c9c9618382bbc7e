"""Writing the change log: `record()` in the transaction of the change itself, and the clock's changes when due.

Every write locks the head row first, so rows are numbered in commit order, then adds one row per resource
touched, tells the listeners (the API's stored documents are outdated in the same transaction), and notes when
the clock next changes something. Rows older than the retention are pruned once a day.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..conf import treatments_settings
from . import due, kinds, reading
from .models import ChangeLogHead, ContentChange

_listeners = []  # fn(touched: {kind name: ids}, everything: bool), called inside the writing transaction
_batch = ContextVar("change_log_batch", default=None)  # the changes `batched()` is collecting, if any


def listen(listener):
    """Call `listener` with what each write touched, in the same transaction (e.g. outdating stored documents)."""
    _listeners.append(listener)
    return listener


def record(cause, resources=None, keys=(), at=None):
    """Log that `cause` changed the named `resources` ({kind name: ids}) and everything showing any of `keys`.
    Returns the {kind name: ids} touched (nothing yet inside `batched()`). Always moves the head, so caches keyed
    by it go stale."""
    change = due.Change(cause, resources or {}, set(keys), at)
    collecting = _batch.get()
    if collecting is not None:
        collecting.append(change)
        return {}
    return append([change])


@contextmanager
def batched():
    """Write the records made inside as one append when the block ends, those of one cause merged: an image's
    four renditions are one lock of the head and one look-up of what shows the image, not four."""
    if _batch.get() is not None:  # already collecting: the outer block writes
        yield
        return
    token = _batch.set([])
    try:
        yield
    finally:
        changes = _batch.get()
        _batch.reset(token)
        # Written even when the block failed part way: what it did make (two renditions of four) is logged.
        if changes:
            append(merged(changes))


def merged(changes):
    """One change per cause and moment, naming every resource and key its records named."""
    by_cause = {}
    for change in changes:
        into = by_cause.setdefault((change.cause, change.at), due.Change(change.cause, {}, set(), change.at))
        for name, ids in change.resources.items():
            into.resources.setdefault(name, set()).update(ids)
        into.keys.update(change.keys)
    return list(by_cause.values())


def record_everything(cause):
    """Log a change that may alter any resource (a site's host or root moved): syncing apps start again."""
    return append([due.Change(cause)], everything=True)


def touched_by(change):
    touched = {name: set(ids) for name, ids in change.resources.items()}
    for name, ids in kinds.touched_by(change.keys).items():
        touched.setdefault(name, set()).update(ids)
    return touched


def rows_for(change, everything):
    at = change.at or timezone.now()
    if everything:
        return {}, [ContentChange(resource_type=ContentChange.EVERYTHING, cause=change.cause, changed_at=at)]
    touched = touched_by(change)
    rows = [
        ContentChange(resource_type=name, resource_id=pk, cause=change.cause, changed_at=at)
        for name in sorted(touched)
        for pk in sorted(touched[name])
    ]
    return touched, rows or [
        ContentChange(resource_type=ContentChange.NOTHING_SYNCED, cause=change.cause, changed_at=at)
    ]


def append(changes, everything=False, due_checked_until=None):
    """Write `changes` (due.Change) as rows, in one transaction with the caller's."""
    with transaction.atomic():
        head = locked_head()
        touched, rows = {}, []
        for change in changes:
            found, change_rows = rows_for(change, everything)
            rows += change_rows
            for name, ids in found.items():
                touched.setdefault(name, set()).update(ids)
        ContentChange.objects.bulk_create(rows)
        for listener in _listeners:
            listener(touched, everything)
        now = timezone.now()
        latest = max([row.changed_at for row in rows] + ([head.last_changed_at] if head.last_changed_at else []))
        # The next moment after the last one checked, not after now: one that passed with no request since (a page
        # expired an hour ago) is still due, and the next request writes it.
        checked = due_checked_until or head.due_checked_until or now
        ChangeLogHead.objects.filter(pk=head.pk).update(
            last_entry=ContentChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
            last_changed_at=latest,
            next_due=due.next_due(checked),
            next_due_known=True,
            due_checked_until=checked,
        )
        prune_if_due(head, now)
    reading.forget()
    return touched


def locked_head():
    """The head row, locked until the transaction ends (an UPDATE, so SQLite takes its write lock here too)."""
    if not ChangeLogHead.objects.filter(pk=1).update(last_entry=F("last_entry")):
        try:
            with transaction.atomic():
                ChangeLogHead.objects.create(pk=1, due_checked_until=timezone.now())
        except IntegrityError:  # another process made it first
            ChangeLogHead.objects.filter(pk=1).update(last_entry=F("last_entry"))
    return ChangeLogHead.objects.get(pk=1)


def write_due(now=None):
    """Write what the clock changed since the last check, if its moment has come; True when anything was due."""
    now = now or timezone.now()
    with transaction.atomic():
        head = locked_head()
        if head.next_due_known and (head.next_due is None or head.next_due > now):
            return False  # another process wrote it while this one waited for the lock
        changes = due.changes_between(head.due_checked_until, now)
        if changes:
            append(changes, due_checked_until=now)
        else:
            ChangeLogHead.objects.filter(pk=head.pk).update(
                next_due=due.next_due(now), next_due_known=True, due_checked_until=now
            )
    reading.forget()
    return bool(changes)


def retention():
    return timedelta(days=int(treatments_settings.SYNC_RETENTION_DAYS))


def prune_if_due(head, now):
    """Once a day: drop rows older than the retention. A cursor from before them answers `full: true`."""
    if head.pruned_at is not None and now - head.pruned_at < timedelta(days=1):
        return
    old = ContentChange.objects.filter(changed_at__lt=now - retention())
    last_old = old.order_by("-pk").values_list("pk", flat=True).first()
    if last_old is not None:
        ContentChange.objects.filter(pk__lte=last_old).delete()
    ChangeLogHead.objects.filter(pk=head.pk).update(pruned_at=now, oldest_kept=max(head.oldest_kept, last_old or 0))
