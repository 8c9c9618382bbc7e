"""Changes the clock makes with nobody acting: a page's expiry, a consent's first or last day.

Each source says when it next changes what is shown (`next_after(now)`) and which changes fell in a span of
time (`changes_between(since, until)`, as `Change`s dated when they took effect). The log asks them when it
writes (to know its next due moment) and when that moment has passed (to write what it brought). The treatments
app registers page expiry; galleries registers consent dates (galleries/changes.py).
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone

_sources = []


@dataclass
class Change:
    """What a record() call is given: a cause, the resources named directly, dependency keys, and when."""

    cause: str
    resources: dict = field(default_factory=dict)
    keys: set = field(default_factory=set)
    at: datetime | None = None


def register(source):
    _sources.append(source)
    return source


def next_due(now):
    moments = [moment for source in _sources if (moment := source.next_after(now)) is not None]
    return min(moments, default=None)


def changes_between(since, until):
    return [change for source in _sources for change in source.changes_between(since, until)]


def start_of(day):
    """Local midnight at the start of `day`: when a date-bound consent takes effect."""
    return timezone.make_aware(datetime.combine(day, time.min))


class PageExpiry:
    """A live page stops being live when its `expire_at` passes, before `publish_scheduled` unpublishes it."""

    @staticmethod
    def next_after(now):
        from django.db.models import Min
        from wagtail.models import Page

        return Page.objects.filter(live=True, expire_at__gt=now).aggregate(next=Min("expire_at"))["next"]

    @staticmethod
    def changes_between(since, until):
        from wagtail.models import Page

        from ..models import TreatmentPage

        pages = Page.objects.filter(live=True, expire_at__lte=until)
        if since is not None:
            pages = pages.filter(expire_at__gt=since)
        expired = list(pages.values_list("pk", "expire_at"))
        treatments = set(TreatmentPage.objects.filter(pk__in=[pk for pk, _at in expired]).values_list("pk", flat=True))
        return [
            Change(
                "page.expired",
                resources={"treatment": {pk}} if pk in treatments else {},
                keys={f"page:{pk}"},
                at=moment,
            )
            for pk, moment in expired
        ]


register(PageExpiry)
