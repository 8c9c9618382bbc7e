"""The kinds of resource an app keeps a copy of, and which of them a change touches.

A change is described by dependency keys, the same keys stored API documents record (`page:12`, `product:4`,
`image:9`, `clinician:3`, `condition:2`, `case:7`…). Each kind answers which of its resources show any of the
keys; that is the one place dependencies are derived, for sync, caches, purges and webhooks alike. The treatments
app registers treatments, products, clinicians and conditions; galleries registers cases (galleries/changes.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

_kinds = {}


@dataclass(frozen=True)
class Kind:
    """One kind of resource: its name in the log (`treatment`), its plural in the API (`treatments`), the
    resources shown for some keys (`touched(keys) -> {kind name: ids}`, which may name other kinds too), what an
    app may see (`visible()`, a queryset), their JSON (`serialize(items, request)`) and their serializer class,
    for the schema."""

    name: str
    plural: str
    touched: Callable
    visible: Callable
    serialize: Callable
    serializer: Callable


def register(kind):
    _kinds[kind.name] = kind
    return kind


def all_kinds():
    return list(_kinds.values())


def by_plural(plural):
    return next((kind for kind in _kinds.values() if kind.plural == plural), None)


def get(name):
    return _kinds[name]


class Keys:
    """Dependency keys grouped by prefix: `Keys({"image:3", "page:5"}).ids("image") == {3}`."""

    def __init__(self, keys):
        self.keys = set(keys)
        self._by_prefix = {}
        for key in self.keys:
            prefix, _, value = key.partition(":")
            self._by_prefix.setdefault(prefix, set()).add(value)

    def ids(self, prefix):
        return {int(value) for value in self._by_prefix.get(prefix, ()) if value.isdigit()}

    def __bool__(self):
        return bool(self.keys)


def touched_by(keys):
    """{kind name: ids} of every resource whose output shows any of `keys`."""
    found = {}
    keys = Keys(keys)
    if not keys:
        return found
    for kind in _kinds.values():
        for name, ids in kind.touched(keys).items():
            found.setdefault(name, set()).update(ids)
    return found
