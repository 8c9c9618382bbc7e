"""The cache aliases of a Redis-backed site, shared by the settings and the tests that run against Redis."""

REDIS_TIMEOUTS = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}  # seconds: an unreachable Redis must not hang pages


def redis_caches(url, key_prefix):
    """`default` fails open: when Redis cannot be reached it reads as empty and drops writes, so pages, the API and
    throttling carry on uncached instead of answering 500. `versions` raises, so that a content-version bump that
    did not land is seen and written again (treatments/content_versions.py)."""
    strict = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", **REDIS_TIMEOUTS},
    }
    fail_open = {**strict, "OPTIONS": {**strict["OPTIONS"], "IGNORE_EXCEPTIONS": True}}
    return {"default": fail_open, "versions": strict}
