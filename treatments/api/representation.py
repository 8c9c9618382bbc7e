"""The JSON of any block value, built by walking the block definition; the schema walker mirrors it."""

from decimal import Decimal

from wagtail import blocks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from ..snippets import Clinician, Product
from . import richtext
from .context import ApiContext

STRING_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.URLBlock, blocks.EmailBlock, blocks.RegexBlock)


def represent_with_context(block, value, context):
    """Entry point for `get_api_representation`: reuse the response's prepared lookups, or prepare them now."""
    ctx = (context or {}).get("api")
    if ctx is None:
        ctx = ApiContext(request=(context or {}).get("request"))
        ctx.add_stream(block, value)
        ctx.load()
    return represent(block, value, ctx)


def plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def represent(block, value, ctx):
    """JSON for `value` of `block`. Order matters: ImageBlock is a StructBlock, RichTextBlock a FieldBlock."""
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": child.block.name, "value": represent(child.block, child.value, ctx), "id": child.id}
            for child in (value or [])
        ]
    if isinstance(block, blocks.ListBlock):
        return [represent(block.child_block, item, ctx) for item in (value or [])]
    if isinstance(block, ImageBlock):
        if value is None:
            return None
        return ctx.image(value, alt=value.contextual_alt_text or "", decorative=value.decorative)
    if isinstance(block, blocks.StructBlock):
        return represent_struct(block, value, ctx)
    if isinstance(block, blocks.RichTextBlock):
        return richtext.represent(ctx.tree(value.source if value is not None else ""), ctx)
    if isinstance(block, ImageChooserBlock):
        return ctx.image(value)
    if isinstance(block, blocks.PageChooserBlock):
        return ctx.page_link(value)
    if isinstance(block, SnippetChooserBlock):
        return represent_snippet(value, ctx)
    if isinstance(block, blocks.DecimalBlock):
        return None if value is None else str(value)
    if value is None and isinstance(block, STRING_BLOCKS):
        return ""  # An optional text left out of old data reads as empty, as the schema promises.
    return plain(block.get_prep_value(value))


def represent_struct(block, value, ctx):
    data = {name: represent(child, value.get(name), ctx) for name, child in block.child_blocks.items()}
    request_time = getattr(block, "api_request_time", ())
    for name in getattr(block, "api_computed", {}):
        if ctx.slots is not None and name in request_time:
            data[name] = ctx.slots.add(block, name, value)  # filled in per request (api/documents.py)
        else:
            data[name] = plain(block.api_computed_value(name, value, ctx))
    return data


def represent_snippet(value, ctx):
    if isinstance(value, Product):
        return ctx.product(value)
    if isinstance(value, Clinician):
        return ctx.clinician(value)
    return None if value is None else {"id": value.pk, "title": str(value)}
