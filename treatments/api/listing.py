"""Limit/offset pages with a total count and next/previous links, the one pagination of every API list."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import pagination, serializers
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .filters import DEFAULT_LIMIT, LIMIT, OFFSET, openapi_parameter, parsed_values


class LimitOffsetPagination(pagination.BasePagination):
    """{"count", "next", "previous", "results"}: one COUNT query and one query for the page, whatever its size.
    Its parameters are checked as strictly as the filters (filters.StrictFilterBackend refuses the rest)."""

    parameters = {"limit": LIMIT, "offset": OFFSET}

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit, self.offset = self.window(parsed_values(request.query_params, self.parameters))
        self.count = queryset.count()
        self.refuse_past_the_end()
        return list(queryset[self.offset : self.offset + self.limit])

    def refuse_past_the_end(self):
        """An offset past the last result is an empty page (`offset` is bounded, so databases can take it)."""

    def window(self, values):
        """(limit, offset) of the page asked for."""
        return values.get("limit", DEFAULT_LIMIT), values.get("offset", 0)

    def get_paginated_response(self, data):
        return Response(
            {"count": self.count, "next": self.next_link(), "previous": self.previous_link(), "results": data}
        )

    def next_link(self):
        if self.offset + self.limit >= self.count:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), "limit", self.limit)
        return replace_query_param(url, "offset", self.offset + self.limit)

    def previous_link(self):
        if self.offset <= 0:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), "limit", self.limit)
        previous_offset = max(self.offset - self.limit, 0)
        if not previous_offset:
            return remove_query_param(url, "offset")
        return replace_query_param(url, "offset", previous_offset)

    def get_schema_operation_parameters(self, view):
        return [openapi_parameter(name, query_filter) for name, query_filter in self.parameters.items()]


def paged_serializer(item_serializer, name, items=None):
    """A serializer class describing one page of `item_serializer` items (or of the `items` field given), named
    `name` in the schema. It is one object, not a list to paginate again (`many=False`)."""
    meta = type("Meta", (), {"ref_name": name})
    page = type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(help_text="How many results there are in all."),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": items or item_serializer(many=True),
            "Meta": meta,
            "__doc__": f"One page of {item_serializer.__name__.removesuffix('Serializer')} results.",
        },
    )
    return extend_schema_serializer(many=False)(page)
