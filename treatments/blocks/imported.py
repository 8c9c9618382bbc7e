"""Blocks WordPress articles are made of that the hand-written ones were not: quotes, code, embeds, galleries,
rich tables (merged and header cells) and a booking call to action standing in for a contact form."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks

from .api import ApiBlockMixin
from .content import CaptionedImageBlock
from .samples import preview_from_sample, sample

CELL_FEATURES = ["bold", "italic", "link"]


class QuoteBlock(ApiBlockMixin, blocks.StructBlock):
    """A quotation set apart from the prose, with who said it."""

    quote = blocks.RichTextBlock(features=["bold", "italic", "link"])
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said or wrote it, and where.")

    class Meta:
        icon = "openquote"
        template = "treatments/blocks/quote.html"
        description = "A quotation with its source"

    def sample_value(self):
        return {
            "quote": "<p>I stopped hiding my skin under make-up by the end of the course.</p>",
            "attribution": "A patient, after three peels",
        }

    get_preview_value = preview_from_sample


class CodeBlock(ApiBlockMixin, blocks.StructBlock):
    """Preformatted text shown exactly as written, e.g. a dosing schedule or a snippet."""

    language = blocks.CharBlock(required=False, max_length=40, help_text="e.g. text, html, python.")
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "treatments/blocks/code.html"
        description = "Preformatted text, shown exactly as written"

    def sample_value(self):
        return {"language": "text", "code": "Night 1 to 7: every third night\nNight 8 on: every second night"}

    get_preview_value = preview_from_sample


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

    def sample_value(self):
        return {
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "A skin peel, step by step",
            "caption": "About four minutes.",
        }

    get_preview_value = preview_from_sample


class ImageGalleryBlock(ApiBlockMixin, blocks.StructBlock):
    """Several images shown together, each with its alt text and caption."""

    caption = blocks.CharBlock(required=False, max_length=250)
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=1)

    class Meta:
        icon = "image"
        template = "treatments/blocks/image_gallery.html"
        description = "Several images shown together"
        label = "Image gallery"

    def sample_value(self):
        # The image block's sample: a publicly shown image, never a case photo.
        return {"caption": "Inside the clinic.", "images": [sample(self.child_blocks["images"].child_block)]}

    get_preview_value = preview_from_sample


class BookingCallToActionBlock(ApiBlockMixin, blocks.StructBlock):
    """An invitation to book, where the old site had a contact or booking form."""

    heading = blocks.CharBlock(max_length=120, default="Book a consultation")
    text = blocks.TextBlock(required=False, max_length=300)
    button_label = blocks.CharBlock(max_length=60, default="Book now")
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="Where the button leads, e.g. /contact/ or https://… Left empty, the block shows no button.",
    )

    class Meta:
        icon = "date"
        template = "treatments/blocks/booking_cta.html"
        description = "A call to action leading to the booking page"
        label = "Booking call to action"

    def sample_value(self):
        return {
            "heading": "Book a consultation",
            "text": "Fifteen minutes with a clinician, free of charge, to see whether this suits your skin.",
            "button_label": "Book now",
            "url": "",
        }

    get_preview_value = preview_from_sample

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

    def sample_value(self):
        def cell(text, **changes):
            return {"text": text, "header": False, "colspan": 1, "rowspan": 1, **changes}

        return {
            "caption": "Muscle relaxant prices by area",
            "rows": [
                {"header": True, "cells": [cell("<p>Area</p>", header=True), cell("<p>From</p>", header=True)]},
                {"header": False, "cells": [cell("<p>Frown lines</p>", header=True), cell("<p><b>$220</b></p>")]},
                {"header": False, "cells": [cell("<p>Frown lines and forehead</p>"), cell("<p><b>$380</b></p>")]},
            ],
        }

    get_preview_value = preview_from_sample
