"""Content versions: numbers kept in the cache that every cached copy's key carries, so changing one makes all
those copies stale at once (the treatments API's responses, the galleries' embeds).

The site's default cache fails open: when Redis cannot be reached it reads as empty and ignores writes, so pages
and the API are built per request instead of failing. A bump must not be lost that way, or copies cached before
an outage would look current once Redis answers again. So bumps are written through the `versions` cache alias,
which does raise; a bump that fails is kept here and written again before this process trusts the cache again,
and until then every version it reads is new, so nothing cached is served from it.
"""

import logging
import threading
import time

from django.core.cache import cache, caches
from django.core.cache.backends.base import InvalidCacheBackendError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1  # while the cache is unreachable, try it at most this often (each try may wait for a timeout)

_unwritten = {}  # key -> the version a failed bump meant to write
_next_try = 0.0
_lock = threading.Lock()


def _writer():
    try:
        return caches["versions"]
    except InvalidCacheBackendError:  # a site without the alias: the default cache, errors and all
        return cache


def write_unwritten(force=False):
    """Writes the bumps that failed; True when none is left. Tries at most every RETRY_SECONDS unless forced."""
    global _next_try
    with _lock:
        if _unwritten and not force and time.monotonic() < _next_try:
            return False
        for key, version in list(_unwritten.items()):
            try:
                _writer().set(key, version, timeout=None)
            except Exception:  # whatever the backend raises when it cannot be reached
                _next_try = time.monotonic() + RETRY_SECONDS
                return False
            del _unwritten[key]
        return True


def bump(key):
    """Makes every copy cached under `key`'s version stale; never raises. Returns the new version."""
    version = time.time_ns()
    with _lock:
        first_failure = key not in _unwritten
        _unwritten[key] = version
    if not write_unwritten(force=True) and first_failure:
        logger.error("Could not reach the cache to invalidate %s: written again before anything cached is served.", key)
    return version


def current(key):
    """The version to put in cache keys now. A fresh, unshared one while a bump is unwritten, so a cache that
    missed an invalidation is never read."""
    if _unwritten and not write_unwritten():
        return time.time_ns()
    version = cache.get(key)
    return version if version is not None else bump(key)


# The version every cached treatments API response carries. Here, not in treatments.api.caching, so other apps
# whose content the API embeds (galleries' consented cases) can make those responses stale without importing the API.
TREATMENTS_API = "treatments_api:content_version"


def bump_treatments_api(**kwargs):
    """Makes every cached treatments API response stale, even across a cache outage. A signal receiver too."""
    return bump(TREATMENTS_API)


def unwritten_bumps():
    return dict(_unwritten)


def forget_unwritten():
    """For tests that end with the cache unreachable on purpose."""
    global _next_try
    with _lock:
        _unwritten.clear()
        _next_try = 0.0
