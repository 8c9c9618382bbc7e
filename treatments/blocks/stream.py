"""The body of a treatment article. Child names are a public API contract: renaming one breaks apps."""

from wagtail import blocks

from .api import ApiBlockMixin
from .content import CalloutBlock, CaptionedImageBlock, ShortcodeRichTextBlock
from .costs import BudgetAlternativesBlock, CostComparisonBlock
from .faq import FAQBlock
from .imported import (
    BookingCallToActionBlock,
    CodeBlock,
    EmbedBlock,
    ImageGalleryBlock,
    QuoteBlock,
    RichTableBlock,
)
from .references import GalleryLinkBlock, ProductBlock, ProTipBlock
from .tables import ComparisonTableBlock, DefinitionListBlock


class TreatmentBodyBlock(ApiBlockMixin, blocks.StreamBlock):
    """The blocks an article is made of; the API serves it as an array of blocks discriminated on `type`."""

    rich_text = ShortcodeRichTextBlock()
    faq = FAQBlock()
    comparison_table = ComparisonTableBlock()
    cost_comparison = CostComparisonBlock()
    budget_alternatives = BudgetAlternativesBlock()
    definition_list = DefinitionListBlock()
    pro_tip = ProTipBlock()
    product = ProductBlock()
    gallery_link = GalleryLinkBlock()
    callout = CalloutBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    code = CodeBlock()
    embed = EmbedBlock()
    rich_table = RichTableBlock()
    image_gallery = ImageGalleryBlock()
    booking_cta = BookingCallToActionBlock()

    class Meta:
        block_counts = {"gallery_link": {"max_num": 3}}
