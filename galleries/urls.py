"""Public URLs of the galleries app: consent-checked case photos, staff-only private image files, and the dev-only
public media route."""

from pathlib import Path

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from . import views

app_name = "galleries"

urlpatterns = [
    path(
        "case-photos/<str:channel>/<int:pair_id>/<str:side>-<str:size>.<str:fmt>",
        views.case_photo,
        name="case_photo",
    ),
    # Originals and case-photo renditions (galleries.storage): only to staff who may see the image.
    path("private-images/<path:name>", views.private_image, name="private_image"),
]


def public_media_urlpatterns():
    """Local media for development: renditions under images/ only; originals are never reachable."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [
        re_path(
            rf"^{prefix}images/(?P<path>[0-9a-f]{{32}}\.[a-z]{{3,4}})$",
            serve,
            {"document_root": str(Path(settings.MEDIA_ROOT) / "images")},
        )
    ]
