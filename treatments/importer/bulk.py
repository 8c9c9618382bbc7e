"""Writes a chunk of new imported pages, their first revisions and history entries in a few queries at once.

`add_child()` and `save_revision()` cost about 30 queries per new page. `NewPages` gives each new page what those
two calls give it (tree path, depth, url_path, locale, the rich text cleaning every save does, the review date
`TreatmentPage.save` works out, one draft revision, the "wagtail.create" and "treatments.import" history entries,
the import origin record, search and reference indexing) and writes them all together in `flush()`.

Only drafts are written here. Updates, publishing and anything this module does not know how to reproduce (another
page type, a receiver of page saves it has not been told about, a database that cannot return new ids) go through
Wagtail as before: `for_chunk()` returns None and the caller takes the normal path.
"""

import logging
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_actions
from wagtail.models import Page, PageLogEntry, Revision

from .. import richtext_safety
from ..evidence import reviews
from ..models import TreatmentPage
from . import indexing
from .origins import ImportedArticle

logger = logging.getLogger(__name__)

CREATE_ACTION = "wagtail.create"
LOG_ACTION = "treatments.import"
# Validated by the importer itself, or set by Wagtail and the importer: full_clean need not query to prove them.
TRUSTED_FIELDS = [
    "body",
    "content_type",
    "locale",
    "latest_revision",
    "live_revision",
    "owner",
    "locked_by",
    "alias_of",
    "page_ptr",
]

# Receivers of these models' saves that writing rows directly is known to stand in for: the locale and rich text
# cleaning are done in `add`, URL bookkeeping only concerns pages already saved, and the search and reference
# index (and the importer's stand-ins for them while a batch runs) are given the new rows in `flush`.
# A receiver not listed here means someone expects to hear of page saves: the chunk then goes the normal way.
KNOWN_RECEIVERS = {
    "wagtail.models.i18n.set_locale_on_new_instance",
    "treatments.richtext_safety.clean_before_save",
    "treatments.api.signals.remember_url_path",
    "treatments.api.signals.outdate_moved_urls",
    "treatments.change_log.receivers.remember_url_path",  # the same two, in the change log: a new page has no
    "treatments.change_log.receivers.on_page_saved",  # URL before its save, so neither has anything to record
    "modelsearch.signal_handlers.post_save_signal_handler",
    "wagtail.signal_handlers.update_reference_index_on_save",
    "treatments.importer.indexing._search_on_save",
    "treatments.importer.indexing._record_save",
}
WRITTEN_MODELS = (Page, TreatmentPage, Revision, PageLogEntry, ImportedArticle)


class UnsafeToWrite(Exception):
    """Something changed under the chunk (a sibling took a slug or a tree position): it is imported page by page."""


def receiver_names(model):
    """Dotted names of the functions listening to `model`'s saves (Django gives sync and async ones apart)."""
    names = set()
    for signal in (pre_save, post_save):
        sync, asynchronous = signal._live_receivers(model)
        for receiver in (*sync, *asynchronous):
            names.add(f"{getattr(receiver, '__module__', '?')}.{getattr(receiver, '__qualname__', repr(receiver))}")
    return names


def unknown_receivers():
    """Receivers of saves of the models written here that bulk writing would silently skip."""
    found = set()
    for model in WRITTEN_MODELS:
        found |= receiver_names(model) - KNOWN_RECEIVERS
    return sorted(found)


class LazySavepoint:
    """Opened only when an article first writes (a placeholder product, a clinician, an image): an article that
    writes nothing costs no query, and one that fails after writing leaves nothing behind."""

    def __init__(self):
        self.sid = None

    def __call__(self):
        if self.sid is None:
            self.sid = transaction.savepoint()

    def release(self):
        if self.sid is not None:
            transaction.savepoint_commit(self.sid)

    def rollback(self):
        if self.sid is not None:
            transaction.savepoint_rollback(self.sid)


class NewPages:
    """The new pages of one chunk of articles under `parent`, validated as they come and written in `flush()`."""

    def __init__(self, parent, options, lookups):
        self.parent = parent
        self.user = options.user
        self.lookups = lookups
        self.pending = []  # (page, origin record, history data, the article's report line)
        self.depth = parent.depth + 1
        self.next_step = None  # the tree position after the parent's last child, read at the first new page

    def first_free_step(self):
        last = (
            Page.objects.filter(path__startswith=self.parent.path, depth=self.depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        return Page._str2int(last[-Page.steplen :]) + 1 if last else 1

    @classmethod
    def for_chunk(cls, parent, options, lookups):
        """A NewPages for the chunk, or None when the chunk must take the normal path (and why is logged)."""
        if options.dry_run or not options.write_together:
            return None  # a dry run writes nothing, so there is nothing to write together
        if not connection.features.can_return_rows_from_bulk_insert:
            return None  # new ids are needed for the revisions; MySQL does not return them
        unknown = unknown_receivers()
        if unknown:
            logger.info("Importing page by page: saves are listened to by %s", ", ".join(unknown))
            return None
        return cls(parent, options, lookups)

    @staticmethod
    def takes(page):
        """Only treatment pages, whose save logic `add` reproduces; a subclass may do more when saved."""
        return type(page) is TreatmentPage

    def add(self, page, record, log_data, result):
        """Place `page` under the parent as add_child() would and validate it as the normal path does; it is
        written with the chunk. Raises ValidationError like full_clean()."""
        parent = self.parent
        if self.next_step is None:
            self.next_step = self.first_free_step()
        key = Page._int2str(self.next_step)
        if len(key) > Page.steplen:
            raise UnsafeToWrite(f"{parent.title} has no room for more children")
        page.depth, page.numchild = self.depth, 0
        page.path = Page._get_path(parent.path, self.depth, self.next_step)
        page._cached_parent_obj = parent
        page.locale_id = page.locale_id or parent.locale_id  # what get_default_locale() reads, without a query
        page.set_url_path(parent)
        page._check_slug_is_unique = lambda: self.check_slug(page)  # against the slugs the batch read once
        # Uniqueness of path and translation key is the database's to prove when the chunk is written.
        page.full_clean(exclude=TRUSTED_FIELDS, validate_unique=False)
        del page._check_slug_is_unique
        richtext_safety.clean_instance(page)  # what every save does before writing (a pre_save receiver)
        page.next_review_due = reviews.next_review_due(page)  # what TreatmentPage.save works out
        page.draft_title = page.title
        self.next_step += 1
        self.lookups.taken_slugs.add(page.slug)
        _hold_relations_in_memory(page)
        self.pending.append((page, record, log_data, result))
        self.lookups.remember_pending(record.source_url, record.source_slug, stand_in(len(self.pending)))

    def check_slug(self, page):
        if page.slug in self.lookups.taken_slugs:
            raise ValidationError(
                {"slug": f"The slug '{page.slug}' is already in use within the parent page at '{self.parent.url}'."}
            )

    def flush(self):
        """Write every pending page, revision, history entry and origin record; the caller's transaction holds
        them, so a failure leaves nothing of the chunk."""
        if not self.pending:
            return
        pages = [page for page, *_rest in self.pending]
        slugs = [page.slug for page in pages]
        siblings = Page.objects.filter(path__startswith=self.parent.path, depth=self.depth)
        if siblings.filter(slug__in=slugs).exists():
            raise UnsafeToWrite("a page with one of these slugs was added meanwhile")
        now = timezone.now()
        for page in pages:
            page.live, page.has_unpublished_changes = False, True
            page.latest_revision_created_at = now
        insert_pages(pages, before_bodies=self.fill_in_links)
        revisions = [self.first_revision(page, now) for page in pages]
        Revision.objects.bulk_create(revisions)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = revision
        Page.objects.bulk_update(pages, ["latest_revision"])
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(pages))
        self.parent.numchild += len(pages)
        PageLogEntry.objects.bulk_create(self.history(now, revisions))
        records = [record for _page, record, *_rest in self.pending]
        for page, record, _log, result in self.pending:
            record.page = page
            result.page_id = page.pk
        ImportedArticle.objects.bulk_create(records)
        indexing.write_references([*pages, *revisions, *records])
        for model, rows in ((TreatmentPage, pages), (Revision, revisions), (ImportedArticle, records)):
            indexing.record_inserted(model, [row.pk for row in rows])
        for record in records:
            self.lookups.imported(record)
        logger.info("Created %d draft pages under %s at once", len(pages), self.parent.url_path)

    def fill_in_links(self):
        """Links to pages of this chunk held stand-in ids until the pages had theirs."""
        ids = {stand_in(number): page.pk for number, (page, *_rest) in enumerate(self.pending, start=1)}
        for page, _record, _log, result in self.pending:
            if result.links_to_chunk:
                page.body = _fill_in(list(page.body.raw_data), ids)

    def first_revision(self, page, now):
        """The revision save_revision() would make: its content is the page as add_child() left it."""
        page.has_unpublished_changes, page.latest_revision_created_at = False, None
        content = page.serializable_data()
        page.has_unpublished_changes, page.latest_revision_created_at = True, now
        return Revision(
            content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
            user=self.user,
            content=content,
            object_str=str(page)[:255],
            created_at=now,
        )

    def history(self, now, revisions):
        """Each page's "wagtail.create" entry (as Page.save logs it) and then its import entry."""
        for action in (CREATE_ACTION, LOG_ACTION):
            if not log_actions.action_exists(action):
                raise UnsafeToWrite(f"the history action {action} is not registered")
        context = get_active_log_context()
        entries = []
        for (page, _record, log_data, _result), revision in zip(self.pending, revisions, strict=True):
            common = {
                "content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
                "label": page.get_admin_display_title(),
                "timestamp": now,
                "uuid": context.uuid,
                "page_id": page.pk,
                "content_changed": True,
            }
            entries.append(PageLogEntry(action=CREATE_ACTION, user=self.user or page.owner or context.user, **common))
            entries.append(
                PageLogEntry(
                    action=LOG_ACTION, user=self.user or context.user, revision=revision, data=log_data, **common
                )
            )
        return entries


def stand_in(number):
    """The id a link to the chunk's `number`th page holds until the page is written (rich text keeps it as text)."""
    return f"chunk-page-{number}"


STAND_IN_RE = re.compile(r'(<a linktype="page" id=")(chunk-page-\d+)(")')


def _fill_in(value, ids):
    if isinstance(value, str):
        return STAND_IN_RE.sub(lambda match: f"{match[1]}{ids.get(match[2], match[2])}{match[3]}", value)
    if isinstance(value, list):
        return [_fill_in(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: _fill_in(item, ids) for key, item in value.items()}
    return value


def insert_pages(pages, before_bodies=None):
    """INSERT the pages' base rows, then their treatment rows with the new ids: what save() does for one page of a
    multi-table model, for all at once (QuerySet.bulk_create refuses multi-table models, so its insert is used).
    `before_bodies` runs once the ids are known, before the bodies are written."""
    db = connection.alias
    base_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    ids = iter(_insert(Page, pages, base_fields, returning=Page._meta.db_returning_fields))
    for page in pages:
        page.id = page.page_ptr_id = next(ids)[0]
    if before_bodies is not None:
        before_bodies()
    _insert(TreatmentPage, pages, TreatmentPage._meta.local_concrete_fields)
    for page in pages:
        page._state.adding, page._state.db = False, db


def _insert(model, objects, fields, returning=None):
    rows = []
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        inserted = model._base_manager._insert(
            objects[start : start + size], fields=fields, returning_fields=returning, using=connection.alias
        )
        rows.extend(inserted or [])
    return rows


def _hold_relations_in_memory(page):
    """A new page has no child rows: say so, so serialising it for its revision queries none of them."""
    held = page.__dict__.setdefault("_cluster_related_objects", {})
    for relation in get_all_child_relations(page):
        held.setdefault(relation.get_accessor_name(), [])
    for field in get_all_child_m2m_relations(page):
        held.setdefault(field.name, [])
