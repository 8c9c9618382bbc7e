"""Purges of a caching proxy (Varnish with xkey) from the change log: the keys of each change, once it commits.

Every write to the change log names the resources it touched; once its transaction commits, one PURGE request
with their keys (`xkey-purge: treatment-12 treatments`) goes to FRONTEND_CACHE_URL, or a BAN of everything for a
change that may alter any resource (a site's host moved). A page that is not a treatment is not a resource of
the log: its publish, unpublish or deletion purges `page-N` and `pages` (every HTML page shows the others in its
navigation). Nothing is sent when FRONTEND_CACHE_URL is unset; a proxy that does not answer is logged, and never
breaks the change (its copies then live out their s-maxage).
"""

import logging

import requests
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import surrogate_keys
from .writing import listen

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
MAX_HEADER_CHARS = 6000  # Varnish refuses a request header longer than 8 KB by default (http_req_hdr_len)


def frontend_cache_url():
    return (getattr(settings, "FRONTEND_CACHE_URL", "") or "").rstrip("/")


def send(keys=(), everything=False):
    """PURGE the given keys (in as few requests as the header length allows), or BAN everything. The one function
    that talks to the proxy: the task worker can call it as it is."""
    url = frontend_cache_url()
    if not url:
        return
    if everything:
        return _request(url, "BAN", {})
    for chunk in chunks(sorted(keys)):
        _request(url, "PURGE", {"xkey-purge": chunk})


def chunks(keys):
    current = []
    for key in keys:
        if current and len(" ".join([*current, key])) > MAX_HEADER_CHARS:
            yield " ".join(current)
            current = []
        current.append(key)
    if current:
        yield " ".join(current)


def _request(url, method, headers):
    try:
        requests.request(method, f"{url}/", headers=headers, timeout=TIMEOUT_SECONDS).raise_for_status()
    except requests.RequestException as error:  # the change is committed whatever the proxy says: log and go on
        logger.warning("Frontend cache %s %s failed: %s", method, headers.get("xkey-purge", "everything"), error)


def after_commit(keys=(), everything=False):
    if frontend_cache_url() and (keys or everything):
        keys = set(keys)
        transaction.on_commit(lambda: send(keys, everything))


@listen
def purge_change(touched, everything):
    """The change log's listener: runs in the writing transaction, sends once that commits."""
    after_commit(surrogate_keys.keys_of_change(touched), everything)


def purge_page(sender=None, instance=None, **kwargs):
    """A page that is not a treatment changed: it, and every HTML page (their navigation shows it)."""
    from wagtail.models import Page

    from ..models import TreatmentPage

    if isinstance(instance, Page) and not isinstance(instance, TreatmentPage):
        after_commit({f"page-{instance.pk}", surrogate_keys.ALL_HTML})


page_published.connect(purge_page, dispatch_uid="purges_page_published")
page_unpublished.connect(purge_page, dispatch_uid="purges_page_unpublished")
post_page_move.connect(purge_page, dispatch_uid="purges_page_moved")
# Only for Wagtail's page rows: a receiver for every model would stop Django's fast deletes everywhere.
post_delete.connect(purge_page, sender="wagtailcore.Page", dispatch_uid="purges_page_deleted")
