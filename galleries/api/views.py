"""The cases endpoint: only cases whose consent covers the mobile app today, filterable like the gallery."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from treatments.api import filters
from treatments.api.errors import with_errors
from treatments.api.filters import Param

from ..consent import MOBILE_APP
from ..filters import CaseFilter
from ..models import BeforeAfterCase
from .serializers import BeforeAfterCaseSerializer


class CasePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "There is no page {page_number}: {message}."

    def get_schema_operation_parameters(self, view):
        """DRF documents both as bare integers; these are the bounds `check_parameters` enforces."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = PAGING_PARAMS[parameter["name"]].parse.schema
        return parameters


def checked_by_the_filter_set(raw):
    """Filter values are checked by CaseFilter, whose 400 names the parameter (treatments.api.errors)."""
    return raw


PAGING_PARAMS = {
    "page": Param("page", filters.integer(1), "a whole number of 1 or more", "Page number."),
    "page_size": Param(
        "page_size",
        filters.integer(1, CasePagination.max_page_size),
        f"a whole number from 1 to {CasePagination.max_page_size}",
        "Cases per page.",
    ),
}
FORMAT_PARAM = Param("format", checked_by_the_filter_set, "json", "DRF's response format.")
LIST_PARAMS = [
    *PAGING_PARAMS.values(),
    FORMAT_PARAM,
    *(Param(name, checked_by_the_filter_set, "see /api/v1/schema/", "") for name in CaseFilter.base_filters),
]


def check_parameters(params, detail=False):
    """A 400 in the API's one error shape naming the first unknown, repeated or malformed parameter, as the
    treatments endpoints answer, instead of silently ignoring it."""
    filters.parse(params, [FORMAT_PARAM] if detail else LIST_PARAMS)


@extend_schema_view(
    list=extend_schema(
        summary="Before/after cases", tags=["cases"], responses=with_errors(BeforeAfterCaseSerializer(many=True), 404)
    ),
    retrieve=extend_schema(
        summary="One before/after case", tags=["cases"], responses=with_errors(BeforeAfterCaseSerializer, 404)
    ),
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Before/after cases for the mobile app; a withdrawn or expired case is a 404 on the next request."""

    serializer_class = BeforeAfterCaseSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    pagination_class = CasePagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_parameters(request.query_params, detail="pk" in kwargs)

    def get_queryset(self):
        return BeforeAfterCase.objects.visible_on(MOBILE_APP).for_display()
