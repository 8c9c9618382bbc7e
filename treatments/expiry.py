"""Page expiry on time: a page is not live anywhere from the moment its `expire_at` passes, whether or not
Wagtail's `publish_scheduled` command has run yet to unpublish it.

One notion of "live" for every route. Wagtail's own `PageQuerySet.live()` is what the site, the API, search, the
sitemap, menus, related links and the gallery filter all ask, so that is where expiry is added (install(), at
start-up): live means `live=True` and no `expire_at` that has passed. The moment is read when the query is
compiled, not when the queryset is built, so a queryset made at import time (a form's choices) still expires on
time. Serving a page by its URL goes through Wagtail's router, which checks the `live` flag of one object, so
`refuse_expired_page` (a `before_serve_page` hook) answers 404 for an expired page; `is_live()` is the same rule
for a page already loaded.

Cached copies cannot outlive an expiry either: `horizon()` says when the next live page expires and when the
last one did, per content version, so API responses are stored and cached by clients no longer than until the
next expiry, and nothing built before the last one is served (treatments/api/caching.py, documents.py). The sync
feed gets a removal entry for each page that expired unnoticed (`record_expiries`).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import models
from django.db.models import Max, Min, Q
from django.http import Http404
from django.utils import timezone

from . import content_versions


class CurrentTime(models.Expression):
    """`timezone.now()` at the moment the SQL is compiled: a queryset built earlier still compares with now.
    (The database's own clock would do too, but tests move Python's clock with time-machine.)"""

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        return "%s", [self.output_field.get_db_prep_value(timezone.now(), connection)]


def not_expired_q(prefix=""):
    """Q for rows whose page has no expiry date or one still ahead; `prefix` reaches a page through a relation."""
    return Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": CurrentTime()})


def live_q(self=None):
    """Wagtail's `PageQuerySet.live_q`, with expiry: published, and not past its expiry date."""
    return Q(live=True) & not_expired_q()


def is_expired(page, now=None):
    return bool(page.expire_at and page.expire_at <= (now or timezone.now()))


def is_live(page):
    """The same rule for a page already loaded: the `live` flag, and not expired."""
    return bool(page.live) and not is_expired(page)


def refuse_expired_page(page, request, serve_args, serve_kwargs):
    """Wagtail hook `before_serve_page`: an expired page is a 404, like an unpublished one."""
    if is_expired(page):
        raise Http404("This page has expired.")


# ---------------------------------------------------------------- cached copies
@dataclass(frozen=True)
class Horizon:
    """When visibility next changes by the clock alone (`next_expiry`), and when it last did (`last_expiry`), among
    pages still flagged live. Either is None when there is no such page."""

    next_expiry: datetime | None
    last_expiry: datetime | None

    def seconds_left(self, now=None):
        """Whole seconds a copy made now may be kept; None when no expiry is ahead."""
        if self.next_expiry is None:
            return None
        return max(int((self.next_expiry - (now or timezone.now())).total_seconds()), 0)


HORIZON_KEY = "treatments:expiry_horizon"
PAGES_VERSION_KEY = "treatments_api:content_version"  # bumped by every publish, unpublish, move and delete
HORIZON_CACHE_SECONDS = 24 * 60 * 60


def horizon():
    """The Horizon for now. Cached per content version (publishing bumps it) until its next expiry passes, so a
    request usually reads it from the cache instead of the database."""
    from wagtail.models import Page

    version = content_versions.current(PAGES_VERSION_KEY)
    now = timezone.now()
    key = f"{HORIZON_KEY}:{version}"
    cached = cache.get(key)
    if cached is not None and (cached.next_expiry is None or cached.next_expiry > now):
        return cached
    found = Page.objects.filter(live=True, expire_at__isnull=False).aggregate(
        next_expiry=Min("expire_at", filter=Q(expire_at__gt=now)),
        last_expiry=Max("expire_at", filter=Q(expire_at__lte=now)),
    )
    result = Horizon(**found)
    cache.set(key, result, timeout=HORIZON_CACHE_SECONDS)  # a later version or a passed expiry reads it again
    return result


def outdated_by_expiry(built_at):
    """True when something built at `built_at` may show a page that has expired since."""
    last = horizon().last_expiry
    return last is not None and (built_at is None or built_at < last)


def record_expiries():
    """Writes a removal entry in the API's sync feed for each treatment that expired with nobody unpublishing it,
    once, dated at its expiry: an app syncing from before that moment is told to delete it."""
    from .models import TreatmentChange, TreatmentPage

    now = timezone.now()
    expired = list(
        TreatmentPage.objects.filter(live=True, expire_at__lte=now).values_list("pk", "expire_at").order_by("pk")
    )
    if not expired:
        return 0
    last_removal = dict(
        TreatmentChange.objects.filter(action=TreatmentChange.DELETE, page_id__in=[pk for pk, _moment in expired])
        .values("page_id")
        .annotate(latest=Max("changed_at"))
        .values_list("page_id", "latest")
    )
    missing = [
        TreatmentChange(page_id=pk, action=TreatmentChange.DELETE, changed_at=moment)
        for pk, moment in expired
        if last_removal.get(pk) is None or last_removal[pk] < moment
    ]
    TreatmentChange.objects.bulk_create(missing)
    return len(missing)


def install():
    """Makes Wagtail's notion of "live" the expiry-aware one, and lets every page type be searched with it."""
    from django.apps import apps
    from wagtail.models import Page
    from wagtail.query import PageQuerySet
    from wagtail.search import index

    PageQuerySet.live_q = live_q
    # Search backends refuse a filter on a field that is not a FilterField of the searched model.
    for model in apps.get_models():
        if issubclass(model, Page) and not any(
            isinstance(field, index.FilterField) and field.field_name == "expire_at" for field in model.search_fields
        ):
            model.search_fields = [*model.search_fields, index.FilterField("expire_at")]
