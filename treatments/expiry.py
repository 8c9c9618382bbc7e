"""Page expiry on time: a page is not live anywhere from the moment its `expire_at` passes, whether or not
Wagtail's `publish_scheduled` command has run yet to unpublish it.

One notion of "live" for every route. Wagtail's own `PageQuerySet.live()` is what the site, the API, search, the
sitemap, menus, related links and the gallery filter all ask, so that is where expiry is added (install(), at
start-up): live means `live=True` and no `expire_at` that has passed. The moment is read when the query is
compiled, not when the queryset is built, so a queryset made at import time (a form's choices) still expires on
time. Serving a page by its URL goes through Wagtail's router, which checks the `live` flag of one object, so
`refuse_expired_page` (a `before_serve_page` hook) answers 404 for an expired page; `is_live()` is the same rule
for a page already loaded.

Cached copies cannot outlive an expiry either: the change log writes each expiry when it takes effect
(treatments/change_log/due.py), which makes every cached copy stale, outdates the stored documents linking to the
page and tells syncing apps to drop it; clients are told to keep a copy no longer than until the next one.
"""

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone


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
