"""Search and reference indexing of an import batch, done once at its end instead of on every save.

Every page save of an import would otherwise update the search index and Wagtail's reference index at once, and a
new page is saved twice (made, then given its revision). Inside `deferred_indexing()` the saves of this thread are
only recorded; at the end each object still in the database is indexed once: the search index in bulk per model,
the reference index through Wagtail's own task. Saves of other threads (other admin requests) are indexed as usual.
Rows the bulk path inserts without a save are search-indexed the same way (`record_inserted`); their references
are written with them (`write_references`): a new object has no references to compare with.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_save
from modelcluster.fields import ParentalManyToManyField
from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from .lookups import chunks

BULK = 200  # objects indexed per query
_batch = threading.local()  # .saved and .inserted: {model: set of pks} while this thread imports
_swap_lock = threading.Lock()
_swapped = {"depth": 0, "models": []}


def search_indexed_models():
    return [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]


def _search_on_save(sender, instance, **kwargs):
    """Stands in for the search index's save handler while a batch runs: records this thread's saves, passes
    every other thread's on."""
    if getattr(_batch, "saved", None) is None:
        post_save_signal_handler(instance, **kwargs)


def _record_save(sender, instance, raw=False, **kwargs):
    saved = getattr(_batch, "saved", None)
    if saved is not None and not raw and instance.pk is not None:
        saved[type(instance)].add(instance.pk)


def record_inserted(model, pks):
    """Rows the bulk path inserted without a save: searchable at the batch's end (at once outside a batch)."""
    inserted = getattr(_batch, "inserted", None)
    if inserted is not None:
        inserted[model].update(pks)
    else:
        index_saved({model: set(pks)}, references=False)


def _swap_in():
    with _swap_lock:
        _swapped["depth"] += 1
        if _swapped["depth"] > 1:
            return
        _swapped["models"] = search_indexed_models()
        for model in _swapped["models"]:
            post_save.disconnect(post_save_signal_handler, sender=model)
            post_save.connect(_search_on_save, sender=model)
        post_save.connect(_record_save, dispatch_uid="treatments.importer.record_save")


def _swap_out():
    with _swap_lock:
        _swapped["depth"] -= 1
        if _swapped["depth"]:
            return
        post_save.disconnect(dispatch_uid="treatments.importer.record_save")
        for model in _swapped["models"]:
            post_save.disconnect(_search_on_save, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)


@contextmanager
def deferred_indexing():
    """Index what this thread saves inside the block once, at its end (also when the block fails part-way)."""
    if getattr(_batch, "saved", None) is not None:  # already inside a batch: the outer one indexes
        yield
        return
    _batch.saved, _batch.inserted = defaultdict(set), defaultdict(set)
    _swap_in()
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        saved, inserted = _batch.saved, _batch.inserted
        _batch.saved = _batch.inserted = None
        _swap_out()
        index_saved(saved)
        index_saved({model: pks - saved.get(model, set()) for model, pks in inserted.items()}, references=False)


def index_saved(saved, references=True):
    """Objects saved during the batch that still exist (a rolled-back article's do not) are indexed once."""
    searchable = set(search_indexed_models())
    backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
    for model, pks in saved.items():
        for chunk in chunks(sorted(pks), BULK):  # a chunk of pages at a time holds their bodies in memory
            if model in searchable:
                found = list(indexed_objects(model).filter(pk__in=chunk))
                for backend in backends if found else ():
                    backend.add_bulk(model, found)
            if references and model in ReferenceIndex.tracked_models:
                for pk in model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True):
                    update_reference_index_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


def indexed_objects(model):
    """What the search index reads of `model`, with the many-to-many fields it searches (a page's conditions)
    fetched once per chunk: the search backends leave ParentalManyToManyFields to one query per object."""
    queryset = model.get_indexed_objects()
    for field in model.get_search_fields():
        if isinstance(field, index.RelatedFields) and isinstance(
            model._meta.get_field(field.field_name), ParentalManyToManyField
        ):
            queryset = queryset.prefetch_related(field.field_name)
    return queryset


def write_references(objects):
    """The reference index rows of objects just inserted, in one INSERT: what `create_or_update_for_object` adds
    for an object that has no rows yet, from the same extraction. One saved again later in the batch is brought
    up to date by Wagtail's own task at the batch's end, which compares."""
    rows = []
    for obj in objects:
        if type(obj) not in ReferenceIndex.tracked_models:
            continue
        types = [
            ContentType.objects.get_for_model(item, for_concrete_model=False)
            for item in [obj, *obj._meta.get_parent_list()]
        ]
        for to_type_id, to_id, model_path, content_path in set(ReferenceIndex._extract_references_from_object(obj)):
            rows.append(
                ReferenceIndex(
                    content_type=types[0],
                    base_content_type=types[-1],
                    object_id=obj.pk,
                    to_content_type_id=to_type_id,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    if rows:
        ignore = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
        ReferenceIndex.objects.bulk_create(rows, batch_size=BULK, **ignore)
