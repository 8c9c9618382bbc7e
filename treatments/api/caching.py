"""HTTP caching of API responses: ETag, Last-Modified, 304s, Cache-Control, and a server-side response cache.

Cached bodies live in the default cache (Redis in production) under keys that carry a content version. Publishing,
unpublishing, deleting a page, or changing a snippet, image or privacy setting bumps the version (signals.py),
so every cached response goes stale at once; apps whose content treatments embed (galleries' consented cases)
bump it too. Visibility can also change with the date alone (a consent expiring), so the start of each day counts
as a change: keys carry the date and Last-Modified is never earlier than today's midnight. So does a page's expiry
(treatments/expiry.py): a stored body is kept, and clients are told to cache it, no longer than until the next
expiry, and Last-Modified is never earlier than the last one. Only anonymous, public responses are stored;
previews never are, so a cache key can never lead to a draft.
"""

import hashlib
from datetime import UTC, datetime

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from .. import content_versions, expiry
from ..conf import treatments_settings

VERSION_KEY = content_versions.TREATMENTS_API


def content_version():
    return content_versions.current(VERSION_KEY)


def start_of_today():
    """Local midnight: date-bound visibility (consent expiry) changes then, with nobody saving anything."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))


def content_changed_at():
    """When anything a response may embed last changed (snippets, images, links, cases, the date, an expiry)."""
    moments = [datetime.fromtimestamp(content_version() / 1e9, tz=UTC), start_of_today(), expiry.horizon().last_expiry]
    return max(moment for moment in moments if moment is not None)


def last_modified_of(*moments):
    """The latest of the given moments and the last content change, so If-Modified-Since never misses a change
    to an embedded product or image that left the page's own publish date alone."""
    return max(moment for moment in (*moments, content_changed_at()) if moment is not None)


def cache_control():
    max_age = int(treatments_settings.API_CACHE_MAX_AGE)
    shared = int(treatments_settings.API_CACHE_S_MAXAGE)
    left = expiry.horizon().seconds_left()
    if left is not None:  # no copy anywhere may outlive the next expiry
        max_age, shared = min(max_age, left), min(shared, left)
    return f"public, max-age={max_age}, s-maxage={shared}, stale-while-revalidate={max_age}"


def response_key(request):
    """The request's cache key, made once: the lookup and the store use the version read before the body was
    built, so a body built while a change landed is stored under the old version, never the new one."""
    key = getattr(request, "_api_response_key", None)
    if key is None:
        raw = "|".join(
            [request.scheme, request.get_host(), request.path, "&".join(sorted(request.GET.urlencode().split("&")))]
        )
        digest = hashlib.sha256(raw.encode()).hexdigest()
        key = f"treatments_api:response:{content_version()}:{timezone.localdate()}:{digest}"
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


def get_cached(request):
    """The stored (body, last_modified) of this exact request, or None; None too once a page expired since."""
    if not cacheable(request):
        return None
    stored = cache.get(response_key(request))
    if stored is None or len(stored) != 3:
        return None
    body, last_modified, valid_until = stored
    if valid_until is not None and timezone.now() >= valid_until:
        return None
    return body, last_modified


def store(request, body, last_modified):
    if cacheable(request):
        timeout = int(treatments_settings.API_RESPONSE_CACHE_SECONDS)
        valid_until = expiry.horizon().next_expiry
        cache.set(response_key(request), (body, last_modified, valid_until), timeout=timeout)


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
