"""Routes of the cases API, included by the site under /api/v1/."""

from rest_framework.routers import SimpleRouter

from .views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = router.urls
