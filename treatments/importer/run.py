"""The one import entry point shared by the `import_articles` command and the admin view.

Each article is imported in its own transaction; a file that cannot be read is reported and the batch carries on.
Pages are saved as drafts with a revision and a "treatments.import" log entry naming the source. New pages are
written a chunk at a time (`bulk.NewPages`); if writing a chunk fails, the chunk is imported again page by page.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from wagtail.blocks import StreamBlockValidationError
from wagtail.log_actions import log

from ..models import TreatmentIndexPage, TreatmentPage
from . import parse as p
from .bulk import LOG_ACTION, TRUSTED_FIELDS, LazySavepoint, NewPages, UnsafeToWrite
from .indexing import deferred_indexing
from .lookups import BatchLookups, chunks
from .mapping import Mapper, inline_shop_ids
from .media import MediaLibrary
from .origins import ImportedArticle
from .report import ArticleResult, BatchReport
from .resolve import LinkIndex, Resolver, normalise_url
from .sources import DEFAULT_MAX_BYTES, SourceError, read_path, read_source

logger = logging.getLogger(__name__)
CHUNK = 100  # new pages written together: bounded memory, and a failed chunk costs little to redo


class ImportSetupError(Exception):
    """The batch cannot start at all, e.g. there is no treatment index to import under."""


@dataclass
class ImportOptions:
    parent: object = None  # a TreatmentIndexPage, its id, or None for the first one
    dry_run: bool = False
    user: object = None
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None
    media_dir: str | None = None  # a copy of wp-content/uploads, where images are found (never fetched)
    media: object = None  # the batch's MediaLibrary, made by `run`
    write_together: bool = True  # False: every new page through add_child()/save_revision(), as before bulk writing


class _DryRunRollback(Exception):
    """Raised inside a dry run's transaction so nothing it wrote survives."""


IMPORTABLE_SUFFIXES = {".xml", ".html", ".htm", ".txt"}


def import_paths(paths, options, progress=None):
    """Import files from disk (the command); a folder stands for the importable files inside it."""
    readers = [
        (str(path), lambda path=path: read_path(path, max_bytes=options.max_bytes, encoding=options.encoding))
        for path in expand_folders(paths)
    ]
    return run(readers, options, progress)


def expand_folders(paths):
    """Files named, and importable files inside folders named, each once and in a stable order."""
    seen = set()
    for path in map(Path, paths):
        found = (
            sorted(item for item in path.rglob("*") if item.is_file() and item.suffix.lower() in IMPORTABLE_SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for item in found:
            if item.resolve() not in seen:
                seen.add(item.resolve())
                yield item


def import_upload(name, data, options, progress=None):
    """Import one uploaded file (the admin view); uploads are keyed by file name."""

    def reader():
        return read_source(name, data, key=f"upload:{name}", max_bytes=options.max_bytes, encoding=options.encoding)

    return run([(name, reader)], options, progress)


def resolve_parent(parent):
    if isinstance(parent, TreatmentIndexPage):
        return parent
    if parent not in (None, ""):
        found = TreatmentIndexPage.objects.filter(pk=parent).first()
        if found is None:
            raise ImportSetupError(f"--parent {parent}: no treatment index page with that id.")
        return found
    found = TreatmentIndexPage.objects.order_by("path").first()
    if found is None:
        raise ImportSetupError("There is no treatment index page to import under; create one first.")
    return found


def run(readers, options, progress=None):
    """Read every source, then import every article; returns the batch report."""
    started = time.monotonic()
    parent = resolve_parent(options.parent)
    if options.media_dir:
        if not Path(options.media_dir).is_dir():
            raise ImportSetupError(
                f"--media-dir {options.media_dir}: not a folder (give a copy of wp-content/uploads)."
            )
        options.media = MediaLibrary(options.media_dir)
    report = BatchReport(dry_run=options.dry_run, parent_title=parent.title)
    articles = []
    for name, reader in readers:
        try:
            found = reader()
        except SourceError as exc:
            report.add_file_error(exc.name, exc.message)
            continue
        report.files_read += 1
        for warning in getattr(found, "warnings", []):
            report.add_file_note(name, warning)
        for position, message in getattr(found, "broken", []):
            broken = ArticleResult(key="", source_name=name, position=position)
            broken.fail(f"not imported: {message}")
            report.articles.append(broken)
        if not found and not getattr(found, "broken", []):
            report.add_file_error(name, "contains no posts or pages to import.")
        articles.extend(found)
    articles, collisions = separate_collisions(articles)
    report.articles.extend(collisions)
    lookups = BatchLookups(parent, articles)
    links = LinkIndex(articles, lookups)
    bar = progress(len(articles)) if progress else None
    pending_links = []
    with deferred_indexing():
        for chunk in chunks(articles, CHUNK):
            for raw, result in zip(chunk, import_chunk(chunk, parent, options, links, lookups), strict=True):
                report.articles.append(result)
                if result.forward_links:
                    pending_links.append((raw, result))
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()
        relink(pending_links, parent, options, links, lookups)
    report.seconds = time.monotonic() - started
    return report


def separate_collisions(articles):
    """Two items with one identity (same site and post id, or same GUID without one) are never merged into one
    page: the first is imported, each later one is reported as a collision naming the item it clashes with."""
    first_by_key, kept, collisions = {}, [], []
    for raw in articles:
        first = first_by_key.get(raw.key)
        if first is None:
            first_by_key[raw.key] = raw
            kept.append(raw)
            continue
        result = ArticleResult(key=raw.key, source_name=raw.source_name, position=raw.position, title=raw.title)
        where = f"{first.source_name} {first.position}".strip()
        result.fail(f"not imported: same identity ({raw.key}) as {where} ({first.title!r}); nothing was merged")
        result.action = "collision"
        collisions.append(result)
    return kept, collisions


def relink(pending, parent, options, links, lookups):
    """Articles linking to ones imported later in the batch are imported again, now that their targets exist."""
    if options.dry_run:
        return
    for raw, result in pending:
        again = import_article(raw, parent, options, links, lookups, relinking=True)
        if again.ok:
            result.page_id, result.blocks, result.notes = again.page_id, again.blocks, again.notes
            result.forward_links = again.forward_links


def import_chunk(chunk, parent, options, links, lookups):
    """Import a chunk of articles, its new pages written together when that is safe; if writing them fails, the
    whole chunk is rolled back and imported again one article at a time, each in its own transaction."""
    new_pages = NewPages.for_chunk(parent, options, lookups)
    if new_pages is None:
        return [import_article(raw, parent, options, links, lookups) for raw in chunk]
    # what the batch holds in memory that a rolled-back chunk would leave wrong: add_child() trusts numchild
    remembered = lookups.snapshot(), dict(options.media.saved) if options.media else None, parent.numchild
    try:
        with transaction.atomic():
            results = [import_article(raw, parent, options, links, lookups, new_pages=new_pages) for raw in chunk]
            new_pages.flush()
        return results
    except Exception as exc:  # the chunk left nothing behind; page by page, each failure is named on its own
        logger.warning(
            "Writing %d new pages at once failed (%s: %s); importing them one by one",
            len(chunk),
            type(exc).__name__,
            exc,
        )
        lookups.restore(remembered[0])
        if options.media:
            options.media.saved = remembered[1]
        parent.numchild = remembered[2]
        return [import_article(raw, parent, options, links, lookups) for raw in chunk]


def import_article(raw, parent, options, links, lookups, relinking=False, new_pages=None):
    """Import one article in its own transaction; any failure rolls it back entirely and is reported.
    With `new_pages`, a new page is validated now and written with its chunk."""
    result = ArticleResult(key=raw.key, source_name=raw.source_name, position=raw.position, title=raw.title)
    if new_pages is not None and lookups.record_for(raw) is None:
        return prepare_new_page(raw, parent, options, links, lookups, result, new_pages)
    try:
        with transaction.atomic():
            record = _import(raw, parent, options, links, lookups, result, relinking)
            if options.dry_run:
                raise _DryRunRollback
        lookups.imported(record)
        return result
    except _DryRunRollback:
        result.page_id = None
    except Exception as exc:  # one bad article must not stop the batch; it is reported with its cause
        report_failure(result, exc)
    lookups.forget(raw)  # rolled back: what the batch remembers of it is read again
    return result


def prepare_new_page(raw, parent, options, links, lookups, result, new_pages):
    """A new page on the bulk path: what the article writes before its page (placeholders, clinicians, images)
    is kept in a savepoint opened at its first write, so a failure leaves nothing and success costs no query."""
    savepoint = LazySavepoint()
    try:
        _import(raw, parent, options, links, lookups, result, new_pages=new_pages, before_write=savepoint)
        savepoint.release()
    except UnsafeToWrite:
        raise  # the chunk goes page by page
    except Exception as exc:
        if isinstance(exc, DatabaseError) and savepoint.sid is None:
            raise  # no savepoint to return to: the chunk's transaction may be broken, so it goes page by page
        savepoint.rollback()
        report_failure(result, exc)
        lookups.forget(raw)
    return result


def report_failure(result, exc):
    if isinstance(exc, StreamBlockValidationError):
        result.fail(f"not saved: the body did not validate: {'; '.join(block_errors(exc.as_json_data()))}")
    elif isinstance(exc, ValidationError):
        result.fail(f"not saved: {'; '.join(flatten(exc))}")
    else:
        result.fail(f"not saved: {type(exc).__name__}: {exc}")


def block_errors(data, path=""):
    """Readable lines from a StreamField validation error: 'block 3 > rows > 0 > cells > 1: This field is required.'"""
    lines = [f"{path or 'body'}: {message}" for message in data.get("messages", [])]
    for key, child in (data.get("blockErrors") or {}).items():
        label = f"block {key}" if not path else f"{path} > {key}"
        children = child if isinstance(child, list) else [child]
        for item in children:
            lines.extend(block_errors(item, label) if isinstance(item, dict) else [f"{label}: {item}"])
    return lines


def flatten(error):
    if hasattr(error, "message_dict"):
        return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
    return list(error.messages)


def _import(raw, parent, options, links, lookups, result, relinking=False, new_pages=None, before_write=None):
    """Import one article; returns its ImportedArticle record (None when its page is written with the chunk)."""
    article = p.parse_article(raw.title, raw.content, is_html=raw.is_html)
    notes = [*raw_notes(raw), *article.notes]
    resolver = Resolver(links, result, before_write=before_write, stand_ins=new_pages is not None)
    if options.media is not None:
        options.media.attachments = raw.attachments
        options.media.before_write = before_write or (lambda: None)
        raw.media_fingerprint = f"media:{options.media.folder}"
    mapper = Mapper(article, resolver, notes, media=options.media, booking_url=lookups.booking_url())
    fields = mapper.fields(raw.excerpt)
    body = mapper.body()
    resolver.products(inline_shop_ids(body), "inline shortcode")

    fingerprint = source_fingerprint(raw)
    record = lookups.record_for(raw)
    if record is not None and record.source_fingerprint == fingerprint and not relinking:
        # the same source as last time: a new revision would only bury the editor's own changes
        result.action = "unchanged"
        result.page_id = record.page_id
        describe(result, record.page, body, notes)
        return record
    if record is None:
        page = TreatmentPage(slug=lookups.unique_slug(raw.slug or slugify(raw.title)), live=False, owner=options.user)
        result.action = "create"
    else:
        page = record.page.specific.get_latest_revision_as_object()
        result.action = "update"
    for name, value in fields.items():
        setattr(page, name, value)
    page.body = body
    page.body.stream_block.clean(page.body)

    if new_pages is not None:
        if record is not None or not new_pages.takes(page):
            raise UnsafeToWrite("only new treatment pages are written with their chunk")
        record = origin_record(ImportedArticle(source_key=raw.key), raw, page, fingerprint)
        new_pages.add(page, record, import_log_data(raw, notes), result)
        describe(result, page, body, notes)
        return None
    if record is None:
        page._is_site_root = False  # a new page under the index is no site's root: spares Page.save two queries
        parent.add_child(instance=page)
        record = ImportedArticle(source_key=raw.key, page=page)
    record.source_key = raw.key
    # the link pass rewrites the revision this batch just made rather than adding a second one
    overwrite = page.get_latest_revision() if relinking else None
    # Validated as save_revision(clean=True) would, less what is known good: the body was cleaned by its blocks
    # above, and the keys Wagtail and the importer set need no query each to prove they exist.
    page.full_clean(exclude=TRUSTED_FIELDS)
    revision = page.save_revision(user=options.user, clean=False, overwrite_revision=overwrite)
    origin_record(record, raw, page, fingerprint).save()
    if not relinking:
        log_import(page, revision, raw, options.user, notes)
    result.page_id = page.pk
    describe(result, page, body, notes)
    return record


def describe(result, page, body, notes):
    """The report's account of the article: its title, blocks, structure and notes (the page id comes later)."""
    result.title = page.title
    result.blocks = [item["type"] for item in body]
    result.structure = structure_counts(body)
    result.notes = [note.as_dict() for note in notes]


def origin_record(record, raw, page, fingerprint):
    """Where the page came from, so the next import of the same source finds it."""
    record.source_key = raw.key
    record.source_name = raw.source_name[:255]
    record.source_url = normalise_url(raw.url)[:500]
    record.source_slug = (raw.slug or page.slug)[:255]
    record.source_fingerprint = fingerprint
    return record


def raw_notes(raw):
    """Notes made while reading the source: (kind, message, text) tuples."""
    return [p.Note(raw.position or "source", *note) for note in raw.notes]


def structure_counts(body):
    """How many blocks of each kind the page holds, answers included: the report's "what became which block"."""
    counts = {}
    for item in body:
        counts[item["type"]] = counts.get(item["type"], 0) + 1
        if item["type"] == "faq":
            for child in item["value"]["answer"]:
                key = f"faq>{child['type']}"
                counts[key] = counts.get(key, 0) + 1
    return counts


# Bump when the importer maps the same source differently, so a re-import after an upgrade does update pages.
IMPORTER_VERSION = "3"


def source_fingerprint(raw):
    """What the page was made from; an unchanged fingerprint means an unchanged page."""
    digest = hashlib.sha256(IMPORTER_VERSION.encode())
    for part in (raw.title, raw.slug, raw.excerpt, raw.url, raw.content, raw.media_fingerprint):
        digest.update(b"\x00" + (part or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def log_import(page, revision, raw, user, notes=()):
    """The page history's entry: "Imported as a draft", with the source file and position as its comment."""
    log(
        instance=page,
        action=LOG_ACTION,
        user=user,
        revision=revision,
        data=import_log_data(raw, notes),
        content_changed=True,
    )


def import_log_data(raw, notes):
    """The history entry's data: the source, and the shortcodes removed from the page (an editor-only record of
    what the old page held)."""
    removed = [note.text for note in notes if note.kind == "shortcode" and note.text][:50]
    return {"source": raw.source_name, "key": raw.key, "position": raw.position, "removed_shortcodes": removed}
