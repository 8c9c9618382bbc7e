"""The caches of the site: Redis when REDIS_URL is set, else a store every process on the machine shares.

Whether a cached copy is current never depends on the cache: copies are keyed by the change log's head, read from
the database (treatments/change_log/). The cache must still be shared by every process, because rate limits
count in it, and Wagtail keeps its own entries there (site root paths, renditions) that it clears on change.
"""

REDIS_TIMEOUTS = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}  # seconds: an unreachable Redis must not hang pages


def redis_caches(url, key_prefix):
    """Fails open: when Redis cannot be reached it reads as empty and drops writes, so pages, the API and throttling
    carry on uncached instead of answering 500."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                **REDIS_TIMEOUTS,
            },
        }
    }


def file_caches(directory):
    """The embedded default: files in one folder, shared by every process on the machine (web workers, the task
    worker, the shell), with no server to run."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(directory),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }


def responses_cache():
    """The API's rendered responses, in each process's own memory. Exact in every process, because each entry is
    keyed by the change log's head (read from the database per request), and faster than a shared store; each
    worker builds its own copy once per change."""
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "clinic-api-responses",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }


def database_caches(table="clinic_cache"):
    """Production without Redis: Django's database cache, shared by every worker on every machine
    (`manage.py createcachetable` makes the table; `make run` and the deploy steps run it)."""
    return {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}}
