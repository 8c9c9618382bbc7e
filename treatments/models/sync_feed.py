"""The API's sync feed: what changed among treatment pages, in order, for apps that keep an offline copy."""

from django.db import models
from django.utils import timezone


class TreatmentChange(models.Model):
    """One entry of the API's sync feed: a treatment was published (upsert) or unpublished, deleted or made
    private (delete, served as a tombstone). Not a foreign key, because tombstones outlive their pages."""

    UPSERT = "upsert"
    DELETE = "delete"
    ACTIONS = [(UPSERT, "Created or changed"), (DELETE, "Removed")]

    page_id = models.PositiveBigIntegerField(db_index=True)
    action = models.CharField(max_length=10, choices=ACTIONS)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "API sync change"

    def __str__(self):
        return f"{self.action} treatment {self.page_id} at {self.changed_at:%Y-%m-%d %H:%M}"
