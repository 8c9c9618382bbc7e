"""HTTP caching of API responses: ETag, Last-Modified, 304s, Cache-Control, and a server-side response cache.

Whether anything cached is current is the change log's answer (treatments/change_log/): every stored body is
keyed by the log's head, read once per request from the database, so a change committed by any process (another
web worker, the shell, a cron job) makes every stored body stale on each process's next request. A change the
clock makes (a page expiring, a consent ending at midnight) is written to the log when it takes effect, so it
moves the head too; clients and CDNs are told to keep a copy no longer than until then. When the cache itself
cannot be reached, everything is served uncached; what it held before is keyed by an older head and never read.
Only anonymous, public responses are stored; previews never are, so a cache key can never lead to a draft.
"""

import hashlib

from django.core.cache import cache, caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from .. import change_log
from ..conf import treatments_settings


def last_modified_of(*moments):
    """The latest of the given moments and the log's last change, so If-Modified-Since never misses a change
    to an embedded product or image that left the page's own publish date alone."""
    return max((moment for moment in (*moments, change_log.head().changed_at) if moment is not None), default=None)


def cache_control():
    max_age = int(treatments_settings.API_CACHE_MAX_AGE)
    shared = int(treatments_settings.API_CACHE_S_MAXAGE)
    left = change_log.head().seconds_until_due()
    if left is not None:  # no copy anywhere may outlive the clock's next change (an expiry, a consent's end)
        max_age, shared = min(max_age, left), min(shared, left)
    return f"public, max-age={max_age}, s-maxage={shared}, stale-while-revalidate={max_age}"


def response_key(request):
    """The request's cache key, made once: the lookup and the store use the head read before the body was
    built, so a body built while a change landed is stored under the old head, never the new one."""
    key = getattr(request, "_api_response_key", None)
    if key is None:
        raw = "|".join(
            [request.scheme, request.get_host(), request.path, "&".join(sorted(request.GET.urlencode().split("&")))]
        )
        digest = hashlib.sha256(raw.encode()).hexdigest()
        key = f"treatments_api:response:{change_log.head().entry}:{digest}"
        request._api_response_key = key
    return key


def etag_for(body):
    return quote_etag(hashlib.sha256(body).hexdigest()[:32])


def not_modified(request, etag, last_modified):
    """True when the client's copy is current: If-None-Match wins over If-Modified-Since (RFC 9110)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since and last_modified and int(last_modified.timestamp()) <= since)


def build_response(request, body, last_modified):
    """A JSON response with validators and caching headers, or a 304 when the client already has it."""
    etag = etag_for(body)
    headers = {"ETag": etag, "Cache-Control": cache_control(), "Vary": "Accept-Encoding"}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    if not_modified(request, etag, last_modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    for name, value in headers.items():
        response[name] = value
    return response


def cacheable(request):
    return request.method == "GET" and not request.user.is_authenticated


def response_cache():
    """TREATMENTS_API_RESPONSE_CACHE's alias; the default cache where a site's CACHES has no such alias."""
    try:
        return caches[treatments_settings.API_RESPONSE_CACHE]
    except InvalidCacheBackendError:
        return cache


def get_cached(request):
    """The stored (body, last_modified) of this exact request, or None."""
    if not cacheable(request) or not int(treatments_settings.API_RESPONSE_CACHE_SECONDS):
        return None
    stored = response_cache().get(response_key(request))
    if stored is None or len(stored) != 2:
        return None
    return stored


def store(request, body, last_modified):
    timeout = int(treatments_settings.API_RESPONSE_CACHE_SECONDS)
    if cacheable(request) and timeout:
        response_cache().set(response_key(request), (body, last_modified), timeout=timeout)


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def cached_response(request, build):
    """The answer to a GET, from the response cache when it holds one; else `build()` gives (JSON bytes, the
    moment its content last changed), which is stored for the next request."""
    cached = get_cached(request)
    if cached is not None:
        body, last_modified = cached
        return build_response(request, body, last_modified)
    body, last_modified = build()
    last_modified = last_modified_of(last_modified)
    store(request, body, last_modified)
    return build_response(request, body, last_modified)
