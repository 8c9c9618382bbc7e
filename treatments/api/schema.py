"""OpenAPI components generated from block definitions: one walker, mirroring representation.py.

Every StructBlock becomes a named component (its class name, or `api_component_name`), every StreamBlock an
array of a discriminated union on `type`, and leaf blocks map to typed properties. Blocks add computed
properties through `api_computed` (see treatments/blocks/api.py). Nothing here names a particular block.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from wagtail import blocks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from ..snippets import Clinician, Product
from . import richtext_schema
from .representation import STRING_BLOCKS


def nullable(schema):
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


def camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


class BlockSchemaBuilder:
    """Registers block components with drf-spectacular's registry and returns references to them."""

    def __init__(self, auto_schema, direction):
        self.auto_schema = auto_schema
        self.direction = direction

    def component(self, name, schema_factory):
        registry = self.auto_schema.registry
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name)
        if component not in registry:
            component.schema = {}  # registered first, so recursive blocks refer to it instead of looping
            registry.register(component)
            component.schema = schema_factory()
        return component.ref

    def serializer(self, serializer_class):
        return self.auto_schema.resolve_serializer(serializer_class, self.direction).ref

    def schema(self, block):
        if isinstance(block, blocks.StreamBlock):
            return self.stream(block)
        if isinstance(block, blocks.ListBlock):
            return {"type": "array", "items": self.schema(block.child_block)}
        if isinstance(block, ImageBlock | ImageChooserBlock):
            return nullable(self.image())
        if isinstance(block, blocks.StructBlock):
            return self.struct(block)
        if isinstance(block, blocks.RichTextBlock):
            return richtext_schema.register(self)
        return self.leaf(block)

    def image(self):
        from .serializers import ImageSerializer

        return self.serializer(ImageSerializer)

    def leaf(self, block):
        from .serializers import ClinicianSerializer, PageLinkSerializer, ProductSerializer

        required = getattr(block, "required", False)
        if isinstance(block, blocks.PageChooserBlock):
            return nullable(self.serializer(PageLinkSerializer))
        if isinstance(block, SnippetChooserBlock):
            by_model = {Product: ProductSerializer, Clinician: ClinicianSerializer}
            serializer = by_model.get(block.model_class)
            if serializer is None:
                return nullable(self.snippet_reference())
            return nullable(self.serializer(serializer))
        if isinstance(block, blocks.ChoiceBlock):
            choices = [str(key) for key, _label in block.field.choices if key != ""]
            return {"type": "string", "enum": choices if required else [*choices, ""]}
        if isinstance(block, STRING_BLOCKS):
            return {"type": "string"}
        if isinstance(block, blocks.BooleanBlock):
            return {"type": "boolean"}
        if isinstance(block, blocks.IntegerBlock):
            return {"type": "integer"} if required else nullable({"type": "integer"})
        if isinstance(block, blocks.FloatBlock):
            return {"type": "number"} if required else nullable({"type": "number"})
        if isinstance(block, blocks.DecimalBlock):
            return nullable({"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"})
        if isinstance(block, blocks.DateTimeBlock):
            return nullable({"type": "string", "format": "date-time"})
        if isinstance(block, blocks.DateBlock):
            return nullable({"type": "string", "format": "date"})
        raise TypeError(f"No API schema for {type(block).__name__}: give it one in treatments.api.schema.")

    def snippet_reference(self):
        return self.component(
            "SnippetReference",
            lambda: {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "title": {"type": "string"}},
                "required": ["id", "title"],
            },
        )

    def struct(self, block):
        name = getattr(block, "api_component_name", None) or type(block).__name__

        def build():
            properties = {child_name: self.schema(child) for child_name, child in block.child_blocks.items()}
            for computed_name, schema in getattr(block, "api_computed", {}).items():
                properties[computed_name] = schema(self) if callable(schema) else schema
            description = (type(block).__doc__ or "").strip()
            component = {"type": "object", "properties": properties, "required": list(properties)}
            return {**component, "description": description} if description else component

        return self.component(name, build)

    def stream(self, block):
        name = (getattr(block, "api_component_name", None) or type(block).__name__).removesuffix("Block")

        def item(child_name, child):
            return self.component(
                f"{name}{camel(child_name)}Item",
                lambda: {
                    "type": "object",
                    "description": f"A `{child_name}` block: {child.meta.label or child_name}.",
                    "properties": {
                        "type": {"type": "string", "enum": [child_name]},
                        "value": self.schema(child),
                        "id": {"type": "string", "nullable": True},
                    },
                    "required": ["type", "value", "id"],
                },
            )

        def union():
            refs = {child_name: item(child_name, child) for child_name, child in block.child_blocks.items()}
            return {
                "oneOf": list(refs.values()),
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {key: ref["$ref"] for key, ref in refs.items()},
                },
            }

        item_ref = self.component(f"{name}Item", union)
        return {"type": "array", "items": item_ref}


class BodyFieldExtension(OpenApiSerializerFieldExtension):
    """Describes a StreamField serializer field by walking its block definition."""

    target_class = "treatments.api.serializers.BodyField"

    def map_serializer_field(self, auto_schema, direction):
        return BlockSchemaBuilder(auto_schema, direction).schema(self.target.block)


def gallery_case_schema(builder):
    """The `cases` of a gallery link: the gallery app's serializer when it registered one, else generic objects."""
    from wagtail import hooks

    from ..blocks.references import GALLERY_CASE_SERIALIZER_HOOK

    for provide in hooks.get_hooks(GALLERY_CASE_SERIALIZER_HOOK):
        serializer = provide()
        if serializer is not None:
            return {"type": "array", "items": builder.serializer(serializer)}
    return {"type": "array", "items": {"type": "object", "additionalProperties": True}}


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the schema describes /api/v1/ (treatments, cases...), not the admin's
    internal endpoints or Wagtail's untyped v2."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
