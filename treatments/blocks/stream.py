"""The body of a treatment article. Child names are a public API contract: renaming one breaks apps.

A site adds its own blocks to the body without touching the plugin, in its settings::

    TREATMENTS_EXTRA_BODY_BLOCKS = [("dosage", "clinic_site.blocks.DosageBlock")]

Each entry is a child name and a block class (its dotted path, or the class itself). The
block brings its admin form, its template (`Meta.template`), its API JSON and its schema component (the block
adapters, treatments/adapters, know every block kind), so that one definition is all a site writes.

Migrations: a site's blocks are left out of the body's deconstructed form, so they never appear in the plugin's
migrations and `makemigrations --check` of the treatments app stays clean whatever a site adds. Wagtail's
`StreamField.deconstruct` reads `child_blocks` itself rather than calling the block's `deconstruct`, so the page
model uses `TreatmentBodyField`, which freezes the declared children only (and the block's own `deconstruct` does
the same).
Wagtail stores StreamField content as JSON whatever its children, so the database needs no migration either; a
site that removes a block it added leaves its stored blocks unread (Wagtail skips unknown types).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from wagtail import blocks
from wagtail.blocks.definition_lookup import BlockDefinitionLookupBuilder
from wagtail.fields import StreamField

from ..conf import treatments_settings
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

    # The declared children, with the site's extra blocks after them (see the module docstring).
    @property
    def child_blocks(self):
        extra = site_blocks(self._declared_blocks)
        return {**self._declared_blocks, **extra} if extra else self._declared_blocks

    @child_blocks.setter
    def child_blocks(self, declared):
        self._declared_blocks = declared

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        return path, [list(self._declared_blocks.items())], kwargs

    def deconstruct_with_lookup(self, lookup):
        path, _args, kwargs = super().deconstruct_with_lookup(lookup)
        return path, [[(name, lookup.add_block(block)) for name, block in self._declared_blocks.items()]], kwargs


class TreatmentBodyField(StreamField):
    """The article body's StreamField. In migrations it is a plain StreamField of the plugin's own blocks: a site's
    extra blocks (above) never reach the plugin's migrations, and the frozen field is Wagtail's own class."""

    def deconstruct(self):
        name, _path, _args, kwargs = super().deconstruct()
        lookup = BlockDefinitionLookupBuilder()
        declared = getattr(self.stream_block, "_declared_blocks", self.stream_block.child_blocks)
        block_types = [(child_name, lookup.add_block(block)) for child_name, block in declared.items()]
        kwargs["block_lookup"] = lookup.get_lookup_as_dict()
        return name, "wagtail.fields.StreamField", [block_types], kwargs


EXTRA_BLOCKS_SETTING = "TREATMENTS_EXTRA_BODY_BLOCKS"


_site_blocks_by_body = {}  # declared child names -> {name: block}, until the setting changes (tests override it)


def site_blocks(declared):
    """{name: block} of the site's extra body blocks, made once; empty when the setting is not set."""
    key = tuple(declared)
    if key not in _site_blocks_by_body:
        _site_blocks_by_body[key] = _make_site_blocks(treatments_settings.EXTRA_BODY_BLOCKS or (), key)
    return _site_blocks_by_body[key]


@receiver(setting_changed)
def _forget_site_blocks(setting, **kwargs):
    if setting == EXTRA_BLOCKS_SETTING:
        _site_blocks_by_body.clear()


def _make_site_blocks(entries, declared_names):
    found = {}
    for name, block in entries:
        if name in declared_names or name in found:
            raise ImproperlyConfigured(f"{EXTRA_BLOCKS_SETTING}: the body already has a block named {name!r}.")
        found[name] = _block(name, block)
        found[name].set_name(name)
    return found


def _block(name, block):
    if isinstance(block, str):
        try:
            block = import_string(block)
        except ImportError as error:
            raise ImproperlyConfigured(f"{EXTRA_BLOCKS_SETTING}: {name!r} names {block!r}, which {error}") from error
    if isinstance(block, type) and issubclass(block, blocks.Block):
        return block()
    raise ImproperlyConfigured(f"{EXTRA_BLOCKS_SETTING}: {name!r} is not a block class: {block!r}")
