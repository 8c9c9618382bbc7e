"""StreamField blocks for treatment articles. Child names of `TreatmentBodyBlock` are the API's `type` values."""

from .content import CalloutBlock, CaptionedImageBlock, ShortcodeRichTextBlock
from .costs import BudgetAlternativesBlock, CostComparisonBlock
from .faq import FAQBlock
from .references import GalleryLinkBlock, ProductBlock, ProTipBlock
from .stream import TreatmentBodyBlock
from .tables import ComparisonTableBlock, DefinitionListBlock

__all__ = [
    "BudgetAlternativesBlock",
    "CalloutBlock",
    "CaptionedImageBlock",
    "ComparisonTableBlock",
    "CostComparisonBlock",
    "DefinitionListBlock",
    "FAQBlock",
    "GalleryLinkBlock",
    "ProTipBlock",
    "ProductBlock",
    "ShortcodeRichTextBlock",
    "TreatmentBodyBlock",
]
