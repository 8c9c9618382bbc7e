"""The change log's tables: one row per resource whose output changed, and the one row summing the log up."""

from django.db import models
from django.utils import timezone


class ContentChange(models.Model):
    """A resource (a treatment, case, product, clinician or condition) whose JSON or page changed, in commit order.

    A change that alters several resources writes one row for each, so an app syncing from a cursor reads rows,
    never re-derives dependencies. `resource_type` is empty for a change no app copy holds (a page outside the
    API, a rendition nothing shows) and `*` when everything may have changed (a site's host or root): both still
    move the log's head, so every cache keyed by it goes stale. Not a foreign key: rows outlive what they name."""

    EVERYTHING = "*"
    NOTHING_SYNCED = ""

    resource_type = models.CharField(max_length=20, blank=True)
    resource_id = models.PositiveBigIntegerField(null=True, blank=True)
    cause = models.CharField(max_length=40, help_text="What happened, e.g. page.published or consent.withdrawn.")
    changed_at = models.DateTimeField(default=timezone.now, db_index=True, help_text="When it took effect.")

    class Meta:
        ordering = ["pk"]
        verbose_name = "content change"

    def __str__(self):
        what = self.resource_type or "nothing synced"
        return f"{self.cause}: {what} {self.resource_id or ''} at {self.changed_at:%Y-%m-%d %H:%M}".strip()


class ChangeLogHead(models.Model):
    """The log's summary, one row: what every request reads to know whether anything changed (one indexed read).

    Every writer locks it before adding rows, so rows get their ids in commit order and a sync cursor never skips
    a row committed late. It also says when the clock alone next changes what is shown (a page's expiry, a
    consent's start or end), so that change is written when it takes effect, with nobody acting."""

    last_entry = models.BigIntegerField(default=0)
    last_changed_at = models.DateTimeField(null=True, blank=True)
    oldest_kept = models.BigIntegerField(default=0, help_text="Rows up to this id were pruned past retention.")
    pruned_at = models.DateTimeField(null=True, blank=True)
    due_checked_until = models.DateTimeField(null=True, blank=True, help_text="Clock changes up to here are logged.")
    next_due = models.DateTimeField(null=True, blank=True, help_text="When the clock next changes what is shown.")
    next_due_known = models.BooleanField(default=False)

    class Meta:
        verbose_name = "change log head"

    def __str__(self):
        return f"change log at {self.last_entry}"
