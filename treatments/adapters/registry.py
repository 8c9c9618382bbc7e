"""Which adapter speaks for a block: one per block or field kind, found through the block's class hierarchy.

In the spirit of Wagtail's telepath `register(StructBlockAdapter(), StructBlock)`: the adapter registered for the
nearest class in `type(block).__mro__` wins, so `ImageBlock` (a StructBlock) gets the image adapter and a site's
`class DoseBlock(StructBlock)` gets the struct adapter, whatever order adapters were registered in.
"""

from functools import cache


class BlockAdapter:
    """What one kind of block means to the walks over a body (treatments/adapters/walker.py).

    - `children`: the (block, value) pairs inside a value, for walks that descend (lookups, dependencies);
    - `collect`: tell a page's lookups (treatments.api.context.ApiContext) what the value refers to;
    - `to_json`: the value's JSON, built from loaded lookups without a query;
    - `schema`: the OpenAPI schema of that JSON, through the schema builder (treatments/api/schema.py).
    """

    def children(self, block, value):
        return ()

    def collect(self, block, value, lookups):
        pass

    def to_json(self, block, value, lookups):
        raise NotImplementedError

    def schema(self, block, builder):
        raise TypeError(
            f"No API schema for {type(block).__name__}: register an adapter for it (treatments.adapters.register)."
        )


class Registry:
    def __init__(self):
        self._adapters = {}
        self._lookups_class = None

    def register(self, adapter, *block_classes):
        for block_class in block_classes:
            self._adapters[block_class] = adapter
        self._adapter_for_class.cache_clear()

    def adapter_for(self, block):
        return self._adapter_for_class(type(block))

    @cache  # noqa: B019 (one registry per process; classes are few)
    def _adapter_for_class(self, block_class):
        for klass in block_class.__mro__:
            if klass in self._adapters:
                return self._adapters[klass]
        raise TypeError(f"No block adapter for {block_class.__name__}")

    def use_lookups(self, lookups_class):
        """The lookups a block's JSON is built with when no response prepared them (e.g. Wagtail's API v2).
        The API's lookup module registers itself, so blocks never import the API."""
        self._lookups_class = lookups_class

    def new_lookups(self, request=None):
        if self._lookups_class is None:
            raise RuntimeError("No page lookups registered: import treatments.api.context before building JSON.")
        return self._lookups_class(request=request)


registry = Registry()
register = registry.register
adapter_for = registry.adapter_for
