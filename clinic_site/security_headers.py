"""Security headers on every response: the Content-Security-Policy chosen by path, and the headers that neither
Django's SecurityMiddleware nor `check --deploy` cover (Permissions-Policy, Cross-Origin-Resource-Policy).

Three policies, set in settings (`CONTENT_SECURITY_POLICY` and `CSP_POLICIES_BY_PATH`):
- the public site and the API: scripts and styles from this site's own files only, nothing inline;
- the Wagtail and Django admins: Wagtail 8 still writes inline <script> for some widgets and panels and sets
  inline styles, so inline is allowed there, to signed-in staff only; never `eval`;
- the Swagger UI of the API docs: its own stylesheet plus the inline styles Swagger UI sets.
`frame-ancestors` always follows the response's X-Frame-Options, so the two headers never disagree (Wagtail's
live preview frames same-origin pages; everything else follows X_FRAME_OPTIONS).
"""

from urllib.parse import urlsplit

from csp.constants import HEADER, NONE, SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

from .conf import security_settings

FRAME_ANCESTORS_FOR_X_FRAME_OPTIONS = {"DENY": [NONE], "SAMEORIGIN": [SELF]}


def origin_of(url):
    """The scheme://host[:port] of an absolute URL (a media bucket or CDN), or None for a site-relative one."""
    parts = urlsplit(url or "")
    if parts.scheme in {"http", "https"} and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def directives_for_path(path):
    """The CSP directives of the first `CSP_POLICIES_BY_PATH` prefix the path starts with, else the public ones."""
    for prefix, directives in security_settings.CSP_POLICIES_BY_PATH:
        if path.startswith(prefix):
            return directives
    return settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]


class PathPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy picked by path and frame-ancestors matched to X-Frame-Options.

    A view decorated with django-csp's `csp_replace`/`csp_update` still adjusts whichever policy applies.
    """

    def process_response(self, request, response):
        # Wagtail's preview runs the page through the whole middleware stack for a made-up request to the page's
        # own URL, inside the real admin request: the header written then (public path, that request's
        # X-Frame-Options) is replaced by the one for the request the browser actually made.
        if getattr(response, "_clinic_csp_written", False):
            del response[HEADER]
        response = super().process_response(request, response)
        response._clinic_csp_written = HEADER in response
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None:
            parts.config = default_config(directives_for_path(request.path_info))
        frame_ancestors = FRAME_ANCESTORS_FOR_X_FRAME_OPTIONS.get(response.get("X-Frame-Options", "").upper())
        if frame_ancestors is not None:
            parts.replace = {**(parts.replace or {}), "frame-ancestors": frame_ancestors}
        return parts


def permissions_policy_header(features):
    """`camera=(), fullscreen=(self)` from {"camera": [], "fullscreen": ["self"]}."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


def resource_policy_for_path(path):
    """Cross-Origin-Resource-Policy: files other sites and apps may load (API, images, static) are
    `cross-origin`; pages and the admin are `same-origin`, so no other site can pull them in as a resource."""
    shared = security_settings.CROSS_ORIGIN_SHARED_PATH_PREFIXES
    return "cross-origin" if path.startswith(tuple(shared)) else "same-origin"


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response, views' own values kept."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(security_settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", resource_policy_for_path(request.path_info))
        return response
