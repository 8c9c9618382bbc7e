"""Sync for offline apps: every resource whose JSON changed since a cursor, and tombstones for what left.

Read from the change log (treatments/change_log/), which names every resource a change touched, dependents
included: a product's new price lists the product and every treatment showing it. What a row names is reported
in its state now (visible → in `changes`, otherwise a tombstone), so replaying a cursor is always safe.

- Without `since`: a snapshot of everything, in pages of `limit`; the first page says `full: true` (clear the
  copy first). The snapshot's last cursor continues with whatever changed while it was read.
- With `since`: the rows after it, `limit` at a time. A cursor is opaque and signed: one this API never gave is
  a 400 naming `since`; one from before the log's retention (or from before everything changed, e.g. a site's
  host) starts a new snapshot, `full: true`.
- `types=` chooses among treatments, cases, products, clinicians and conditions (all by default). A treatment
  comes as its list item; an app fetches its full article from `api_url` (ETags make unchanged ones a 304).
"""

import time

from django.core import signing
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from .. import change_log
from ..change_log import kinds
from ..change_log.models import ContentChange
from ..change_log.writing import retention
from . import filters
from .errors import documented
from .filters import Parsed
from .views import to_json

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
SALT = "treatments.api.sync.cursor"


def cursor_for(entry, snapshot=None):
    """An opaque cursor: the log entry it follows, when it was given, and, while a snapshot is read, where in it."""
    payload = {"e": entry, "t": int(time.time())}
    if snapshot is not None:
        payload["s"] = list(snapshot)
    return signing.dumps(payload, salt=SALT, compress=True)


def past_retention(issued_at):
    return issued_at < time.time() - retention().total_seconds()


@filters.accepts({"type": "string", "minLength": 1})
def parse_since(raw):
    """A `cursor` this API gave."""
    try:
        payload = signing.loads(raw, salt=SALT)
        entry, issued_at = int(payload["e"]), int(payload["t"])
        snapshot = payload.get("s")
        if snapshot is not None:
            snapshot = (int(snapshot[0]), int(snapshot[1]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError):
        raise ValueError(
            "is not a cursor this API gave: pass the `cursor` of a previous answer, or leave `since` out to start again"
        ) from None
    return entry, snapshot, issued_at


def kind_names():
    return [kind.plural for kind in kinds.all_kinds()]


def sync_params():
    names = kind_names()
    return {
        "since": Parsed(
            parse_since,
            "the `cursor` of a previous answer",
            "Return what changed after this cursor; leave out to start with a full snapshot.",
        ),
        "types": Parsed(
            filters.field_list(names),
            ", ".join(names),
            "Only these kinds of resource, comma-separated (all by default). Keep the same for a whole snapshot.",
        ),
        "limit": Parsed(
            filters.integer(1, MAX_LIMIT),
            f"a whole number from 1 to {MAX_LIMIT}",
            f"Most resources (snapshot) or log entries (changes) per answer; default {DEFAULT_LIMIT}.",
        ),
    }


# ---------------------------------------------------------------- schema
def sync_serializer():
    """The answer's component, with one list per kind of resource the log knows (galleries adds cases)."""

    class TombstoneSerializer(serializers.Serializer):
        """Something the app must delete from its offline copy."""

        type = serializers.ChoiceField(choices=[kind.name for kind in kinds.all_kinds()])
        id = serializers.IntegerField()
        removed_at = serializers.DateTimeField()

        class Meta:
            ref_name = "Tombstone"

    def serializer_of(kind):
        serializer = kind.serializer
        return serializer if isinstance(serializer, type) else serializer()

    changes_fields = {kind.plural: serializer_of(kind)(many=True) for kind in kinds.all_kinds()}
    changes_serializer = type(
        "SyncChangesSerializer",
        (serializers.Serializer,),
        {**changes_fields, "Meta": type("Meta", (), {"ref_name": "SyncChanges"})},
    )

    class SyncSerializer(serializers.Serializer):
        cursor = serializers.CharField(help_text="Opaque: pass as `since` on the next call.")
        has_more = serializers.BooleanField(help_text="Call again at once with `cursor` to read the rest.")
        full = serializers.BooleanField(help_text="True: a new snapshot starts here; clear the offline copy first.")
        changes = changes_serializer(
            help_text="What to add or replace, by kind; each list is empty when nothing changed."
        )
        tombstones = TombstoneSerializer(many=True)

        class Meta:
            ref_name = "SyncBatch"

    return SyncSerializer


# ---------------------------------------------------------------- answers
def empty_changes():
    return {kind.plural: [] for kind in kinds.all_kinds()}


def snapshot(request, wanted, start_entry, position, limit):
    """One page of a snapshot taken from log entry `start_entry`: `position` is (kind index, last id) or None."""
    kind_index, last_id = position or (0, 0)
    changes, taken = empty_changes(), 0
    while kind_index < len(wanted) and taken < limit:
        kind = wanted[kind_index]
        items = list(kind.visible().filter(pk__gt=last_id).order_by("pk")[: limit - taken + 1])
        more_here = len(items) > limit - taken
        items = items[: limit - taken]
        changes[kind.plural] = kind.serialize(items, request)
        taken += len(items)
        if more_here:
            last_id = items[-1].pk
            break
        kind_index, last_id = kind_index + 1, 0
    finished = kind_index >= len(wanted)
    return {
        "cursor": cursor_for(start_entry) if finished else cursor_for(start_entry, (kind_index, last_id)),
        "has_more": not finished or change_log.head().entry > start_entry,
        "full": position is None,
        "changes": changes,
        "tombstones": [],
    }


def delta(request, wanted, entry, issued_at, limit):
    head = change_log.head()
    if entry > head.entry or entry < head.oldest_kept or past_retention(issued_at):  # another database, or too old
        return snapshot(request, wanted, head.entry, None, limit)
    rows = change_log.rows_after(entry, [kind.name for kind in wanted], limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    if any(row["resource_type"] == ContentChange.EVERYTHING for row in rows):
        return snapshot(request, wanted, max(head.entry, rows[-1]["pk"]), None, limit)
    changed_at = {}
    for row in rows:
        changed_at.setdefault(row["resource_type"], {})[row["resource_id"]] = row["changed_at"]
    changes, tombstones = empty_changes(), []
    for kind in wanted:
        ids = changed_at.get(kind.name, {})
        if not ids:
            continue
        visible = list(kind.visible().filter(pk__in=sorted(ids)).order_by("pk"))
        changes[kind.plural] = kind.serialize(visible, request)
        shown = {item.pk for item in visible}
        tombstones += [
            {"type": kind.name, "id": pk, "removed_at": moment.isoformat()}
            for pk, moment in sorted(ids.items())
            if pk not in shown
        ]
    last = rows[-1]["pk"] if rows else entry
    return {
        "cursor": cursor_for(last if has_more else max(head.entry, last)),
        "has_more": has_more,
        "full": False,
        "changes": changes,
        "tombstones": tombstones,
    }


class SyncView(APIView):
    """What changed since a cursor, with tombstones, so an app keeps an exact offline copy of every resource."""

    @extend_schema(
        operation_id="sync",
        **documented(sync_serializer(), parameters=filters.openapi_parameters(sync_params())),
    )
    def get(self, request):
        values = filters.query_values(request.query_params, sync_params())
        names = values.get("types") or kind_names()
        wanted = [kind for kind in kinds.all_kinds() if kind.plural in names]
        limit = values.get("limit", DEFAULT_LIMIT)
        if "since" not in values:
            data = snapshot(request, wanted, change_log.head().entry, None, limit)
        else:
            entry, position, issued_at = values["since"]
            if position is not None and not past_retention(issued_at):
                data = snapshot(request, wanted, entry, position, limit)
            else:
                data = delta(request, wanted, entry, issued_at, limit)
        response = HttpResponse(to_json(data), content_type="application/json")
        response["Cache-Control"] = "private, no-cache"
        return response
