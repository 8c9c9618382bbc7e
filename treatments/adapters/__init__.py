"""Block adapters: what each kind of block means to the HTML lookups, JSON-LD, the API JSON, the OpenAPI schema
and the dependency records of stored documents, through one walker. README "Adding a field kind" shows how a new
kind gets its adapter; blocks declare only what no adapter can see (treatments/blocks/api.py)."""

from . import kinds  # noqa: F401  (registers the built-in adapters)
from .registry import BlockAdapter, adapter_for, register, registry
from .walker import collect, plain, represent, represent_with_context, schema, walk

__all__ = [
    "BlockAdapter",
    "adapter_for",
    "collect",
    "plain",
    "register",
    "registry",
    "represent",
    "represent_with_context",
    "schema",
    "walk",
]
