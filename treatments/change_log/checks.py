"""System check: a deployment whose cache is per process counts rate limits per worker (and keeps Wagtail's own
cached entries apart), so it warns; caches' validity does not depend on it (the change log does)."""

from django.conf import settings
from django.core import checks

from ..conf import treatments_settings

PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache": "local memory",
    "django.core.cache.backends.dummy.DummyCache": "no cache at all",
}


def check_shared_cache(app_configs=None, **kwargs):
    if not treatments_settings.CHECK_SHARED_CACHE:
        return []
    found = []
    # Only the default cache: rate limits count there. Caches keyed by the change log (the API's responses) are
    # exact per process.
    for alias, config in settings.CACHES.items():
        if alias != "default":
            continue
        kind = PER_PROCESS_BACKENDS.get(config.get("BACKEND", ""))
        if kind:
            found.append(
                checks.Warning(
                    f"The {alias!r} cache is {kind}: each worker process keeps its own, so the API's rate limits "
                    "count per worker (N workers let N times the rate through) and the enquiry form's limit too.",
                    hint="Set REDIS_URL, or use Django's database cache (clinic_site.cache_config.database_caches, "
                    "then `manage.py createcachetable`) or the file cache for a single machine.",
                    obj=f"CACHES[{alias!r}]",
                    id="treatments.W001",
                )
            )
    return found
