"""Limit/offset pages with a total count and next/previous links, and their schema."""

from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .filters import DEFAULT_LIMIT


def paged(request, queryset, values, serialize):
    """{"count", "next", "previous", "results"}: one COUNT query and one query for the page, whatever its size."""
    limit = values.get("limit", DEFAULT_LIMIT)
    offset = values.get("offset", 0)
    count = queryset.count()
    page = list(queryset[offset : offset + limit])
    url = request.build_absolute_uri()
    next_url = previous_url = None
    if offset + limit < count:
        next_url = replace_query_param(replace_query_param(url, "limit", limit), "offset", offset + limit)
    if offset > 0:
        previous_offset = max(offset - limit, 0)
        previous_url = replace_query_param(url, "limit", limit)
        previous_url = (
            replace_query_param(previous_url, "offset", previous_offset)
            if previous_offset
            else remove_query_param(previous_url, "offset")
        )
    return {"count": count, "next": next_url, "previous": previous_url, "results": serialize(page)}


def paged_serializer(item_serializer, name):
    """A serializer class describing one page of `item_serializer` items, named `name` in the schema."""
    meta = type("Meta", (), {"ref_name": name})
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(help_text="How many results there are in all."),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item_serializer(many=True),
            "Meta": meta,
            "__doc__": f"One page of {item_serializer.Meta.ref_name} results.",
        },
    )
