"""OpenAPI components of the structured rich text format that treatments.api.richtext emits."""


def _obj(kind, properties, description):
    properties = {"type": {"type": "string", "enum": [kind]}, **properties}
    return {"type": "object", "description": description, "properties": properties, "required": list(properties)}


def _union(builder, names):
    refs = {kind: builder.component(name, factory) for kind, (name, factory) in names.items()}
    return {
        "oneOf": list(refs.values()),
        "discriminator": {"propertyName": "type", "mapping": {kind: ref["$ref"] for kind, ref in refs.items()}},
    }


def register(builder):
    """Registers the rich text components and returns a reference to `RichText`."""
    from .serializers import ProductSerializer

    def ref(name):
        return {"$ref": f"#/components/schemas/{name}"}

    text = (
        "RichTextText",
        lambda: _obj(
            "text",
            {"text": {"type": "string"}, "bold": {"type": "boolean"}, "italic": {"type": "boolean"}},
            "A run of text with its marks.",
        ),
    )
    line_break = ("RichTextLineBreak", lambda: _obj("line_break", {}, "A line break inside a paragraph."))
    target = builder.component(
        "LinkTarget",
        lambda: {
            "type": "object",
            "description": "Where a link leads: a page (with its API URL when the API serves it), a product, "
            "a document or an external URL.",
            "properties": {
                "kind": {"type": "string", "enum": ["page", "product", "document", "external"]},
                "id": {"type": "integer", "nullable": True},
                "url": {"type": "string"},
                "api_url": {"type": "string", "nullable": True},
            },
            "required": ["kind", "id", "url", "api_url"],
        },
    )
    link = (
        "RichTextLink",
        lambda: _obj(
            "link",
            {"target": target, "children": {"type": "array", "items": ref("RichTextInline")}},
            "A link around inline content.",
        ),
    )
    citation = (
        "RichTextCitation",
        lambda: _obj(
            "citation",
            {
                "reference_id": {
                    "type": "integer",
                    "description": "The `id` of an entry of the treatment's references.",
                },
                "number": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The reference's number on this page, in order of first citation; show it as a "
                    "superscript after the cited words.",
                },
                "children": {"type": "array", "items": ref("RichTextInline")},
            },
            "Words that cite a reference.",
        ),
    )
    inline = builder.component(
        "RichTextInline",
        lambda: _union(builder, {"text": text, "line_break": line_break, "link": link, "citation": citation}),
    )
    inline_array = {"type": "array", "items": inline}
    paragraph = ("RichTextParagraph", lambda: _obj("paragraph", {"children": inline_array}, "A paragraph."))
    heading = (
        "RichTextHeading",
        lambda: _obj(
            "heading",
            {"level": {"type": "integer", "minimum": 1, "maximum": 6}, "children": inline_array},
            "A heading; level 2 is the highest inside an article.",
        ),
    )
    list_item = builder.component(
        "RichTextListItem",
        lambda: _obj(
            "list_item",
            {"children": inline_array, "lists": {"type": "array", "items": ref("RichTextList")}},
            "One list item, with any lists nested in it.",
        ),
    )
    list_node = (
        "RichTextList",
        lambda: _obj(
            "list",
            {"ordered": {"type": "boolean"}, "items": {"type": "array", "items": list_item}},
            "A bulleted or numbered list.",
        ),
    )
    product = (
        "RichTextProduct",
        lambda: _obj(
            "product",
            {"product": builder.serializer(ProductSerializer)},
            'A product card, from a [show_products product="…"] shortcode in the text.',
        ),
    )
    node = builder.component(
        "RichTextNode",
        lambda: _union(builder, {"paragraph": paragraph, "heading": heading, "list": list_node, "product": product}),
    )
    return builder.component(
        "RichText",
        lambda: {
            "type": "object",
            "description": "Rich text as clean HTML and as a node tree an app can render without an HTML engine.",
            "properties": {"html": {"type": "string"}, "nodes": {"type": "array", "items": node}},
            "required": ["html", "nodes"],
        },
    )
