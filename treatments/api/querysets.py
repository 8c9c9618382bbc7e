"""The treatments the API may show, loaded as each use needs them."""

from ..models import TreatmentPage


def public_treatments():
    """What the API may ever show: live treatments that no privacy setting hides."""
    return TreatmentPage.objects.live().public()


def lookup_queryset():
    """Enough of a page to find it and check its stored document; the body is only read to rebuild one."""
    return public_treatments().defer("body")


def detail_queryset():
    """A page with everything its detail JSON shows, for building it."""
    return (
        public_treatments()
        .select_related("hero_image", "author", "reviewed_by")
        .prefetch_related("conditions", "related_treatments")
    )
