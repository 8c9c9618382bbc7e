"""Tabular blocks: comparison tables (a real <table>) and definition lists (term → description)."""

from django.core.exceptions import ValidationError
from wagtail import blocks

from .api import ApiBlockMixin
from .samples import preview_from_sample, sample


class TableRowBlock(ApiBlockMixin, blocks.StructBlock):
    """One row of a comparison table."""

    cells = blocks.ListBlock(blocks.CharBlock(max_length=300, label="Cell"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Row"


class ComparisonTableBlock(ApiBlockMixin, blocks.StructBlock):
    """Compares treatments side by side, e.g. exosomes against PRP, with a header row and a caption."""

    caption = blocks.CharBlock(max_length=200, help_text="Says what the table compares; read out by screen readers.")
    header = blocks.ListBlock(
        blocks.CharBlock(max_length=120, label="Column heading"),
        min_num=2,
        # As many empty headings as the minimum: a new table starts complete, not with a warning in red.
        default=["", ""],
        help_text="One heading per column. Every row needs as many cells as there are headings.",
    )
    rows = blocks.ListBlock(TableRowBlock(), min_num=1, default=[{"cells": ["", ""]}])
    first_column_is_header = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Tick when the first cell of each row names the row (e.g. the treatment).",
    )

    class Meta:
        icon = "table"
        template = "treatments/blocks/comparison_table.html"
        description = "A table comparing treatments, with a header row and a caption"

    def sample_value(self):
        return {
            "caption": "Two ways to treat fine lines",
            "header": ["Treatment", "Downtime", "Lasts"],
            "rows": [
                {"cells": ["Muscle relaxant", "None", "3 to 4 months"]},
                {"cells": ["Skin booster", "1 to 2 days", "6 months"]},
            ],
            "first_column_is_header": True,
        }

    get_preview_value = preview_from_sample

    def clean(self, value):
        value = super().clean(value)
        width = len(value["header"])
        problems = [
            f"Row {number} has {len(row['cells'])} cell{'s' if len(row['cells']) != 1 else ''}; the header has {width}."
            for number, row in enumerate(value["rows"], start=1)
            if len(row["cells"]) != width
        ]
        if problems:
            raise blocks.StructBlockValidationError(block_errors={"rows": ValidationError(" ".join(problems))})
        return value


class DefinitionBlock(ApiBlockMixin, blocks.StructBlock):
    """A term and what it means."""

    term = blocks.CharBlock(max_length=120, help_text="e.g. Calcium hydroxyapatite (CaHA)")
    description = blocks.TextBlock(max_length=600, help_text="One or two plain sentences.")

    class Meta:
        icon = "tag"
        label = "Definition"

    def sample_value(self):
        return {
            "term": "Hyaluronic acid",
            "description": "A sugar the skin makes itself; fillers use it to add volume.",
        }


class DefinitionListBlock(ApiBlockMixin, blocks.StructBlock):
    """Terms with short descriptions, e.g. the kinds of dermal filler."""

    title = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(DefinitionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "treatments/blocks/definition_list.html"
        description = "A list of terms, each with a short description"

    def sample_value(self):
        return {"title": "Filler words explained", "items": [sample(self.child_blocks["items"].child_block)]}

    get_preview_value = preview_from_sample
