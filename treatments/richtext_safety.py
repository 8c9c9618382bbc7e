"""Rich text safety: the one allow-list of tags, attributes and link schemes for rich text, applied when rich text
is saved by any path (signals, below) and again whenever it leaves for a visitor or an app (the template that
renders every rich text, treatments/api/richtext.py, JSON-LD).

Links may be http, https, mailto, tel, relative or a #fragment; `javascript:`, `data:`, `vbscript:` and any other
scheme lose their `href`/`src`, however written (any case, tabs or spaces inside, character references).
`<script>` and `<style>` go with their content, and no `on…=` handler or other unlisted attribute survives.
The work is done by nh3 (Rust's ammonia, an HTML5 parser-based sanitiser), not by regular expressions.

To let a new feature through (a citation element, say), extend the sets below: they are the whole policy.
"""

import json
import re

import nh3

# ---------------------------------------------------------------- the allow-list
LINK_SCHEMES = {"http", "https", "mailto", "tel"}  # plus relative URLs and #fragments, which have no scheme

TEXT_TAGS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "br"),
    *("b", "strong", "i", "em", "u", "s", "sup", "sub", "small", "mark", "code", "abbr", "cite", "q", "span"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    "a",
}
# Attributes allowed on any tag, and `data-…` ones (Wagtail's `data-block-key`, and room for citations).
COMMON_ATTRIBUTES = {"lang", "dir", "title"}
DATA_ATTRIBUTE_PREFIXES = {"data-"}

# How Wagtail stores rich text: `<a linktype="page" id="3">`, `<embed embedtype="image" id="7" format="left"/>`.
STORED_TAGS = TEXT_TAGS | {"embed"}
STORED_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
# What a visitor's browser receives once Wagtail has expanded links and embedded images.
RENDERED_TAGS = TEXT_TAGS | {"img", "div"}
RENDERED_ATTRIBUTES = {
    "a": {"href", "class", "aria-label"},  # aria-label: a citation's "Reference 3" (treatments/evidence/citations.py)
    "img": {"src", "alt", "width", "height", "class"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "sup": {"class"},  # numbered citations
}

REMOVED_WITH_CONTENT = {"script", "style"}

# ---------------------------------------------------------------- cleaning
_EMBED_TAG = re.compile(r"<embed\b([^>]*?)\s*/?>")


def _clean(html, tags, attributes):
    return nh3.clean(
        html,
        tags=tags,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes={"*": COMMON_ATTRIBUTES, **attributes},
        generic_attribute_prefixes=DATA_ATTRIBUTE_PREFIXES,
        url_schemes=LINK_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def clean_stored(html):
    """Rich text in Wagtail's stored form, with only allow-listed tags, attributes and link schemes."""
    if not html:
        return html or ""
    cleaned = _clean(html, STORED_TAGS, STORED_ATTRIBUTES)
    # Wagtail finds embeds by their self-closing form; the sanitiser writes HTML5's `<embed …>`.
    return _EMBED_TAG.sub(r"<embed\1/>", cleaned)


def clean_rendered(html):
    """Rich text as HTML for a visitor (links expanded), with only allow-listed tags, attributes and schemes."""
    return _clean(html, RENDERED_TAGS, RENDERED_ATTRIBUTES) if html else ""


# ---------------------------------------------------------------- on save, by any path
def clean_block_value(block, raw):
    """A block's stored (JSON) value with every rich text inside it cleaned; walks streams, lists and structs."""
    from wagtail import blocks

    if isinstance(block, blocks.RichTextBlock):
        return clean_stored(raw) if isinstance(raw, str) else raw
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                item["value"] = clean_block_value(block.child_blocks[item["type"]], item.get("value"))
        return raw
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for position, item in enumerate(raw):
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item["value"] = clean_block_value(block.child_block, item["value"])
            else:
                raw[position] = clean_block_value(block.child_block, item)
        return raw
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            if name in raw:
                raw[name] = clean_block_value(child, raw[name])
        return raw
    return raw


def _stored_stream(field, value):
    """The JSON-ready list a StreamField value stands for, however it was assigned (StreamValue, list, JSON)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    prepared = field.get_prep_value(field.to_python(value) if isinstance(value, list) else value)
    return json.loads(json.dumps(prepared, default=str)) if isinstance(prepared, list) else None


def clean_instance(instance):
    """Cleans every RichTextField and every rich text inside every StreamField of `instance`, in place."""
    from wagtail.fields import RichTextField, StreamField

    for field in instance._meta.concrete_fields:
        if isinstance(field, RichTextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and value:
                cleaned = clean_stored(value)
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)
        elif isinstance(field, StreamField):
            stored = _stored_stream(field, getattr(instance, field.attname))
            if stored is None:
                continue
            before = json.dumps(stored, sort_keys=True)
            cleaned = clean_block_value(field.stream_block, stored)
            if json.dumps(cleaned, sort_keys=True) != before:
                setattr(instance, field.attname, cleaned)


def clean_before_save(sender, instance, raw=False, **kwargs):
    """`pre_save` receiver for every model, fixtures (raw=True) and data migrations' historical models included."""
    clean_instance(instance)
