"""The cases endpoint: only cases whose consent covers the mobile app today, filterable like the gallery."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from ..consent import MOBILE_APP
from ..filters import CaseFilter
from ..models import BeforeAfterCase
from .serializers import BeforeAfterCaseSerializer


class CasePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


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

    def get_queryset(self):
        return BeforeAfterCase.objects.visible_on(MOBILE_APP).for_display()
