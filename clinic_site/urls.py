"""URL map of the reference site: admin, API, media, sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from clinic_site import api

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(api.urlpatterns)),
]

if settings.DEBUG:
    from galleries.urls import public_media_urlpatterns

    urlpatterns += public_media_urlpatterns()  # renditions only: originals are never served

urlpatterns += [
    path("", include("galleries.urls")),  # consent-checked case photos
    path("", include(wagtail_urls)),
]
