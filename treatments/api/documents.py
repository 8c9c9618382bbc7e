"""Each live treatment's API detail JSON, built when it is published and stored beside it: a detail request reads
one row instead of walking the StreamField and loading its images, renditions, products, links and clinicians.

How a stored document stays exact:

- It is built on publish (after the page's renditions are made) for the page's own site, and stamped with the live
  revision and the code's format; a document built from another revision or by other code is never served.
- It records what it shows (images, products by id, shop id and URL, pages, clinicians, conditions, documents).
  The change log (treatments/change_log/) reads those records to know which treatments a change touches, and
  marks their documents stale in the change's own transaction (outdate_touched); a page expiring is a change
  the log writes when it takes effect, so a document linking to it is rebuilt too.
- A stale, outdated or missing document is rebuilt by the next request, which keeps it only when no change came in
  while it was being built (the row's generation is compared and set in one UPDATE).
- Nothing that depends on the request or on today is stored. Absolute URLs hold a placeholder origin replaced by
  the request's own; values a block declares `api_request_time` (a gallery link's consented cases) are slots,
  worked out per request through the block itself.
"""

import json
import logging
import secrets
from functools import cache

from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.models import Site

from ..adapters import plain
from ..conf import treatments_settings
from . import stored_documents
from .context import ApiContext
from .images import absolute
from .querysets import detail_queryset
from .serializers import treatment_detail
from .stored_documents import TreatmentApiDependency, TreatmentApiDocument

logger = logging.getLogger(__name__)


def to_json_text(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


# ---------------------------------------------------------------- keys
def dependency_keys(page, ctx):
    """What the document of `page`, built with `ctx`, would have to change with: what the walk over its body
    collected (ApiContext.dependency_keys), and the page's own credits and conditions."""
    keys = ctx.dependency_keys()
    keys |= {f"clinician:{pk}" for pk in (page.author_id, page.reviewed_by_id) if pk}
    keys |= {f"condition:{condition.pk}" for condition in page.conditions.all()}
    return keys


# ---------------------------------------------------------------- marking stale
def outdate_touched(touched, everything):
    """The change log's listener: mark stale the documents of every treatment a change touched, in the change's
    own transaction (the log works out which, from the dependencies recorded here)."""
    if everything:
        return outdate_all()
    return outdate_pages(touched.get("treatment", ()))


def outdate_pages(page_ids):
    page_ids = sorted(page_ids)
    if not page_ids:
        return 0
    return _outdate(TreatmentApiDocument.objects.filter(page_id__in=page_ids))


def outdate_all():
    return _outdate(TreatmentApiDocument.objects.all())


def _outdate(documents):
    """Rows are locked in id order first, so two editors' saves outdating the same documents cannot deadlock."""
    with transaction.atomic():
        ids = list(documents.order_by("pk").select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        return TreatmentApiDocument.objects.filter(pk__in=ids).update(stale=True, generation=F("generation") + 1)


# ---------------------------------------------------------------- building
def site_id_for(request):
    """The site a request is for; no query when there is only one site, the usual case."""
    roots = Site.get_site_root_paths()
    if len({root.site_id for root in roots}) == 1:
        return roots[0].site_id
    site = Site.find_for_request(request)
    return site.pk if site is not None else None


def build_request(site_id, origin):
    """A stand-in request for building a site's document: page URLs relative to that site, absolute URLs on a
    placeholder origin the serving request replaces with its own."""
    request = HttpRequest()
    request._wagtail_site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    request._api_base_url = origin
    return request


class Slots:
    """Per-request values left out of a stored document: a token in the JSON, and what the block needs to fill it."""

    def __init__(self, nonce):
        self.nonce = nonce
        self.items = []

    def add(self, block, name, value):
        token = f"{self.nonce}:slot:{len(self.items)}"
        block_class = type(block)
        self.items.append(
            {
                "token": token,
                "block": f"{block_class.__module__}.{block_class.__qualname__}",
                "name": name,
                "raw": block.get_prep_value(value),
            }
        )
        return token


def build(page, site_id):
    """(JSON text with placeholders, slots, dependency keys) of `page` (loaded as the detail view loads it)."""

    nonce = secrets.token_hex(12)
    origin = f"https://{nonce}.invalid"
    ctx = ApiContext(build_request(site_id, origin), page=page, slots=Slots(nonce))
    data = treatment_detail(page, ctx.request, ctx=ctx)
    return to_json_text(data), origin, ctx.slots.items, dependency_keys(page, ctx)


def store(document, generation, page, built):
    """Save a fresh build unless the document was outdated while it was being built. True when saved."""
    text, origin, slots, keys = built
    try:
        with transaction.atomic():
            saved = TreatmentApiDocument.objects.filter(pk=document.pk, generation=generation).update(
                body=text,
                origin=origin,
                slots=slots,
                stale=False,
                revision_id=page.live_revision_id,
                code_format=stored_documents.code_format(),
                built_at=timezone.now(),
            )
            if saved:
                document.dependencies.all().delete()
                TreatmentApiDependency.objects.bulk_create(
                    [TreatmentApiDependency(document=document, key=key) for key in sorted(keys)]
                )
            return bool(saved)
    except DatabaseError:  # e.g. SQLite busy under concurrent requests: serve the fresh build, keep the old row
        logger.warning("Could not store the API document of treatment %s", page.pk, exc_info=True)
        return False


def document_row(page_id, site_id):
    document, _created = TreatmentApiDocument.objects.get_or_create(page_id=page_id, site_id=site_id)
    return document


def publish_document(page):
    """Build and store the page's document for its own site: called when the page is published. A failure is
    logged and never stops the publish; the document stays stale and the first request rebuilds it."""

    try:
        with transaction.atomic():
            site = page.get_site()
            if site is None:
                return None
            document = document_row(page.pk, site.pk)
            generation = document.generation
            full = detail_queryset().filter(pk=page.pk).first()
            if full is None:  # published under a private section: the API never serves it
                return None
            store(document, generation, full, build(full, site.pk))
            return document
    except Exception:
        logger.exception("Could not build the API document of treatment %s", page.pk)
        return None


# ---------------------------------------------------------------- serving
def served_text(page, request):
    """The detail JSON of a live, public `page` for this request: from its stored document when current, else
    built now (and stored for the next request). `API_STORED_DOCUMENTS = False` builds every response afresh."""
    site_id = site_id_for(request) if treatments_settings.API_STORED_DOCUMENTS else None
    if site_id is None:  # switched off, or a host no site answers to: build for this request only
        return to_json_text(treatment_detail(detail_queryset().get(pk=page.pk), request))
    document = TreatmentApiDocument.objects.filter(page_id=page.pk, site_id=site_id).first()
    if document is None or not document.current_for(page):
        text, origin, slots = rebuilt(page, site_id, document)
    else:
        text, origin, slots = document.body, document.origin, document.slots
    return fill(text, origin, slots, page, request)


def rebuilt(page, site_id, document):

    if document is None:
        try:
            document = document_row(page.pk, site_id)
        except DatabaseError:  # e.g. SQLite busy: this request still gets its JSON, the next one stores it
            logger.warning("Could not create the API document of treatment %s", page.pk, exc_info=True)
    # The generation is read before the content: a change committed during the build bumps it, and
    # store() then keeps nothing.
    generation = document.generation if document else None
    full = detail_queryset().get(pk=page.pk)
    built = build(full, site_id)
    if document is not None:
        store(document, generation, full, built)
    text, origin, slots, _keys = built
    return text, origin, slots


def fill(text, origin, slots, page, request):
    """The stored text with this request's origin and per-request values in place."""

    text = text.replace(origin, absolute("/", request).rstrip("/"))
    for token, value in slot_values(slots, page, request):
        text = text.replace(to_json_text(token), to_json_text(value))
    return text


@cache
def _block(path):
    return import_string(path)()


def slot_values(slots, page, request):
    """(token, value) of each slot, each block's raw values converted in bulk (one query per kind, not per slot)."""

    if not slots:
        return []
    ctx = ApiContext(request, page=page)
    by_block = {}
    for slot in slots:
        by_block.setdefault(slot["block"], []).append(slot)
    values = []
    for path, items in by_block.items():
        block = _block(path)
        converted = block.bulk_to_python([item["raw"] for item in items])
        for item, value in zip(items, converted, strict=True):
            values.append((item["token"], plain(block.api_computed_value(item["name"], value, ctx))))
    return values
