"""Delta sync for offline apps: what changed since a cursor, with tombstones for what must be removed.

The feed is TreatmentChange, written by signals on publish, unpublish, delete and privacy changes. Without
`since` the answer is a full snapshot. Each answer carries the cursor for the next call; replaying a cursor
is safe, because every page named is reported in its state now (visible → `changes`, otherwise a tombstone).
Changes are list items (constant queries per call); an app fetches each one's full article from its `api_url`,
which answers with ETags, so unchanged articles cost a 304.
"""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from .. import expiry
from ..models import TreatmentChange
from . import filters
from .context import ApiContext
from .errors import documented
from .filters import Parsed
from .querysets import public_treatments
from .serializers import ConstantField, TreatmentSummarySerializer, serialize
from .views import to_json

DEFAULT_BATCH = 200


@filters.accepts({"type": "string", "pattern": r"^(c[0-9]+|[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].+)?)$"})
def parse_since(raw):
    """A cursor from a previous answer (`c123`) or an ISO 8601 timestamp."""
    if raw.startswith("c") and raw[1:].isdigit():
        if int(raw[1:]) > 2**63 - 1:  # past any row id: the database could not even compare it
            raise ValueError("is not a cursor this API gave")
        return ("cursor", int(raw[1:]))
    return ("time", filters.moment(raw))


SYNC_PARAMS = {
    "since": Parsed(
        parse_since,
        "the `cursor` of a previous answer (e.g. c42) or an ISO 8601 date-time",
        "Return what changed after this point; leave out for a full snapshot.",
    ),
    "limit": Parsed(filters.integer(1, 1000), "a whole number from 1 to 1000", "Most feed entries to read per call."),
}


class TombstoneSerializer(serializers.Serializer):
    """Something the app must delete from its offline copy."""

    type = ConstantField("treatment")
    id = serializers.IntegerField()
    removed_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Tombstone"


class SyncSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Pass as `since` on the next call.")
    has_more = serializers.BooleanField(help_text="Call again at once with `cursor` to read the rest.")
    full = serializers.BooleanField(help_text="True for a snapshot: drop everything not in `changes`.")
    changes = TreatmentSummarySerializer(many=True)
    tombstones = TombstoneSerializer(many=True)

    class Meta:
        ref_name = "SyncBatch"


def latest_cursor():
    last = TreatmentChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def summaries(pages, request):
    return serialize(TreatmentSummarySerializer, pages, ApiContext(request), many=True)


def snapshot(request):
    cursor = latest_cursor()
    pages = public_treatments().select_related("hero_image").prefetch_related("conditions").order_by("pk")
    return {"cursor": f"c{cursor}", "has_more": False, "full": True, "changes": summaries(pages, request)}


def delta(request, kind, point, limit):
    entries = TreatmentChange.objects.order_by("pk")
    entries = entries.filter(pk__gt=point) if kind == "cursor" else entries.filter(changed_at__gt=point)
    batch = list(entries[: limit + 1])
    has_more = len(batch) > limit
    batch = batch[:limit]
    removed_at = {}
    for entry in batch:
        removed_at[entry.page_id] = entry.changed_at
    visible = list(
        public_treatments()
        .filter(pk__in=list(removed_at))
        .select_related("hero_image")
        .prefetch_related("conditions")
        .order_by("pk")
    )
    visible_ids = {page.pk for page in visible}
    tombstones = [
        {"type": "treatment", "id": page_id, "removed_at": moment.isoformat()}
        for page_id, moment in removed_at.items()
        if page_id not in visible_ids
    ]
    cursor = batch[-1].pk if batch else (point if kind == "cursor" else latest_cursor())
    return {
        "cursor": f"c{cursor}",
        "has_more": has_more,
        "full": False,
        "changes": summaries(visible, request),
        "tombstones": tombstones,
    }


class SyncView(APIView):
    """Changes and tombstones since a cursor, so an app can keep an exact offline copy of the treatments."""

    @extend_schema(
        operation_id="sync", **documented(SyncSerializer, parameters=filters.openapi_parameters(SYNC_PARAMS))
    )
    def get(self, request):
        values = filters.query_values(request.query_params, SYNC_PARAMS)
        expiry.record_expiries()  # a treatment that expired with nobody unpublishing it is reported as removed
        if "since" in values:
            kind, point = values["since"]
            data = delta(request, kind, point, values.get("limit", DEFAULT_BATCH))
        else:
            data = {**snapshot(request), "tombstones": []}
        response = HttpResponse(to_json(data), content_type="application/json")
        response["Cache-Control"] = "private, no-cache"
        return response
