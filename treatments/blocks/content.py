"""Prose blocks: rich text (with product shortcodes), callouts and captioned images."""

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from ..image_privacy import PRIVATE_IMAGE_MESSAGE, is_private
from .api import ApiBlockMixin
from .samples import preview_from_sample

# Rich text features editors get in article prose; kept small so the API's structured form stays simple.
ARTICLE_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "citation"]


class ShortcodeRichTextBlock(ApiBlockMixin, blocks.RichTextBlock):
    """Rich text whose legacy `[show_products product="…"]` shortcodes expand into product cards."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ARTICLE_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "treatments/blocks/rich_text.html"
        description = 'Paragraphs, headings, lists and links. Type [show_products product="9833"] to embed a product.'

    def sample_value(self):
        return (
            "<h2>What to expect on the day</h2>"
            "<p>The appointment takes about <b>45 minutes</b>, most of it while the numbing cream works.</p>"
        )

    get_preview_value = preview_from_sample


class CaptionedImageBlock(ApiBlockMixin, blocks.StructBlock):
    """An image with alt text and an optional caption and credit."""

    image = ImageBlock(help_text="Describe the image in the alt text unless it is purely decorative.")
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Shown under the image.")
    credit = blocks.CharBlock(required=False, max_length=120, help_text="Photographer or source, if required.")

    class Meta:
        icon = "image"
        template = "treatments/blocks/image.html"
        description = "An image with alt text, a caption and a credit"
        label = "Image"

    def sample_value(self):
        # The newest image that may be shown publicly; case photos are patient data and never sampled.
        from wagtail.images import get_image_model

        images = get_image_model().objects.order_by("-created_at")[:20]
        image = next((image for image in images if not is_private(image)), None)
        return {
            "image": {"image": image.pk if image else None, "alt_text": "Our treatment room", "decorative": False},
            "caption": "The room where most skin treatments take place.",
            "credit": "Clinic photo",
        }

    get_preview_value = preview_from_sample

    def get_preview_context(self, value, parent_context=None):
        # With no image uploaded yet, the chooser still shows where the image and its caption go.
        return {**super().get_preview_context(value, parent_context), "image_preview": True}

    def clean(self, value):
        value = super().clean(value)
        if is_private(value.get("image")):
            raise blocks.StructBlockValidationError(block_errors={"image": ValidationError(PRIVATE_IMAGE_MESSAGE)})
        return value


class CalloutBlock(ApiBlockMixin, blocks.StructBlock):
    """A highlighted box: a note, a caution or a warning the reader should not miss."""

    TONES = [("note", "Note"), ("caution", "Caution"), ("warning", "Warning")]

    tone = blocks.ChoiceBlock(choices=TONES, default="note", help_text="Warnings are for safety information.")
    title = blocks.CharBlock(required=False, max_length=120)
    body = ShortcodeRichTextBlock(features=["bold", "italic", "link", "ul", "ol", "citation"])

    class Meta:
        icon = "warning"
        template = "treatments/blocks/callout.html"
        description = "A highlighted note, caution or warning"

    def sample_value(self):
        return {
            "tone": "caution",
            "title": "If you take blood thinners",
            "body": "<p>Tell your clinician before the appointment: bruising is more likely.</p>",
        }

    get_preview_value = preview_from_sample

    def clean(self, value):
        value = super().clean(value)
        # Empty paragraphs ("<p></p>", "<p>&nbsp;</p>") are what an emptied editor or an import leaves behind.
        if not strip_tags(value["body"].source).replace("&nbsp;", "").strip():
            raise ValidationError("A callout needs some text in its body.")
        return value
