"""Reading the change log: its head (what every request checks, once) and the rows after a cursor.

`head()` is the one thing a cache asks to know whether what it holds is current, in every process: a cached copy
is keyed by `head().entry`, so any change committed by any process (a web worker, the shell, a cron job) makes
every copy stale on that process's next request. It costs one indexed read per request; the answer is kept for
the rest of the request. When the clock has changed something since the last write (a page expired, a consent
ended at midnight) the first request after that moment writes it first.
"""

import threading
from dataclasses import dataclass
from datetime import datetime

from django.core.signals import request_finished, request_started
from django.utils import timezone

from .models import ChangeLogHead, ContentChange

_request = threading.local()


@dataclass(frozen=True)
class Head:
    """The latest row (`entry`, 0 for an empty log), when the latest change took effect, when the clock next
    changes something (None: nothing scheduled), and the last row pruned."""

    entry: int
    changed_at: datetime | None
    next_due: datetime | None
    oldest_kept: int

    def seconds_until_due(self, now=None):
        """Whole seconds until the clock next changes something; None when nothing is scheduled."""
        if self.next_due is None:
            return None
        return max(int((self.next_due - (now or timezone.now())).total_seconds()), 0)


FIELDS = ["last_entry", "last_changed_at", "next_due", "next_due_known", "oldest_kept"]


def head():
    """The log's head now, read once per request (and on every call outside one)."""
    cached = getattr(_request, "head", None)
    if cached is not None:
        return cached
    row = ChangeLogHead.objects.filter(pk=1).values(*FIELDS).first()
    now = timezone.now()
    if row is None or not row["next_due_known"] or (row["next_due"] is not None and row["next_due"] <= now):
        from .writing import write_due

        write_due(now)
        row = ChangeLogHead.objects.filter(pk=1).values(*FIELDS).first()
    result = Head(row["last_entry"], row["last_changed_at"], row["next_due"], row["oldest_kept"])
    if getattr(_request, "active", False):
        _request.head = result
    return result


def forget(**kwargs):
    """The next head() reads the database again: after a write, and at the start and end of each request."""
    _request.head = None


def _request_started(**kwargs):
    _request.head = None
    _request.active = True


def _request_finished(**kwargs):
    _request.head = None
    _request.active = False


request_started.connect(_request_started, dispatch_uid="change_log_request_started")
request_finished.connect(_request_finished, dispatch_uid="change_log_request_finished")


def rows_after(entry, kinds=None, limit=100):
    """Up to `limit` rows after `entry`, in order: of the given kind names (every kind when None), and always the
    rows that mean "everything changed". The internal API webhooks and purges read too."""
    rows = ContentChange.objects.filter(pk__gt=entry).order_by("pk")
    if kinds is not None:
        rows = rows.filter(resource_type__in=[*kinds, ContentChange.EVERYTHING])
    return list(rows.values("pk", "resource_type", "resource_id", "cause", "changed_at")[:limit])
