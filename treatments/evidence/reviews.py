"""Reviews that come due: each treatment's review interval, its next review date, and which pages are past due."""

import calendar
import datetime

from django.db.models import Q
from django.utils import timezone

from .models import DEFAULT_REVIEW_INTERVAL_MONTHS, EvidenceSettings


def add_months(day, months):
    """`day` plus whole months, on the same day of the month or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_interval(site):
    """The site's default review interval in months; 12 when the site has no setting yet."""
    if site is None:
        return DEFAULT_REVIEW_INTERVAL_MONTHS
    setting = EvidenceSettings.objects.filter(site=site).only("default_review_interval_months").first()
    return setting.default_review_interval_months if setting else DEFAULT_REVIEW_INTERVAL_MONTHS


def next_review_due(page, site_default=None):
    """When `page` next comes due: its last review plus its own interval, or the site's. None if never reviewed."""
    if not page.last_reviewed:
        return None
    # Code and fixtures may set the date as an ISO string before the model has cleaned it.
    last_reviewed = type(page)._meta.get_field("last_reviewed").to_python(page.last_reviewed)
    months = page.review_interval_months
    if not months:
        months = site_default if site_default is not None else default_interval(_site_of(page))
    return add_months(last_reviewed, months)


def _site_of(page):
    try:
        return page.get_site() if page.path else None
    except Exception:  # a page being built outside the tree (tests, imports) has no site yet
        return None


def is_past_due(page, today=None):
    due = getattr(page, "next_review_due", None)
    return due is not None and due < (today or timezone.localdate())


def past_due_filter(today=None):
    """Pages whose review is past due, or that were never reviewed."""
    today = today or timezone.localdate()
    return Q(next_review_due__lt=today) | Q(last_reviewed__isnull=True)


def due_soon_filter(days=30, today=None):
    today = today or timezone.localdate()
    return Q(next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(days=days))


def reviews_due(user=None):
    """Live treatments past due or never reviewed, most overdue first (never reviewed before all)."""
    from django.db.models import F

    from ..models import TreatmentPage

    pages = TreatmentPage.objects.live().filter(past_due_filter())
    return pages.order_by(F("next_review_due").asc(nulls_first=True), "title")


def recompute_for_site(site):
    """After the site's default interval changed: every treatment of the site gets its due date again."""
    from ..models import TreatmentPage

    default = default_interval(site)
    pages = list(
        TreatmentPage.objects.descendant_of(site.root_page, inclusive=True).filter(last_reviewed__isnull=False)
    )
    changed = []
    for page in pages:
        due = next_review_due(page, site_default=default)
        if due != page.next_review_due:
            page.next_review_due = due
            changed.append(page)
    TreatmentPage.objects.bulk_update(changed, ["next_review_due"])
    return len(changed)
