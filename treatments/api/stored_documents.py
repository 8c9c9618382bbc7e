"""The stored API detail documents and what each shows (documents.py builds, outdates and serves them)."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models

from ..conf import treatments_settings

SOURCES = ("adapters", "api", "blocks")  # packages of treatments whose code shapes the JSON


@cache
def code_format():
    """A fingerprint of the code and settings that shape the JSON: a deploy that changes either outdates every
    stored document without anyone remembering to bump a number."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    paths = [path for package in SOURCES for path in sorted((root / package).glob("*.py"))]
    for path in [*paths, root / "shortcodes.py", root / "richtext_safety.py"]:
        if path.is_file():  # an install without sources relies on `build_api_documents --all` after a deploy
            digest.update(path.read_bytes())
    site_blocks = treatments_settings.EXTRA_BODY_BLOCKS  # a site's own body blocks
    digest.update(repr((treatments_settings.API_IMAGE_WIDTHS, settings.MEDIA_URL, site_blocks)).encode())
    return digest.hexdigest()[:16]


class TreatmentApiDocument(models.Model):
    """The detail JSON of one live treatment as served to one site, with placeholders for per-request parts."""

    page = models.ForeignKey("treatments.TreatmentPage", on_delete=models.CASCADE, related_name="api_documents")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    revision_id = models.PositiveBigIntegerField(null=True)
    code_format = models.CharField(max_length=16, blank=True)
    body = models.TextField(blank=True)
    origin = models.CharField(max_length=64, blank=True, help_text="Placeholder for the request's scheme and host.")
    slots = models.JSONField(default=list, blank=True)
    stale = models.BooleanField(default=True)
    generation = models.PositiveBigIntegerField(default=0, help_text="Bumped by every change that outdates it.")
    built_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "site"], name="one_api_document_per_page_and_site")]
        verbose_name = "API document"

    def __str__(self):
        return f"API document of treatment {self.page_id} for site {self.site_id}"

    def current_for(self, page):
        return (
            not self.stale
            and self.revision_id == page.live_revision_id
            and self.code_format == code_format()
            and bool(self.body)
        )


class TreatmentApiDependency(models.Model):
    """One thing a stored document shows, e.g. `image:12`, `shop_id:9833`, `page:40`."""

    document = models.ForeignKey(TreatmentApiDocument, on_delete=models.CASCADE, related_name="dependencies")
    key = models.CharField(max_length=80, db_index=True)

    class Meta:
        verbose_name = "API document dependency"

    def __str__(self):
        return f"{self.document} shows {self.key}"
