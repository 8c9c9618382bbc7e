"""The change log: one ordered record of everything that alters what a route shows, written in the change's own
transaction and read by every cache, the sync feed, and (next) CDN purges and webhooks.

- `record(cause, resources, keys)` / `record_everything(cause)`: write (writing.py); receivers.py calls them for
  pages, snippets, images, documents, sites and privacy; galleries/changes.py for cases and consent.
- `batched()`: records made inside are written as one when it ends (an image's renditions, for one).
- `head()`: the latest entry, read once per request; caches key what they hold by it (reading.py).
- `rows_after(entry, kinds, limit)`: the rows after a cursor, each naming one resource (reading.py).
- `kinds`: which resources a change touches, from the dependency keys stored documents record (kinds.py).
- `due`: changes the clock makes with nobody acting, written when they take effect (due.py).
"""

from . import purges  # noqa: F401  (connects the proxy purges to every write)
from .reading import Head, head, rows_after
from .writing import batched, listen, record, record_everything

__all__ = ["Head", "batched", "head", "listen", "record", "record_everything", "rows_after"]
