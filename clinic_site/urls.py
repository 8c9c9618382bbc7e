"""URL map of the reference site: admin, API, media, sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
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
class PagedSitemap(Sitemap):
    """Wagtail's sitemap of live, public pages, in pages of `SITEMAP_URLS_PER_PAGE` addresses (5,000 unless set):
    no document lists a whole large site, and each costs the same few queries."""

    @property
    def limit(self):
        return getattr(settings, "SITEMAP_URLS_PER_PAGE", 5000)

    def get_latest_lastmod(self):
        # Django's default reads every page to find the latest date; one aggregate gives the same answer.
        from django.db.models import Max
        from django.db.models.functions import Coalesce

        dates = self.items().aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))
        return dates["latest"]


SITEMAPS = {"pages": PagedSitemap}


def sitemap(request, section=None):
    """/sitemap.xml is the whole sitemap while it fits in one document, else an index of its pages at
    /sitemap-pages.xml?p=N. Both routes share the name `sitemap`, so caches key them as the listings they are."""
    if section is not None:
        return sitemap_views.sitemap(request, SITEMAPS, section=section)
    if PagedSitemap(request).paginator.num_pages > 1:
        return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap")
    return sitemap_views.sitemap(request, SITEMAPS)


urlpatterns += [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap, name="sitemap"),
    path("robots.txt", treatment_views.robots_txt, name="robots_txt"),
    path("search/", treatment_views.search, name="search"),
]

# The clinic's branding as a stylesheet of this site: the CSP allows no inline style on public pages.
urlpatterns += [path("theme.css", theme_stylesheet, name="clinic_theme_css")]

urlpatterns += [
    path("", include("galleries.urls")),  # consent-checked case photos
    path("", include(wagtail_urls)),
]
