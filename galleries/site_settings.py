"""Per-site gallery settings: an optional watermark on public case photos."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="image")
class GallerySettings(BaseSiteSetting):
    """Editable under Settings > Gallery."""

    watermark_enabled = models.BooleanField(
        "watermark case photos", default=False, help_text="Adds the text below to every public before/after photo."
    )
    watermark_text = models.CharField(max_length=60, blank=True, help_text="e.g. © Example Skin Clinic")

    panels = [FieldPanel("watermark_enabled"), FieldPanel("watermark_text")]

    class Meta:
        verbose_name = "gallery"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Watermarked renditions embed the old text: drop them so they are drawn again.
        from wagtail.images import get_image_model

        from .changes import record_every_case

        rendition_model = get_image_model().get_rendition_model()
        for rendition in rendition_model.objects.filter(filter_spec__contains="watermark"):
            rendition.file.delete(save=False)
            rendition.purge_from_cache()
            rendition.delete()
        record_every_case("gallery.watermark_changed")

    @property
    def active_watermark(self):
        return self.watermark_text.strip() if self.watermark_enabled else ""


def settings_for_site(site=None):
    """The site's settings, or the defaults (no watermark) where nobody has saved any. Read-only on purpose:
    Wagtail's `for_site` inserts a row on first use, and photo requests arrive in parallel, so they would race
    to insert it; a public GET should not write at all."""
    from wagtail.models import Site

    site = site or Site.objects.filter(is_default_site=True).first()
    saved = GallerySettings.objects.filter(site=site).first() if site else None
    return saved or GallerySettings(site=site)


def watermark_text():
    """The default site's watermark, used when a rendition is drawn (no request at that point)."""
    return settings_for_site().active_watermark
