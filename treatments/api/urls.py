"""URLs of the treatments API; a site mounts them with `path("api/v1/", include("treatments.api.urls"))`."""

from django.urls import path, re_path

from . import preview, sync, views
from .errors import not_found_json

app_name = "treatments_api"

treatments = views.TreatmentViewSet


def resource(viewset, name):
    """The list and detail routes of a snippet resource."""
    return [
        path(f"{name}s/", viewset.as_view({"get": "list"}), name=f"{name}-list"),
        path(f"{name}s/<int:pk>/", viewset.as_view({"get": "retrieve"}), name=f"{name}-detail"),
    ]


urlpatterns = [
    path("treatments/", treatments.as_view({"get": "list"}), name="treatment-list"),
    path("treatments/find/", treatments.as_view({"get": "find"}), name="treatment-by-path"),
    path("treatments/by-slug/<slug:slug>/", treatments.as_view({"get": "by_slug"}), name="treatment-by-slug"),
    path("treatments/<int:pk>/", treatments.as_view({"get": "retrieve"}), name="treatment-detail"),
    path(
        "treatments/<slug:slug>/",
        views.OldSlugTreatmentViewSet.as_view({"get": "by_slug"}),
        name="treatment-by-old-slug",
    ),
    *resource(views.ConditionViewSet, "condition"),
    *resource(views.ProductViewSet, "product"),
    *resource(views.ClinicianViewSet, "clinician"),
    path("sync/", sync.SyncView.as_view(), name="sync"),
    path("preview/", preview.PreviewView.as_view(), name="preview"),
    path("preview/token/<int:pk>/", preview.PreviewTokenView.as_view(), name="preview-token"),
]

# Anything else under the prefix answers with the API's JSON 404, never the site's HTML page.
fallback_patterns = [re_path(r"^.*$", not_found_json)]
