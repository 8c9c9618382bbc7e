"""Surrogate keys: which resources a response shows, in one header a caching proxy or CDN purges by.

A key names a resource the change log knows (`treatment-12`, `case-3`, `product-4`) or a kind's list (`treatments`,
`cases`); `page-N` names an HTML page that is not a treatment, and `pages` every HTML page (their navigation and
footer show other pages). A detail only needs its own key: the change log already names treatment 12 whenever
anything it shows changes (a product's price, a case's consent), so purging `treatment-12` is enough. Views may add
keys with `show(request, ...)`; `SurrogateKeyMiddleware` is the one place the header is written, from those keys,
the API route answered and the Wagtail page rendered. No key costs a query.
"""

from ..conf import treatments_settings
from . import kinds

ALL_HTML = "pages"  # every HTML page: the header and footer show other pages and the site's settings
# Pages that are not treatments (home, index, gallery, search, sitemap, a 404) may list treatments and cases.
LISTING_KEYS = ("treatments", "cases")
# CDNs whose tag header is a comma-separated list; Varnish's xkey and Fastly's Surrogate-Key take spaces.
COMMA_SEPARATED = {"cache-tag", "edge-cache-tag"}
# Routes of the site that list everything, by URL name.
LISTING_ROUTES = {"search", "sitemap"}


def resource_key(kind_name, pk):
    return f"{kind_name}-{pk}"


def kind_key(kind_name):
    """The key of a kind's lists: its plural in the API (`treatments`)."""
    found = {kind.name: kind.plural for kind in kinds.all_kinds()}
    return found.get(kind_name, f"{kind_name}s")


def keys_of_change(touched):
    """The keys to purge for a write to the change log ({kind name: ids}): each resource and its kind's lists."""
    keys = set()
    for name, ids in touched.items():
        if ids:
            keys.add(kind_key(name))
            keys.update(resource_key(name, pk) for pk in ids)
    return keys


def show(request, *keys):
    """Note that this response shows the resources named by `keys`."""
    if not hasattr(request, "_surrogate_keys"):
        request._surrogate_keys = set()
    request._surrogate_keys.update(keys)


def keys_of_route(match):
    """Keys of an API route: `treatment-detail` with pk 12 shows `treatment-12`; a list, or a detail found by slug
    or path (whose id the URL does not say), the kind's key `treatments`."""
    if match is None or not match.url_name:
        return set()
    if match.url_name in LISTING_ROUTES:
        return {ALL_HTML, *LISTING_KEYS}
    kind_name, _, action = match.url_name.partition("-")
    known = {kind.name: kind for kind in kinds.all_kinds()}
    if kind_name not in known:
        return set()
    if action == "detail" and str(match.kwargs.get("pk", "")).isdigit():
        return {resource_key(kind_name, match.kwargs["pk"])}
    return {known[kind_name].plural}


def keys_of_page(page):
    """Keys of a rendered Wagtail page: a treatment names itself; any other page itself and the lists it may show."""
    from ..models import TreatmentPage

    if isinstance(page, TreatmentPage):
        return {resource_key("treatment", page.pk), ALL_HTML}
    return {f"page-{page.pk}", ALL_HTML, *LISTING_KEYS}


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


class SurrogateKeyMiddleware:
    """Writes the surrogate key header (TREATMENTS_SURROGATE_KEY_HEADER, e.g. `xkey`) on GET and HEAD answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = treatments_settings.SURROGATE_KEY_HEADER
        if not header or request.method not in ("GET", "HEAD") or header in response:
            return response
        keys = set(getattr(request, "_surrogate_keys", ())) | keys_of_route(getattr(request, "resolver_match", None))
        if not keys and is_html(response):  # e.g. a 404 where a page may be published next
            keys = {ALL_HTML, *LISTING_KEYS}
        if keys:
            response[header] = ("," if header.lower() in COMMA_SEPARATED else " ").join(sorted(keys))
        return response

    def process_template_response(self, request, response):
        page = (response.context_data or {}).get("page")
        if page is not None and getattr(page, "pk", None):
            show(request, *keys_of_page(page))
        return response
