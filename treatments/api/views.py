"""Read-only API views: treatments (list, detail by id, slug or path), conditions, products and clinicians."""

from django.db.models import Max, Q
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView
from wagtail.models import Site

from ..models import Condition
from ..search import search_treatments
from ..snippets import Clinician, Product
from . import caching, documents, filters
from .context import ApiContext
from .documents import to_json_text
from .errors import ParameterError, with_errors
from .filters import Param
from .listing import paged, paged_serializer
from .querysets import lookup_queryset, public_treatments
from .serializers import (
    ClinicianSerializer,
    ConditionSerializer,
    ProductSerializer,
    TreatmentDetailSerializer,
    TreatmentListItemSerializer,
    TreatmentSummarySerializer,
    clinician_data,
    condition_data,
    product_data,
    treatment_summaries,
)

ORDERINGS = ["title", "science_score", "price_from", "last_published_at", "first_published_at"]
ORDERING_CHOICES = [*ORDERINGS, *[f"-{name}" for name in ORDERINGS]]
SUMMARY_FIELDS = list(TreatmentSummarySerializer().fields)


def to_json(data):
    return to_json_text(data).encode()


class CachedJSONView(APIView):
    """GET served from the response cache when possible; `build()` returns (data, last_modified), or a view
    that already has the JSON text overrides `build_body()`."""

    def build_body(self, request, *args, **kwargs):
        data, last_modified = self.build(request, *args, **kwargs)
        return to_json(data), last_modified

    def get(self, request, *args, **kwargs):
        cached = caching.get_cached(request)
        if cached is not None:
            body, last_modified = cached
            return caching.build_response(request, body, last_modified)
        body, last_modified = self.build_body(request, *args, **kwargs)
        last_modified = caching.last_modified_of(last_modified)
        caching.store(request, body, last_modified)
        return caching.build_response(request, body, last_modified)


# ---------------------------------------------------------------- treatments
TREATMENT_LIST_PARAMS = [
    Param("condition", filters.slugs, "one or more condition slugs, comma-separated", "Treatments for any of them."),
    Param(
        "min_science_score",
        filters.integer(0, 5),
        "a whole number from 0 to 5",
        "Only treatments with at least this science score.",
    ),
    Param("price_min", filters.decimal, "a number of 0 or more", "Only treatments that can cost this much or more."),
    Param("price_max", filters.decimal, "a number of 0 or more", "Only treatments whose lowest price is at most this."),
    Param(
        "updated_since",
        filters.moment,
        "an ISO 8601 date or date-time",
        "Only treatments published at or after this moment.",
    ),
    Param("search", filters.text(200), "up to 200 characters", "Full-text search; title and summary rank first."),
    Param("ordering", filters.choice(ORDERING_CHOICES), ", ".join(ORDERING_CHOICES), "Sort order; '-' reverses it."),
    Param("fields", filters.field_list(SUMMARY_FIELDS), ", ".join(SUMMARY_FIELDS), "Only these fields in each item."),
    filters.LIMIT,
    filters.OFFSET,
]


def filter_treatments(queryset, values):
    if "condition" in values:
        wanted = values["condition"]
        known = set(Condition.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        unknown = [slug for slug in wanted if slug not in known]
        if unknown:
            raise ParameterError(
                "condition",
                f"Unknown condition slug: {', '.join(unknown)}.",
                allowed="slugs listed by /api/v1/conditions/",
            )
        queryset = queryset.filter(conditions__slug__in=wanted).distinct()
    if "min_science_score" in values:
        queryset = queryset.filter(science_score__gte=values["min_science_score"])
    if "price_min" in values:
        low = values["price_min"]
        queryset = queryset.filter(Q(price_to__gte=low) | Q(price_to__isnull=True, price_from__gte=low))
    if "price_max" in values:
        queryset = queryset.filter(price_from__lte=values["price_max"])
    if "updated_since" in values:
        queryset = queryset.filter(last_published_at__gte=values["updated_since"])
    return queryset


class TreatmentListView(CachedJSONView):
    """Live, public treatments: filter, search, sort and page through them."""

    @extend_schema(
        operation_id="treatments_list",
        parameters=filters.openapi_parameters(TREATMENT_LIST_PARAMS),
        responses=with_errors(paged_serializer(TreatmentListItemSerializer, "PaginatedTreatmentList")),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request):
        values = filters.parse(request.GET, TREATMENT_LIST_PARAMS)
        queryset = filter_treatments(public_treatments(), values)
        if "search" in values:
            queryset = search_treatments(queryset, values["search"])
        if "ordering" in values:
            queryset = queryset.order_by(values["ordering"], "pk")
        elif "search" not in values:
            queryset = queryset.order_by("title", "pk")
        last_modified = public_treatments().aggregate(latest=Max("last_published_at"))["latest"]
        queryset = queryset.select_related("hero_image").prefetch_related("conditions")

        def serialize(pages):
            items = treatment_summaries(pages, request)
            if "fields" in values:
                keep = {"id", *values["fields"]}
                items = [{key: value for key, value in item.items() if key in keep} for item in items]
            return items

        return paged(request, queryset, values, serialize), last_modified


class TreatmentDetailBase(CachedJSONView):
    """A treatment's detail JSON, read from its stored document (documents.py) or built when that is outdated."""

    def get_page(self, request, **kwargs):
        raise NotImplementedError

    def build_body(self, request, **kwargs):
        page = self.get_page(request, **kwargs)
        return documents.served_text(page, request).encode(), page.last_published_at


def found(queryset):
    page = queryset.first()
    if page is None:
        raise Http404("No live, public treatment matches.")
    return page


class TreatmentDetailView(TreatmentDetailBase):
    """One treatment by id."""

    @extend_schema(operation_id="treatments_retrieve", responses=with_errors(TreatmentDetailSerializer, 404))
    def get(self, request, *args, **kwargs):
        filters.parse(request.GET, [])
        return super().get(request, *args, **kwargs)

    def get_page(self, request, pk):
        return found(lookup_queryset().filter(pk=pk))


class TreatmentBySlugView(TreatmentDetailBase):
    """One treatment by its slug."""

    @extend_schema(operation_id="treatments_by_slug", responses=with_errors(TreatmentDetailSerializer, 404))
    def get(self, request, *args, **kwargs):
        filters.parse(request.GET, [])
        return super().get(request, *args, **kwargs)

    def get_page(self, request, slug):
        return found(lookup_queryset().filter(slug=slug).order_by("pk"))


PATH_PARAM = Param(
    "path", filters.text(500), "a URL path such as /treatments/exosomes/", "The page's URL path.", required=True
)


class TreatmentByPathView(TreatmentDetailBase):
    """One treatment by the URL path of its web page on this site, e.g. /treatments/exosomes/."""

    @extend_schema(
        operation_id="treatments_by_path",
        parameters=filters.openapi_parameters([PATH_PARAM]),
        responses=with_errors(TreatmentDetailSerializer, 404),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_page(self, request):
        values = filters.parse(request.GET, [PATH_PARAM])
        if "path" not in values:
            raise ParameterError(
                "path", "Give the page's URL path.", allowed=PATH_PARAM.allowed, code="missing_parameter"
            )
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site serves this host.")
        relative = "/".join(part for part in values["path"].split("/") if part)
        url_path = f"{site.root_page.url_path}{relative}/" if relative else site.root_page.url_path
        return found(lookup_queryset().filter(url_path=url_path))


# ---------------------------------------------------------------- snippets
SIMPLE_LIST_PARAMS = [filters.LIMIT, filters.OFFSET]


class SnippetListView(CachedJSONView):
    model = None

    def get_queryset(self):
        return self.model.objects.all()

    def items(self, objects, request):
        raise NotImplementedError

    def build(self, request):
        values = filters.parse(request.GET, SIMPLE_LIST_PARAMS)
        return paged(request, self.get_queryset().order_by("pk"), values, lambda objs: self.items(objs, request)), None


class SnippetDetailView(CachedJSONView):
    model = None

    def get_queryset(self):
        return self.model.objects.all()

    def build(self, request, pk):
        filters.parse(request.GET, [])
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise Http404
        return self.items([obj], request)[0], None


def _with_images(objects, request, image_attr, make):
    ctx = ApiContext(request)
    for obj in objects:
        ctx.add_image(getattr(obj, image_attr))
    ctx.load()
    return [make(obj, ctx) for obj in objects]


class ConditionMixin:
    model = Condition

    def items(self, objects, request):
        return [condition_data(condition) for condition in objects]


class ProductMixin:
    model = Product

    def get_queryset(self):
        return Product.objects.filter(is_active=True)

    def items(self, objects, request):
        return _with_images(objects, request, "image_id", product_data)


class ClinicianMixin:
    model = Clinician

    def items(self, objects, request):
        return _with_images(objects, request, "photo_id", clinician_data)


def _list_view(mixin, serializer, name, doc):
    class View(mixin, SnippetListView):
        __doc__ = doc

        @extend_schema(
            operation_id=f"{name}_list",
            parameters=filters.openapi_parameters(SIMPLE_LIST_PARAMS),
            responses=with_errors(paged_serializer(serializer, f"Paginated{serializer.Meta.ref_name}List")),
        )
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

    View.__name__ = f"{mixin.__name__.removesuffix('Mixin')}ListView"
    return View


def _detail_view(mixin, serializer, name, doc):
    class View(mixin, SnippetDetailView):
        __doc__ = doc

        @extend_schema(operation_id=f"{name}_retrieve", responses=with_errors(serializer, 404))
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

    View.__name__ = f"{mixin.__name__.removesuffix('Mixin')}DetailView"
    return View


ConditionListView = _list_view(ConditionMixin, ConditionSerializer, "conditions", "Conditions treatments treat.")
ConditionDetailView = _detail_view(ConditionMixin, ConditionSerializer, "conditions", "One condition.")
ProductListView = _list_view(ProductMixin, ProductSerializer, "products", "Active shop products.")
ProductDetailView = _detail_view(ProductMixin, ProductSerializer, "products", "One active product.")
ClinicianListView = _list_view(ClinicianMixin, ClinicianSerializer, "clinicians", "Clinicians who write and review.")
ClinicianDetailView = _detail_view(ClinicianMixin, ClinicianSerializer, "clinicians", "One clinician.")
