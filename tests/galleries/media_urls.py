"""URLconf for tests: the site's development media route, which DEBUG=False test settings leave out."""

from galleries.urls import public_media_urlpatterns

urlpatterns = public_media_urlpatterns()
