"""Rate limits for anonymous API clients, counted in the default cache (Redis when REDIS_URL is set)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonApiThrottle(AnonRateThrottle):
    """Per-IP limit for clients without a login; the rate comes from settings.API_ANON_RATE (e.g. "120/min")."""

    scope = "treatments_api_anon"

    def get_rate(self):
        # Read at request time, not import time, so the rate follows settings (and tests' override_settings).
        return getattr(settings, "API_ANON_RATE", "120/min") or None
