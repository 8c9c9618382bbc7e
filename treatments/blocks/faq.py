"""Question-and-answer sections: the backbone of a treatment article and its table of contents."""

import re

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks

from .api import ApiBlockMixin
from .content import CaptionedImageBlock, ShortcodeRichTextBlock
from .costs import CostComparisonBlock
from .imported import CodeBlock, EmbedBlock, QuoteBlock, RichTableBlock
from .samples import preview_from_sample, stream_child
from .tables import ComparisonTableBlock, DefinitionListBlock

ANCHOR_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class AnswerBlock(ApiBlockMixin, blocks.StreamBlock):
    """The body of an answer: prose, images, and the tables, quotes and videos an answer may need."""

    rich_text = ShortcodeRichTextBlock()
    image = CaptionedImageBlock()
    comparison_table = ComparisonTableBlock()
    rich_table = RichTableBlock()
    cost_comparison = CostComparisonBlock()
    definition_list = DefinitionListBlock()
    quote = QuoteBlock()
    code = CodeBlock()
    embed = EmbedBlock()

    class Meta:
        icon = "doc-full"


class FAQValue(blocks.StructValue):
    """Adds the anchor a reader jumps to from the table of contents."""

    @cached_property
    def anchor_id(self):
        return self.get("anchor") or slugify(self.get("question", ""))[:80] or "question"


class FAQBlock(ApiBlockMixin, blocks.StructBlock):
    """One question a patient asks, with its answer."""

    question = blocks.CharBlock(max_length=200, help_text="Phrase it the way a patient would ask it.")
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Link name for this question, e.g. exosomes-vs-prp. Left empty, it is made from the question.",
    )
    answer = AnswerBlock(help_text="The answer: paragraphs, lists and images.")

    class Meta:
        icon = "help"
        template = "treatments/blocks/faq.html"
        description = "A question with its answer; listed in the table of contents"
        label = "Question and answer"
        value_class = FAQValue

    def sample_value(self):
        answer = (
            "<p>Most people notice firmer skin four to six weeks after the first session, as new collagen forms.</p>"
        )
        return {
            "question": "How long until I see a difference?",
            "anchor": "",
            "answer": [stream_child(self.child_blocks["answer"], "rich_text", answer)],
        }

    get_preview_value = preview_from_sample

    api_computed = {"anchor_id": {"type": "string", "description": "The anchor the table of contents links to."}}

    def clean(self, value):
        value = super().clean(value)
        anchor = value.get("anchor") or ""
        if anchor and not ANCHOR_RE.match(anchor):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        "Use lower-case letters, digits and hyphens only, starting with a letter or digit."
                    )
                }
            )
        return value
