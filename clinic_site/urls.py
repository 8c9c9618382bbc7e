"""URL map of the reference site: admin, API, media, sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from clinic_site import api
from clinic_site.theme import theme_stylesheet
from treatments import views as treatment_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(api.urlpatterns)),
]

if settings.DEBUG:
    from galleries.urls import public_media_urlpatterns

    urlpatterns += public_media_urlpatterns()  # renditions only: originals are never served

# ---------------------------------------------------------------- search engines and site search
urlpatterns += [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", treatment_views.robots_txt, name="robots_txt"),
    path("search/", treatment_views.search, name="search"),
]

# The clinic's branding as a stylesheet of this site: the CSP allows no inline style on public pages.
urlpatterns += [path("theme.css", theme_stylesheet, name="clinic_theme_css")]

urlpatterns += [
    path("", include("galleries.urls")),  # consent-checked case photos
    path("", include(wagtail_urls)),
]
