"""Money blocks: cost comparisons with computed totals, and cheaper-or-better alternatives."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks

from ..adapters.money import MONEY
from ..conf import default_currency
from .api import ApiBlockMixin
from .samples import preview_from_sample, sample

PRICE_HELP = "Price of one session or one item, without the currency symbol."


def price_block(required=True, help_text=PRICE_HELP):
    return blocks.DecimalBlock(required=required, min_value=0, max_digits=10, decimal_places=2, help_text=help_text)


def currency_block():
    return blocks.CharBlock(
        max_length=3, default=default_currency, help_text="Three-letter currency code, e.g. USD, AUD, EUR."
    )


class CostOptionValue(blocks.StructValue):
    """Totals are derived from unit price and sessions; editors never type them."""

    @cached_property
    def total_from(self):
        return (self["unit_price_from"] or Decimal(0)) * (self["sessions"] or 1)

    @cached_property
    def total_to(self):
        if self.get("unit_price_to") is None:
            return self.total_from
        return self["unit_price_to"] * (self["sessions"] or 1)

    @property
    def is_range(self):
        return self.total_to != self.total_from


class CostOptionBlock(ApiBlockMixin, blocks.StructBlock):
    """One option in a cost comparison; the API adds its computed totals."""

    label = blocks.CharBlock(max_length=120, help_text="e.g. Tretinoin cream, one tube")
    unit_price_from = price_block()
    unit_price_to = price_block(required=False, help_text="Fill in only when the price is a range.")
    sessions = blocks.IntegerBlock(
        default=1, min_value=1, max_value=100, help_text="How many sessions or items the total covers."
    )
    note = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "tag"
        label = "Option"
        value_class = CostOptionValue

    def sample_value(self):
        return {
            "label": "Microneedling session",
            "unit_price_from": "350",
            "unit_price_to": None,
            "sessions": 3,
            "note": "Usually a month apart",
        }

    api_computed = {
        "total_from": {**MONEY, "description": "Unit price from, times sessions."},
        "total_to": {**MONEY, "description": "Unit price to (or from), times sessions."},
        "is_range": {"type": "boolean"},
    }

    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("unit_price_from"), value.get("unit_price_to")
        if low is not None and high is not None and high < low:
            raise blocks.StructBlockValidationError(
                block_errors={"unit_price_to": ValidationError("Price to is lower than price from.")}
            )
        return value


class CostComparisonValue(blocks.StructValue):
    @cached_property
    def cheapest(self):
        options = list(self.get("options") or [])
        return min(options, key=lambda option: option.total_from) if options else None


class CostComparisonBlock(ApiBlockMixin, blocks.StructBlock):
    """What each option really costs over a course of treatment, e.g. a cream against three sessions."""

    title = blocks.CharBlock(max_length=150)
    currency = currency_block()
    # Two empty options to start with: as many as the minimum, so a new comparison shows no warning.
    options = blocks.ListBlock(CostOptionBlock(), min_num=2, default=[{"sessions": 1}, {"sessions": 1}])
    conclusion = blocks.TextBlock(required=False, max_length=500, help_text="What the numbers mean for the patient.")

    class Meta:
        icon = "decimal"
        template = "treatments/blocks/cost_comparison.html"
        description = "Compares what options cost in total; totals are computed"
        value_class = CostComparisonValue

    def sample_value(self):
        option = self.child_blocks["options"].child_block
        return {
            "title": "A home routine or a course at the clinic?",
            "currency": default_currency(),
            "options": [
                sample(
                    option,
                    label="Retinol serum, one bottle",
                    unit_price_from="65",
                    sessions=1,
                    note="Lasts about three months",
                ),
                sample(option, unit_price_to="420"),
            ],
            "conclusion": "The course costs more up front and shows results sooner.",
        }

    get_preview_value = preview_from_sample


class AlternativeValue(blocks.StructValue):
    @property
    def treatment_title(self):
        page = self.get("treatment_page")
        return self.get("treatment_name") or (page.title if page else "")

    @property
    def treatment_url(self):
        page = self.get("treatment_page")
        return page.url if page and page.live else ""


class AlternativeBlock(ApiBlockMixin, blocks.StructBlock):
    """One concern with the treatment that serves it better for the money."""

    concern = blocks.CharBlock(max_length=120, help_text="What the patient wants to fix, e.g. Sun damage.")
    treatment_page = blocks.PageChooserBlock(
        page_type="treatments.TreatmentPage",
        required=False,
        help_text="The recommended treatment, when the site has a page for it.",
    )
    treatment_name = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Name of the treatment. Needed when no page is chosen; overrides the page title otherwise.",
    )
    price_from = price_block(required=False, help_text="Leave empty when there is no fixed price.")
    price_to = price_block(required=False, help_text="Fill in only when the price is a range.")
    verdict = blocks.CharBlock(max_length=200, help_text="Why it is the better choice, e.g. More predictable results.")

    class Meta:
        icon = "pick"
        label = "Alternative"
        value_class = AlternativeValue

    def sample_value(self):
        return {
            "concern": "Pigmentation",
            "treatment_page": None,
            "treatment_name": "IPL photofacial",
            "price_from": "390",
            "price_to": None,
            "verdict": "Fades sun spots in fewer visits.",
        }

    api_computed = {"treatment_title": {"type": "string", "description": "The name given, else the page title."}}

    def api_computed_value(self, name, value, ctx):
        # The page's title only when the page itself may be shown: a draft's title must not leak.
        link = ctx.page_link(value.get("treatment_page"))
        return value.get("treatment_name") or (link["title"] if link else "")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value.get("treatment_page") and not value.get("treatment_name"):
            errors["treatment_name"] = ValidationError("Choose a treatment page or type the treatment's name.")
        low, high = value.get("price_from"), value.get("price_to")
        if high is not None and low is None:
            errors["price_from"] = ValidationError("Give a price from when you give a price to.")
        elif low is not None and high is not None and high < low:
            errors["price_to"] = ValidationError("Price to is lower than price from.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class BudgetAlternativesBlock(ApiBlockMixin, blocks.StructBlock):
    """For the same money: what to choose instead, concern by concern."""

    title = blocks.CharBlock(max_length=150)
    intro = blocks.TextBlock(required=False, max_length=500)
    currency = currency_block()
    alternatives = blocks.ListBlock(AlternativeBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "treatments/blocks/budget_alternatives.html"
        description = "Better-value treatments for each concern"

    def sample_value(self):
        return {
            "title": "Where the same budget goes further",
            "intro": "For some concerns another treatment gives more for the money.",
            "currency": default_currency(),
            "alternatives": [sample(self.child_blocks["alternatives"].child_block)],
        }

    get_preview_value = preview_from_sample
