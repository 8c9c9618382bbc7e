"""The cases endpoint: only cases whose consent covers the mobile app today, filterable like the gallery."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from ..consent import MOBILE_APP
from ..filters import CaseFilter
from ..models import BeforeAfterCase
from .serializers import BeforeAfterCaseSerializer


class CasePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


PAGING_PARAMETERS = {"page", "page_size", "format"}


def check_parameters(params, detail=False):
    """400 naming every unknown or malformed parameter, instead of silently ignoring it."""
    allowed = {"format"} if detail else set(CaseFilter.base_filters) | PAGING_PARAMETERS
    errors = {
        name: [f"Unknown parameter. Allowed: {', '.join(sorted(allowed))}."] for name in params if name not in allowed
    }
    for name in ("page", "page_size"):
        value = params.get(name)
        if value is not None and not (value.isdigit() and int(value) >= 1):
            errors[name] = ["A whole number of 1 or more."]
    if errors:
        raise serializers.ValidationError(errors)


@extend_schema_view(
    list=extend_schema(summary="Before/after cases", tags=["cases"]),
    retrieve=extend_schema(summary="One before/after case", tags=["cases"]),
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
