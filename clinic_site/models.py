"""The reference site's own models: its image model (photo privacy) and its home page."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.images.models import AbstractImage, AbstractRendition, Image, get_upload_to
from wagtail.models import Page
from wagtail.search import index

from galleries.photo_privacy import PrivacyImageField, PrivacyImageMixin, PrivacyRenditionMixin
from galleries.storage import media_storage


class ClinicImage(PrivacyImageMixin, AbstractImage):
    """Every image uploaded to the site. Clinic photos are patient data, so privacy rules apply to all."""

    # Originals are stored outside public media (galleries.storage): no page or app is ever given one.
    # PrivacyImageField strips every file before it is stored (galleries.photo_privacy).
    file = PrivacyImageField(
        verbose_name="file", upload_to=get_upload_to, width_field="width", height_field="height", storage=media_storage
    )
    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]


class ClinicRendition(PrivacyRenditionMixin, AbstractRendition):
    image = models.ForeignKey(ClinicImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    """The clinic's front page: a welcome and the latest treatments."""

    intro = models.TextField(blank=True, max_length=600, help_text="A welcome of one or two sentences.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "home_page.html"
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from treatments.models import TreatmentPage
        from treatments.rendering import with_card_renditions

        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = with_card_renditions(
            TreatmentPage.objects.live().public().descendant_of(self).select_related("hero_image").order_by("title")
        )
        return context
