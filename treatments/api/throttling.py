"""Rate limits for anonymous API clients, counted in the default cache (Redis when REDIS_URL is set), and the one
rule that says which client a request comes from, for every rate limit in the project.

A client is the address that connected to us (REMOTE_ADDR). `X-Forwarded-For` is written by whoever sends the
request, so it is only believed as far as `TREATMENTS_API_TRUSTED_PROXIES` says: with N trusted proxies in front of the
app, the client is the address the outermost trusted proxy saw, i.e. the N-th entry from the end of the header.
Anything further left was written by the client itself and is ignored. This is DRF's NUM_PROXIES rule, read from
our own setting so that the default (0: trust nothing) holds even where REST_FRAMEWORK is configured elsewhere.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import AnonRateThrottle

from ..conf import treatments_settings


def trusted_proxies():
    """How many proxies in front of the app append to X-Forwarded-For (TREATMENTS_API_TRUSTED_PROXIES, default 0)."""
    value = treatments_settings.API_TRUSTED_PROXIES
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(f"TREATMENTS_API_TRUSTED_PROXIES must be a whole number, 0 or more, not {value!r}.")
    return value


def client_address(request):
    """The address that identifies the client of `request` (a Django or DRF request) for rate limits."""
    meta = request.META
    remote = (meta.get("REMOTE_ADDR") or "").strip()
    proxies = trusted_proxies()
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote


class AnonApiThrottle(AnonRateThrottle):
    """Per-client limit for clients without a login; the rate comes from settings.API_ANON_RATE (e.g. "120/min")."""

    scope = "treatments_api_anon"

    def get_rate(self):
        # Read at request time, not import time, so the rate follows settings (and tests' override_settings).
        return treatments_settings.API_ANON_RATE or None

    def get_ident(self, request):
        return client_address(request)
