"""Idempotent page helpers for demo loaders: find a page by slug, apply content, publish only real changes."""

import uuid

from django.db import models
from modelcluster.fields import ParentalManyToManyField

# Fixed namespace so block ids are the same on every machine and every run.
BLOCK_ID_NAMESPACE = uuid.UUID("6f1d2c58-4a7e-4d8a-9b0e-0c9f3b6a1d42")


def with_block_ids(slug, blocks):
    """Give each top-level raw block a stable id derived from the page slug and its position."""
    return [
        {**block, "id": str(uuid.uuid5(BLOCK_ID_NAMESPACE, f"{slug}:{position}:{block['type']}"))}
        for position, block in enumerate(blocks)
    ]


def ensure_child(parent, model, slug, **required):
    """The `model` page called `slug` below `parent`, created as an unpublished draft when missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, live=False, **required)
        parent.add_child(instance=page)
    return page


def _without_ids(data):
    """Raw stream data minus block ids, which Wagtail regenerates for nested items on every save."""
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(value) for value in data]
    return data


def _stream_fingerprint(stream_value):
    # Touch every child so lazy raw data is normalised the same way a saved revision is.
    list(stream_value)
    return _without_ids(stream_value.stream_block.get_prep_value(stream_value))


def _child_fingerprint(child, parent_key):
    """An inline child (e.g. a related-treatment link) by its content: not its id, parent or position number."""
    skip = {parent_key, "sort_order"}
    return {
        field.attname: getattr(child, field.attname)
        for field in child._meta.concrete_fields
        if not field.primary_key and field.attname not in skip
    }


def _fingerprint(page, name):
    field = page._meta.get_field(name)
    value = getattr(page, name)
    if isinstance(field, ParentalManyToManyField):
        return sorted(item.pk for item in value.all())
    if isinstance(field, models.ForeignKey):
        return getattr(page, field.attname)
    if field.one_to_many:  # inline children: order matters, ids and sort_order numbers do not
        return [_child_fingerprint(child, field.field.attname) for child in value.all()]
    if hasattr(value, "stream_block"):
        return _stream_fingerprint(value)
    return value


def _fingerprints(page, names):
    return {name: _fingerprint(page, name) for name in names}


def publish_content(page, values):
    """Bring `page` to `values` and make sure it is live; returns "created", "updated" or "unchanged".

    A new revision is saved only when the content differs from the latest one, so running a loader again
    does not pile up revisions. Publishing goes straight through the revision: demo content skips review.
    """
    draft = page.get_latest_revision_as_object()
    before = _fingerprints(draft, values)
    for name, value in values.items():
        setattr(draft, name, value)
    if _fingerprints(draft, values) != before or draft.get_latest_revision() is None:
        outcome = "updated" if page.live or page.last_published_at else "created"
        draft.save_revision().publish()
        return outcome
    if not page.live or page.has_unpublished_changes:
        page.get_latest_revision().publish()
        return "updated"
    return "unchanged"


def public_url(page):
    """Where a visitor opens `page` on the server `make run` starts (its HOST and PORT), e.g. for loader output."""
    from django.conf import settings

    path = page.get_url() or page.url_path
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
