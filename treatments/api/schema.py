"""OpenAPI components generated from block definitions, through the block adapters (treatments/adapters).

Every StructBlock becomes a named component (its class name, or `api_component_name`), every StreamBlock an
array of a discriminated union on `type`, and leaf blocks map to typed properties. Blocks add computed
properties through `api_computed` (see treatments/blocks/api.py). Nothing here names a particular block: the
builder registers components and names the serializers of the API's shared objects (images, links, snippets).
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent

from .. import adapters
from ..snippets import Clinician, Product
from . import richtext_schema


class BlockSchemaBuilder:
    """Registers block components with drf-spectacular's registry and returns references to them."""

    def __init__(self, auto_schema, direction):
        self.auto_schema = auto_schema
        self.direction = direction

    def schema(self, block):
        return adapters.schema(block, self)

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

    # ---------------------------------------------------------------- the shared objects blocks point at
    def image(self):
        from .serializers import ImageSerializer

        return self.serializer(ImageSerializer)

    def page_link(self):
        from .serializers import PageLinkSerializer

        return self.serializer(PageLinkSerializer)

    def snippet(self, model):
        """A product or clinician as their endpoints show them; any other snippet as a `SnippetReference`."""
        from .serializers import ClinicianSerializer, ProductSerializer

        serializer = {Product: ProductSerializer, Clinician: ClinicianSerializer}.get(model)
        return self.serializer(serializer) if serializer is not None else self.snippet_reference()

    def rich_text(self):
        return richtext_schema.register(self)

    def snippet_reference(self):
        return self.component(
            "SnippetReference",
            lambda: {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "title": {"type": "string"}},
                "required": ["id", "title"],
            },
        )

    def gallery_cases(self):
        """The `cases` of a gallery link: the gallery app's serializer when it registered one, else generic
        objects (treatments/blocks/references.py documents the hook)."""
        from wagtail import hooks

        from ..blocks.references import GALLERY_CASE_SERIALIZER_HOOK

        for provide in hooks.get_hooks(GALLERY_CASE_SERIALIZER_HOOK):
            serializer = provide()
            if serializer is not None:
                return {"type": "array", "items": self.serializer(serializer)}
        return {"type": "array", "items": {"type": "object", "additionalProperties": True}}


class BodyFieldExtension(OpenApiSerializerFieldExtension):
    """Describes a StreamField serializer field by walking its block definition."""

    target_class = "treatments.api.serializers.BodyField"

    def map_serializer_field(self, auto_schema, direction):
        return BlockSchemaBuilder(auto_schema, direction).schema(self.target.block)


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the schema describes /api/v1/ (treatments, cases...), not the admin's
    internal endpoints or Wagtail's untyped v2."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
