"""The one walk over a block value: lookups, dependency records, API JSON and the OpenAPI schema all go through
it, and each step asks the block's adapter (registry.py) what to do, so no walk names a block kind."""

from decimal import Decimal

from .registry import adapter_for, registry


def walk(block, value):
    """Every (block, value) pair inside a block value, depth first, the block itself included."""
    yield block, value
    if value is None:
        return
    for child_block, child_value in adapter_for(block).children(block, value):
        yield from walk(child_block, child_value)


def collect(block, value, lookups):
    """Tell `lookups` everything the value refers to (images, pages, snippets, rich text), before one `load()`."""
    for child_block, child_value in walk(block, value):
        if child_value is not None:
            adapter_for(child_block).collect(child_block, child_value, lookups)


def represent(block, value, lookups):
    """The API JSON of `value`, from lookups already loaded: no query."""
    return adapter_for(block).to_json(block, value, lookups)


def schema(block, builder):
    """The OpenAPI schema (or a `$ref` to a component) of the JSON `represent` builds for `block`."""
    return adapter_for(block).schema(block, builder)


def represent_with_context(block, value, context):
    """Wagtail's `get_api_representation`: the response's prepared lookups, or lookups prepared now."""
    lookups = (context or {}).get("api")
    if lookups is None:
        lookups = registry.new_lookups(request=(context or {}).get("request"))
        collect(block, value, lookups)
        lookups.load()
    return represent(block, value, lookups)


def plain(value):
    """A stored value as JSON: decimals as strings (no float rounding), dates as ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
