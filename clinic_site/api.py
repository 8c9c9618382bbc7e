"""The one API router of the reference site: the treatments and cases APIs (with their schema and docs) under
/api/v1/, and Wagtail's own API v2 under /api/wagtail-v2/ for comparison benchmarks when API_WAGTAIL_V2 is on."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from galleries.api import urls as galleries_api_urls
from treatments.api import urls as treatments_api_urls
from treatments.api.context import ApiContext
from treatments.conf import treatments_settings
from treatments.models import TreatmentPage


class ImageField(serializers.Field):
    """An image as /api/v1/ shows it (renditions, never the original; nothing for a patient photo) rather than
    Wagtail's default, whose download URL is the original and whose title may name a patient."""

    def to_representation(self, image):
        return ApiContext(self.context.get("request")).image(image)


# What Wagtail's API v2 may show of a treatment (it shows only the title unless fields are listed): the same
# content as /api/v1/, so the benchmark compares like with like.
TREATMENT_V2_FIELDS = [
    "intro",
    APIField("hero_image", serializer=ImageField()),
    "best_used",
    "caution",
    "best_for",
    "comments",
    "mode_of_action",
    "science_score",
    "price_from",
    "price_to",
    "currency",
    "typical_sessions",
    "author",
    "reviewed_by",
    "last_reviewed",
    "body",
]


class ComparisonPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's stock pages endpoint, told which treatment fields to serve."""

    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        if issubclass(model, TreatmentPage) and not getattr(model, "api_fields", None):
            fields += cls._convert_api_fields(TREATMENT_V2_FIELDS)
        return fields


wagtail_v2 = WagtailAPIRouter("wagtailapi")
wagtail_v2.register_endpoint("pages", ComparisonPagesAPIViewSet)

# Every app's resources under one prefix; the schema covers /api/v1/ only (Wagtail's v2 has no typed schema).
api_v1_patterns = [path("", include(treatments_api_urls)), path("", include(galleries_api_urls))]
schema_patterns = [path("api/v1/", include(api_v1_patterns))]

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(patterns=schema_patterns), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script=), not inline: the docs keep a strict CSP.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(api_v1_patterns)),
    # Last under the prefix: anything unknown answers with the API's JSON 404, never the site's HTML page.
    path("api/v1/", include(treatments_api_urls.fallback_patterns)),
]
if treatments_settings.API_WAGTAIL_V2:
    urlpatterns.append(path("api/wagtail-v2/", wagtail_v2.urls))
