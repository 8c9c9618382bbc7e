"""The cases endpoint: only cases whose consent covers the mobile app today, filterable like the gallery.

The same style as the treatments API: a GenericViewSet from DRF's mixins, its one filter backend and its
limit/offset pages. `page`/`page_size` still work for one release, as deprecated aliases.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.utils.urls import remove_query_param, replace_query_param

from treatments.api import filters
from treatments.api.errors import ParameterError, documented
from treatments.api.filters import DEFAULT_LIMIT, MAX_LIMIT, Parsed, StrictFilterBackend
from treatments.api.listing import LimitOffsetPagination, paged_serializer

from ..consent import MOBILE_APP
from ..filters import CaseFilter
from ..models import BeforeAfterCase
from .serializers import BeforeAfterCaseSerializer

# RFC 9745: the moment `page` and `page_size` were deprecated (1 December 2026), as a structured date.
DEPRECATION = "@1796083200"


@filters.accepts({"type": "string", "enum": ["json"]})
def renderer_format(raw):
    """DRF reads `format` itself (a format it does not serve is a 404); it is only declared here."""
    return raw


FORMAT = Parsed(renderer_format, "json", "DRF's response format.")


class CasePagination(LimitOffsetPagination):
    """limit/offset, and the page/page_size of before as deprecated aliases (with a Deprecation header)."""

    parameters = {
        **LimitOffsetPagination.parameters,
        "page": Parsed(
            filters.integer(1),
            "a whole number of 1 or more",
            "Page number. Deprecated: use `offset`.",
            deprecated=True,
        ),
        "page_size": Parsed(
            filters.integer(1, MAX_LIMIT),
            f"a whole number from 1 to {MAX_LIMIT}",
            "Cases per page. Deprecated: use `limit`.",
            deprecated=True,
        ),
    }
    page_number = None

    def window(self, values):
        if "page" not in values and "page_size" not in values:
            return super().window(values)
        if "limit" in values or "offset" in values:
            given = "page" if "page" in values else "page_size"
            raise ParameterError(
                given, f"Give limit and offset, or the deprecated page and page_size, not both: got '{given}'."
            )
        self.page_number = values.get("page", 1)
        size = values.get("page_size", DEFAULT_LIMIT)
        return size, (self.page_number - 1) * size

    def refuse_past_the_end(self):
        """A page number past the last page is a 404, as before; it also keeps huge numbers from the database."""
        if self.page_number is not None and self.page_number > 1 and self.offset >= self.count:
            raise NotFound(f"There is no page {self.page_number}: That page contains no results.")

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.page_number is not None:
            response["Deprecation"] = DEPRECATION
        return response

    def next_link(self):
        if self.page_number is None or self.offset + self.limit >= self.count:
            return super().next_link()
        return replace_query_param(self.request.build_absolute_uri(), "page", self.page_number + 1)

    def previous_link(self):
        if self.page_number is None or self.page_number <= 1:
            return super().previous_link()
        url = self.request.build_absolute_uri()
        if self.page_number == 2:
            return remove_query_param(url, "page")
        return replace_query_param(url, "page", self.page_number - 1)


class CaseQuery(CaseFilter):
    """The gallery's filters, and DRF's `format`."""

    format = FORMAT


DEPRECATION_HEADER = OpenApiParameter(
    "Deprecation",
    {"type": "string"},
    OpenApiParameter.HEADER,
    description="Sent when the deprecated `page` or `page_size` was used: when they were deprecated (RFC 9745).",
    response=[200],
)


@extend_schema_view(
    list=extend_schema(
        summary="Before/after cases",
        tags=["cases"],
        **documented(
            paged_serializer(BeforeAfterCaseSerializer, "PaginatedBeforeAfterCaseList"),
            404,
            parameters=[DEPRECATION_HEADER],
        ),
    ),
    retrieve=extend_schema(
        summary="One before/after case",
        tags=["cases"],
        **documented(BeforeAfterCaseSerializer, 404, parameters=filters.openapi_parameters({"format": FORMAT})),
    ),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Before/after cases for the mobile app; a withdrawn or expired case is a 404 on the next request, so its
    answers are never cached."""

    serializer_class = BeforeAfterCaseSerializer
    filter_backends = [StrictFilterBackend]
    filterset_class = CaseQuery
    pagination_class = CasePagination
    action_filters = {"format": FORMAT}

    def get_queryset(self):
        return BeforeAfterCase.objects.visible_on(MOBILE_APP).for_display()
