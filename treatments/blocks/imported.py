"""Blocks WordPress articles are made of that the hand-written ones were not: quotes, code, embeds, galleries,
rich tables (merged and header cells) and a booking call to action standing in for a contact form."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks

from .api import ApiBlockMixin
from .content import CaptionedImageBlock

CELL_FEATURES = ["bold", "italic", "link"]


class QuoteBlock(ApiBlockMixin, blocks.StructBlock):
    """A quotation set apart from the prose, with who said it."""

    quote = blocks.RichTextBlock(features=["bold", "italic", "link"])
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said or wrote it, and where.")

    class Meta:
        icon = "openquote"
        template = "treatments/blocks/quote.html"
        description = "A quotation with its source"
        preview_value = {
            "quote": "<p>Most patients see a change after the second session.</p>",
            "attribution": "Dr Lee",
        }


class CodeBlock(ApiBlockMixin, blocks.StructBlock):
    """Preformatted text shown exactly as written, e.g. a dosing schedule or a snippet."""

    language = blocks.CharBlock(required=False, max_length=40, help_text="e.g. text, html, python.")
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "treatments/blocks/code.html"
        description = "Preformatted text, shown exactly as written"
        preview_value = {"language": "text", "code": "Week 1: 5 mg\nWeek 2: 10 mg"}


class EmbedValue(blocks.StructValue):
    @cached_property
    def embed_html(self):
        """The provider's player when one was found and stored before; never fetched while a page renders."""
        from wagtail.embeds.models import Embed

        found = Embed.objects.filter(url=self.get("url")).values_list("html", flat=True).first()
        return found or ""


class EmbedBlock(ApiBlockMixin, blocks.StructBlock):
    """A video, audio or post from another site, stored as its address. Shown as a link unless Wagtail's embeds
    already hold the provider's player for it (nothing is fetched while a visitor waits)."""

    url = blocks.URLBlock(help_text="The address of the video or post, e.g. a YouTube link.")
    title = blocks.CharBlock(required=False, max_length=200, help_text="Shown as the link text.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "treatments/blocks/embed.html"
        description = "A video or post from another site"
        value_class = EmbedValue
        preview_value = {"url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ", "title": "How a peel is done"}


class ImageGalleryBlock(ApiBlockMixin, blocks.StructBlock):
    """Several images shown together, each with its alt text and caption."""

    caption = blocks.CharBlock(required=False, max_length=250)
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=1)

    class Meta:
        icon = "image"
        template = "treatments/blocks/image_gallery.html"
        description = "Several images shown together"
        label = "Image gallery"
        preview_value = {"caption": "Results after three sessions."}

    def get_preview_value(self):
        # The same publicly shown image the image block previews with; never a case photo.
        item = self.child_blocks["images"].child_block.get_preview_value()
        return self.normalize({**self.meta.preview_value, "images": [item]})


class BookingCallToActionBlock(ApiBlockMixin, blocks.StructBlock):
    """An invitation to book, where the old site had a contact or booking form."""

    heading = blocks.CharBlock(max_length=120, default="Book a consultation")
    text = blocks.TextBlock(required=False, max_length=300)
    button_label = blocks.CharBlock(max_length=60, default="Book now")
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="Where the button leads, e.g. /book/ or https://… Left empty, the site's booking page.",
    )

    class Meta:
        icon = "date"
        template = "treatments/blocks/booking_cta.html"
        description = "A call to action leading to the booking page"
        label = "Booking call to action"
        preview_value = {"heading": "Book a consultation", "text": "Talk it through with a clinician first."}

    def clean(self, value):
        value = super().clean(value)
        url = (value.get("url") or "").strip()
        if url and not url.startswith(("/", "https://", "http://")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Use a path starting with / or an http(s) address.")}
            )
        return value


class RichTableCellBlock(ApiBlockMixin, blocks.StructBlock):
    """One cell: its text (links and emphasis kept), whether it heads its row or column, and what it spans."""

    text = blocks.RichTextBlock(features=CELL_FEATURES, required=False)
    header = blocks.BooleanBlock(required=False, help_text="A heading cell (<th>).")
    colspan = blocks.IntegerBlock(default=1, min_value=1, max_value=20)
    rowspan = blocks.IntegerBlock(default=1, min_value=1, max_value=50)

    class Meta:
        icon = "doc-full"
        label = "Cell"


class RichTableRowBlock(ApiBlockMixin, blocks.StructBlock):
    cells = blocks.ListBlock(RichTableCellBlock(), min_num=1)
    header = blocks.BooleanBlock(required=False, help_text="A header row (there may be several).")

    class Meta:
        icon = "list-ul"
        label = "Row"


class RichTableBlock(ApiBlockMixin, blocks.StructBlock):
    """A table a comparison table cannot hold: merged cells, several header rows, links or emphasis in cells."""

    caption = blocks.CharBlock(required=False, max_length=200, help_text="Says what the table shows.")
    rows = blocks.ListBlock(RichTableRowBlock(), min_num=1)

    class Meta:
        icon = "table"
        template = "treatments/blocks/rich_table.html"
        description = "A table with merged cells, several header rows or links in cells"
        label = "Rich table"
        preview_value = {
            "caption": "Prices",
            "rows": [
                {"header": True, "cells": [{"text": "<p>Area</p>", "header": True}, {"text": "<p>Price</p>"}]},
                {"cells": [{"text": "<p>Forehead</p>"}, {"text": "<p><b>£150</b></p>"}]},
            ],
        }
