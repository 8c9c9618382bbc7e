"""The one API router of the reference site: the treatments API (with its schema and docs) under /api/v1/,
and Wagtail's own API v2 under /api/wagtail-v2/ for comparison benchmarks."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from treatments.api import urls as treatments_api_urls

wagtail_v2 = WagtailAPIRouter("wagtailapi")
wagtail_v2.register_endpoint("pages", PagesAPIViewSet)

# The schema covers /api/v1/ only: Wagtail's v2 endpoints have no typed schema to offer.
schema_patterns = [path("api/v1/", include(treatments_api_urls))]

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(patterns=schema_patterns), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(treatments_api_urls)),
    path("api/v1/", include(treatments_api_urls.fallback_patterns)),
    path("api/wagtail-v2/", wagtail_v2.urls),
]
