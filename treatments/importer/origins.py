"""The record of where an imported page came from, so importing the same source again updates the same page."""

from django.db import models


class ImportedArticle(models.Model):
    """One source article (a WordPress GUID or a file path) and the treatment page made from it."""

    source_key = models.CharField(
        max_length=500, unique=True, help_text='"wp:<site>:<post id>" for WordPress exports, "file:<path>" for files.'
    )
    source_name = models.CharField(max_length=255, blank=True, help_text="The file it was last imported from.")
    source_url = models.CharField(
        max_length=500, blank=True, db_index=True, help_text="The article's old address (path only), for links."
    )
    source_slug = models.SlugField(max_length=255, blank=True, allow_unicode=True)
    source_fingerprint = models.CharField(
        max_length=64, blank=True, help_text="A hash of the source as last imported: unchanged sources are skipped."
    )
    page = models.ForeignKey("treatments.TreatmentPage", on_delete=models.CASCADE, related_name="import_records")
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "treatments"
        verbose_name = "imported article"

    def __str__(self):
        return f"{self.source_key} \u2192 page {self.page_id}"
