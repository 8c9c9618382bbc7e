"""The cases endpoint: only cases whose consent covers the mobile app today, filterable like the gallery."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from treatments.api.errors import ParameterError, with_errors

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
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


PAGING_PARAMETERS = {"page", "page_size", "format"}


def check_parameters(params, detail=False):
    """A 400 in the API's one error shape, naming the first unknown or malformed parameter, instead of silently
    ignoring it. (Filter values are checked by the filter set; the error handler names the parameter.)"""
    allowed = {"format"} if detail else set(CaseFilter.base_filters) | PAGING_PARAMETERS
    for name in params:
        if name not in allowed:
            raise ParameterError(
                name, f"Unknown parameter '{name}'.", allowed=", ".join(sorted(allowed)), code="unknown_parameter"
            )
    largest = {"page": None, "page_size": CasePagination.max_page_size}
    for name, most in largest.items():
        value = params.get(name)
        if value is not None and not (value.isdigit() and 1 <= int(value) <= (most or int(value))):
            allowed = f"a whole number from 1 to {most}" if most else "a whole number of 1 or more"
            raise ParameterError(name, f"'{name}' must be {allowed}: got '{value[:100]}'.", allowed=allowed)


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
