"""URLs of the treatments API; a site mounts them with `path("api/v1/", include("treatments.api.urls"))`."""

from django.urls import path, re_path

from . import preview, sync, views
from .errors import not_found_json

app_name = "treatments_api"

urlpatterns = [
    path("treatments/", views.TreatmentListView.as_view(), name="treatment-list"),
    path("treatments/find/", views.TreatmentByPathView.as_view(), name="treatment-by-path"),
    path("treatments/<int:pk>/", views.TreatmentDetailView.as_view(), name="treatment-detail"),
    path("treatments/<slug:slug>/", views.TreatmentBySlugView.as_view(), name="treatment-by-slug"),
    path("conditions/", views.ConditionListView.as_view(), name="condition-list"),
    path("conditions/<int:pk>/", views.ConditionDetailView.as_view(), name="condition-detail"),
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("products/<int:pk>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("clinicians/", views.ClinicianListView.as_view(), name="clinician-list"),
    path("clinicians/<int:pk>/", views.ClinicianDetailView.as_view(), name="clinician-detail"),
    path("sync/", sync.SyncView.as_view(), name="sync"),
    path("preview/", preview.PreviewView.as_view(), name="preview"),
    path("preview/token/<int:pk>/", preview.PreviewTokenView.as_view(), name="preview-token"),
]

# Anything else under the prefix answers with the API's JSON 404, never the site's HTML page.
fallback_patterns = [re_path(r"^.*$", not_found_json)]
