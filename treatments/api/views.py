"""Read-only API viewsets: treatments (list, detail by id, slug or path), conditions, products and clinicians.

Each is a GenericViewSet composed from DRF's mixins, with the one filter backend (filters.py), the one
pagination (listing.py) and the response cache (caching.py) on every GET.
"""

import django_filters
from django.db.models import Max, Q
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from wagtail.models import Site

from ..models import Condition
from ..search import search_treatments
from ..snippets import Clinician, Product
from . import caching, documents, filters
from .context import ApiContext
from .documents import to_json_text
from .errors import ParameterError, documented
from .filters import Parsed, StrictFilterBackend
from .listing import LimitOffsetPagination, paged_serializer
from .querysets import lookup_queryset, public_treatments
from .serializers import (
    ClinicianSerializer,
    ConditionSerializer,
    ProductSerializer,
    TreatmentDetailSerializer,
    TreatmentListItemsField,
    TreatmentSummarySerializer,
    prepared,
)

ORDERINGS = ["title", "science_score", "price_from", "last_published_at", "first_published_at"]
ORDERING_CHOICES = [*ORDERINGS, *[f"-{name}" for name in ORDERINGS]]
SUMMARY_FIELDS = list(TreatmentSummarySerializer().fields)


def to_json(data):
    return to_json_text(data).encode()


class NoFilters(django_filters.FilterSet):
    """A list with no filter: only its pagination's parameters are taken."""


class ApiViewSet(viewsets.GenericViewSet):
    """What every resource of this API shares: strict parameters, limit/offset pages, and JSON built from lookups
    prepared for the whole page at once (serializers.prepared)."""

    filter_backends = [StrictFilterBackend]
    filterset_class = NoFilters
    pagination_class = LimitOffsetPagination
    action_filters = {}  # the parameters of actions other than `list`: none by default

    def get_serializer(self, instance=None, many=False, **kwargs):
        if instance is None:  # the schema generator's question: which serializer, not what JSON
            return super().get_serializer(many=many, **kwargs)
        return prepared(self.get_serializer_class(), instance, ApiContext(self.request), many=many)

    def last_modified(self):
        """When what a list shows last changed, besides what caching.content_changed_at() knows."""
        return None


class CachedListModelMixin(mixins.ListModelMixin):
    """`list`, answered from the response cache with ETag/Last-Modified/304 (caching.py)."""

    def list(self, request, *args, **kwargs):
        def build():
            page = super(CachedListModelMixin, self).list(request, *args, **kwargs)
            return to_json(page.data), self.last_modified()

        return caching.cached_response(request, build)


class CachedRetrieveModelMixin(mixins.RetrieveModelMixin):
    """`retrieve`, answered from the response cache with ETag/Last-Modified/304 (caching.py)."""

    def retrieve(self, request, *args, **kwargs):
        def build():
            return to_json(super(CachedRetrieveModelMixin, self).retrieve(request, *args, **kwargs).data), None

        return caching.cached_response(request, build)


# ---------------------------------------------------------------- treatments
class TreatmentFilter(django_filters.FilterSet):
    """?condition=acne-scars&min_science_score=3&price_max=500&search=needling&ordering=-price_from&fields=title"""

    condition = Parsed(
        filters.slugs, "one or more condition slugs, comma-separated", "Treatments for any of them.", method="treating"
    )
    min_science_score = Parsed(
        filters.integer(0, 5),
        "a whole number from 0 to 5",
        "Only treatments with at least this science score.",
        field_name="science_score",
        lookup_expr="gte",
    )
    price_min = Parsed(
        filters.decimal, "a number of 0 or more", "Only treatments that can cost this much or more.", method="costing"
    )
    price_max = Parsed(
        filters.decimal,
        "a number of 0 or more",
        "Only treatments whose lowest price is at most this.",
        field_name="price_from",
        lookup_expr="lte",
    )
    updated_since = Parsed(
        filters.moment,
        "an ISO 8601 date or date-time",
        "Only treatments published at or after this moment.",
        field_name="last_published_at",
        lookup_expr="gte",
    )
    search = Parsed(
        filters.text(200), "up to 200 characters", "Full-text search; title and summary rank first.", method="matching"
    )
    ordering = Parsed(filters.choice(ORDERING_CHOICES), ", ".join(ORDERING_CHOICES), "Sort order; '-' reverses it.")
    fields = Parsed(filters.field_list(SUMMARY_FIELDS), ", ".join(SUMMARY_FIELDS), "Only these fields in each item.")

    def treating(self, queryset, name, wanted):
        known = set(Condition.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        unknown = [slug for slug in wanted if slug not in known]
        if unknown:
            raise ParameterError(
                "condition",
                f"Unknown condition slug: {', '.join(unknown)}.",
                allowed="slugs listed by /api/v1/conditions/",
            )
        return queryset.filter(conditions__slug__in=wanted).distinct()

    def costing(self, queryset, name, low):
        return queryset.filter(Q(price_to__gte=low) | Q(price_to__isnull=True, price_from__gte=low))

    def matching(self, queryset, name, query):
        return search_treatments(queryset, query)

    def filter_queryset(self, queryset):
        """Filtered, then in the order asked for: search rank when searching, else by title."""
        queryset = super().filter_queryset(queryset)
        ordering, query = self.form.cleaned_data.get("ordering"), self.form.cleaned_data.get("search")
        if ordering:
            return queryset.order_by(ordering, "pk")
        return queryset if query else queryset.order_by("title", "pk")


PATH = Parsed(filters.text(500), "a URL path such as /treatments/exosomes/", "The page's URL path.", required=True)
DETAIL = documented(TreatmentDetailSerializer, 404, conditional=True)


@extend_schema_view(
    list=extend_schema(
        operation_id="treatments_list",
        **documented(
            paged_serializer(TreatmentSummarySerializer, "PaginatedTreatmentList", items=TreatmentListItemsField()),
            conditional=True,
        ),
    ),
    retrieve=extend_schema(operation_id="treatments_retrieve", **DETAIL),
)
class TreatmentViewSet(CachedListModelMixin, ApiViewSet):
    """Live, public treatments: filter, search, sort and page through them, or read one by id, slug or path.
    A detail is read from its stored document (documents.py), or built when that is outdated."""

    serializer_class = TreatmentSummarySerializer
    filterset_class = TreatmentFilter

    @property
    def action_filters(self):
        return {"path": PATH} if self.action == "find" else {}

    def get_queryset(self):
        if self.action == "list":
            return public_treatments().select_related("hero_image").prefetch_related("conditions")
        return lookup_queryset()

    def last_modified(self):
        return public_treatments().aggregate(latest=Max("last_published_at"))["latest"]

    def get_paginated_response(self, data):
        if "fields" in self.query:
            keep = {"id", *self.query["fields"]}
            data = [{key: value for key, value in item.items() if key in keep} for item in data]
        return super().get_paginated_response(data)

    def retrieve(self, request, pk):
        return self.one_treatment(lambda pages: pages.filter(pk=pk))

    @extend_schema(operation_id="treatments_by_slug", **DETAIL)
    def by_slug(self, request, slug):
        return self.one_treatment(lambda pages: pages.filter(slug=slug).order_by("pk"))

    @extend_schema(
        operation_id="treatments_by_path",
        **documented(
            TreatmentDetailSerializer, 404, conditional=True, parameters=filters.openapi_parameters({"path": PATH})
        ),
    )
    def find(self, request):
        return self.one_treatment(self.at_path)

    def one_treatment(self, lookup):
        def build():
            page = lookup(self.filter_queryset(self.get_queryset())).first()
            if page is None:
                raise Http404("No live, public treatment matches.")
            return documents.served_text(page, self.request).encode(), page.last_published_at

        return caching.cached_response(self.request, build)

    def at_path(self, pages):
        site = Site.find_for_request(self.request)
        if site is None:
            raise Http404("No site serves this host.")
        relative = "/".join(part for part in self.query["path"].split("/") if part)
        url_path = f"{site.root_page.url_path}{relative}/" if relative else site.root_page.url_path
        return pages.filter(url_path=url_path)


@extend_schema(exclude=True)
class OldSlugTreatmentViewSet(TreatmentViewSet):
    """/treatments/<slug>/, from before /treatments/by-slug/<slug>/: it still answers, undocumented, since OpenAPI
    cannot tell `/treatments/{slug}/` from `/treatments/{id}/` (and there a numeric slug reaches that id)."""


# ---------------------------------------------------------------- snippets
def snippet_schema(name, serializer):
    ref = serializer.Meta.ref_name
    return extend_schema_view(
        list=extend_schema(
            operation_id=f"{name}_list",
            **documented(paged_serializer(serializer, f"Paginated{ref}List"), conditional=True),
        ),
        retrieve=extend_schema(operation_id=f"{name}_retrieve", **documented(serializer, 404, conditional=True)),
    )


class SnippetViewSet(CachedListModelMixin, CachedRetrieveModelMixin, ApiViewSet):
    """A snippet's list, in the order they were added, and each one by id."""


@snippet_schema("conditions", ConditionSerializer)
class ConditionViewSet(SnippetViewSet):
    """Conditions treatments treat."""

    queryset = Condition.objects.order_by("pk")
    serializer_class = ConditionSerializer


@snippet_schema("products", ProductSerializer)
class ProductViewSet(SnippetViewSet):
    """Active shop products."""

    queryset = Product.objects.filter(is_active=True).order_by("pk")
    serializer_class = ProductSerializer


@snippet_schema("clinicians", ClinicianSerializer)
class ClinicianViewSet(SnippetViewSet):
    """Clinicians who write and review."""

    queryset = Clinician.objects.order_by("pk")
    serializer_class = ClinicianSerializer
