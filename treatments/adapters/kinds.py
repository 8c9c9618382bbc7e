"""The built-in adapters, one per kind of Wagtail block the treatment body is made of (registry.py explains the
lookup). A block kind not listed here gets `FieldAdapter`'s stored value as JSON and no schema: register one."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .money import MONEY
from .registry import BlockAdapter, register
from .walker import plain, represent, schema


def nullable(schema_):
    if "$ref" in schema_:
        return {"allOf": [schema_], "nullable": True}
    return {**schema_, "nullable": True}


def camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


class StreamAdapter(BlockAdapter):
    """`[{"type": child name, "value": …, "id": …}]`; the schema is an array of a union discriminated on `type`."""

    def children(self, block, value):
        return ((child.block, child.value) for child in value)

    def to_json(self, block, value, lookups):
        return [
            {"type": child.block.name, "value": represent(child.block, child.value, lookups), "id": child.id}
            for child in (value or [])
        ]

    def schema(self, block, builder):
        name = (getattr(block, "api_component_name", None) or type(block).__name__).removesuffix("Block")

        def item(child_name, child):
            return builder.component(
                f"{name}{camel(child_name)}Item",
                lambda: {
                    "type": "object",
                    "description": f"A `{child_name}` block: {child.meta.label or child_name}.",
                    "properties": {
                        "type": {"type": "string", "enum": [child_name]},
                        "value": schema(child, builder),
                        "id": {"type": "string", "nullable": True},
                    },
                    "required": ["type", "value", "id"],
                },
            )

        def union():
            refs = {child_name: item(child_name, child) for child_name, child in block.child_blocks.items()}
            return {
                "oneOf": list(refs.values()),
                "discriminator": {"propertyName": "type", "mapping": {key: ref["$ref"] for key, ref in refs.items()}},
            }

        return {"type": "array", "items": builder.component(f"{name}Item", union)}


class ListAdapter(BlockAdapter):
    def children(self, block, value):
        return ((block.child_block, item) for item in value)

    def to_json(self, block, value, lookups):
        return [represent(block.child_block, item, lookups) for item in (value or [])]

    def schema(self, block, builder):
        return {"type": "array", "items": schema(block.child_block, builder)}


class StructAdapter(BlockAdapter):
    """An object of its children plus the block's `api_computed` properties (treatments/blocks/api.py); a named
    component (the class name, or `api_component_name`) whose description is the class docstring."""

    def children(self, block, value):
        return ((child_block, value.get(name)) for name, child_block in block.child_blocks.items())

    def to_json(self, block, value, lookups):
        data = {name: represent(child, value.get(name), lookups) for name, child in block.child_blocks.items()}
        request_time = getattr(block, "api_request_time", ())
        for name in getattr(block, "api_computed", {}):
            if lookups.slots is not None and name in request_time:
                data[name] = lookups.slots.add(block, name, value)  # filled in per request (api/documents.py)
            else:
                data[name] = plain(block.api_computed_value(name, value, lookups))
        return data

    def schema(self, block, builder):
        def build():
            properties = {child_name: schema(child, builder) for child_name, child in block.child_blocks.items()}
            for computed_name, computed in getattr(block, "api_computed", {}).items():
                properties[computed_name] = computed(builder) if callable(computed) else computed
            description = (type(block).__doc__ or "").strip()
            component = {"type": "object", "properties": properties, "required": list(properties)}
            return {**component, "description": description} if description else component

        return builder.component(getattr(block, "api_component_name", None) or type(block).__name__, build)


class ImageAdapter(BlockAdapter):
    """An image object (renditions, never the original); null when none is chosen or it is a patient photo."""

    def collect(self, block, value, lookups):
        lookups.add_image(value)

    def to_json(self, block, value, lookups):
        return lookups.image(value)

    def schema(self, block, builder):
        return nullable(builder.image())


class ImageWithAltAdapter(ImageAdapter):
    """Wagtail's ImageBlock: the image with the alt text (or decorative flag) chosen where it is used."""

    def to_json(self, block, value, lookups):
        if value is None:
            return None
        return lookups.image(value, alt=value.contextual_alt_text or "", decorative=value.decorative)


class RichTextAdapter(BlockAdapter):
    """Rich text as a node tree and clean HTML (treatments/api/richtext.py)."""

    def collect(self, block, value, lookups):
        lookups.add_rich_text(value)

    def to_json(self, block, value, lookups):
        return lookups.rich_text(value)

    def schema(self, block, builder):
        return builder.rich_text()


class PageLinkAdapter(BlockAdapter):
    """A small object for a linked live, public page; null otherwise (a draft's title never leaks)."""

    def collect(self, block, value, lookups):
        lookups.add_page(value)

    def to_json(self, block, value, lookups):
        return lookups.page_link(value)

    def schema(self, block, builder):
        return nullable(builder.page_link())


class SnippetAdapter(BlockAdapter):
    """A chosen snippet: a product or clinician object as their own endpoints show them, else `{id, title}`."""

    def collect(self, block, value, lookups):
        lookups.add_snippet(value)

    def to_json(self, block, value, lookups):
        return lookups.snippet(value)

    def schema(self, block, builder):
        return nullable(builder.snippet(block.model_class))


class FieldAdapter(BlockAdapter):
    """A plain field: its stored value as JSON. Subclasses give the schema."""

    json_type = None

    def to_json(self, block, value, lookups):
        return plain(block.get_prep_value(value))

    def schema(self, block, builder):
        if self.json_type is None:
            return super().schema(block, builder)
        return {"type": self.json_type}


class TextAdapter(FieldAdapter):
    """Text of any kind; an optional text left out of old data reads as empty, as the schema promises."""

    json_type = "string"

    def to_json(self, block, value, lookups):
        return "" if value is None else super().to_json(block, value, lookups)


class ChoiceAdapter(FieldAdapter):
    def schema(self, block, builder):
        choices = [str(key) for key, _label in block.field.choices if key != ""]
        return {"type": "string", "enum": choices if block.required else [*choices, ""]}


class BooleanAdapter(FieldAdapter):
    json_type = "boolean"


class NumberAdapter(FieldAdapter):
    """Integers and floats: null only when the block is optional."""

    def __init__(self, json_type):
        self.json_type = json_type

    def schema(self, block, builder):
        return {"type": self.json_type} if block.required else nullable({"type": self.json_type})


class FormattedStringAdapter(FieldAdapter):
    """Decimals, dates and times: strings with a format, null when empty."""

    def __init__(self, **string_schema):
        self.string_schema = string_schema

    def to_json(self, block, value, lookups):
        return None if value is None else super().to_json(block, value, lookups)

    def schema(self, block, builder):
        return nullable({"type": "string", **self.string_schema})


register(FieldAdapter(), blocks.Block)
register(StreamAdapter(), blocks.BaseStreamBlock)
register(ListAdapter(), blocks.ListBlock)
register(StructAdapter(), blocks.BaseStructBlock)
register(ImageAdapter(), ImageChooserBlock)
register(ImageWithAltAdapter(), ImageBlock)
register(RichTextAdapter(), blocks.RichTextBlock)
register(PageLinkAdapter(), blocks.PageChooserBlock)
register(SnippetAdapter(), SnippetChooserBlock)
register(TextAdapter(), blocks.CharBlock, blocks.TextBlock, blocks.URLBlock, blocks.EmailBlock, blocks.RegexBlock)
register(ChoiceAdapter(), blocks.ChoiceBlock)
register(BooleanAdapter(), blocks.BooleanBlock)
register(NumberAdapter("integer"), blocks.IntegerBlock)
register(NumberAdapter("number"), blocks.FloatBlock)
register(FormattedStringAdapter(format=MONEY["format"], pattern=MONEY["pattern"]), blocks.DecimalBlock)
register(FormattedStringAdapter(format="date-time"), blocks.DateTimeBlock)
register(FormattedStringAdapter(format="date"), blocks.DateBlock)
