"""How blocks describe themselves to the API. The block adapters (treatments/adapters) turn any block definition
into both its JSON and its OpenAPI component, so adding a block never means writing its schema by hand. Blocks
only declare what no adapter can see:

- `api_computed`: extra read-only properties, name → OpenAPI schema (or a callable taking the schema builder),
  valued by `api_computed_value(name, value, lookups)`, which by default reads the attribute of the StructValue
  (e.g. FAQValue.anchor_id, CostOptionValue.total_from).
- `api_request_time`: names among `api_computed` whose value may change with no page, snippet or image saved
  (e.g. consent expiring), or that depend on the request. A treatment's stored API document leaves them out and
  each request works them out again, through `api_computed_value` on the block's own raw value.
- `api_component_name`: the component's name in the schema; the class name by default.
"""

from ..adapters import represent_with_context


class ApiBlockMixin:
    """Gives a block the API JSON its adapter builds; Wagtail's own API v2 gets the same JSON through it."""

    api_computed = {}
    api_request_time = ()

    def api_computed_value(self, name, value, ctx):
        return getattr(value, name)

    def get_api_representation(self, value, context=None):
        return represent_with_context(self, value, context)
