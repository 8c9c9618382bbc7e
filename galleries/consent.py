"""The consent rule for before/after cases: which channels a case may appear on, today, and withdrawal.

Every route that shows a case (gallery page, treatment-page embeds, API, search, photo URLs) asks
``BeforeAfterCase.objects.visible_on(channel)``, which is built by ``visible_q`` below. The rule is
evaluated in the database at request time against today's date, so an expiry date takes effect on
that day without anyone acting, and a withdrawal takes effect on the next request after it is saved.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

WEBSITE = "website"
MOBILE_APP = "mobile_app"
SOCIAL_MEDIA = "social_media"
CHANNELS = {WEBSITE: "Website", MOBILE_APP: "Mobile app", SOCIAL_MEDIA: "Social media"}


def channel_field(channel):
    if channel not in CHANNELS:
        raise ValueError(f"Unknown consent channel {channel!r}; expected one of {', '.join(CHANNELS)}.")
    return f"consent__covers_{channel}"


def visible_q(channel, today=None):
    """Published, attested, and consented for `channel` on `today`: not expired, not withdrawn."""
    today = today or timezone.localdate()
    return (
        Q(live=True, unretouched_attested=True, **{channel_field(channel): True})
        & Q(consent__given_on__lte=today, consent__withdrawn_on__isnull=True)
        & (Q(consent__expires_on__isnull=True) | Q(consent__expires_on__gt=today))
    )


def withdraw_consent(consent, on=None):
    """Withdraw a patient's consent and make its case vanish everywhere, at once.

    How fast, and why:
    - pages, embeds, API and search: on the next request, because each filters through ``visible_on``
      at request time and this saves ``withdrawn_on``;
    - caches, offline copies: at once, because saving the record writes the change log in the same transaction
      (galleries/changes.py), and every cache is keyed by the log's head, read once per request, in every process;
    - photo URLs: at once, because case photos are only served by ``views.case_photo``, which checks the
      same rule per request; the photos' stored renditions are also deleted here, so no copy remains at
      any URL, and any re-generated one gets a new random name. Responses carry ``Cache-Control:
      private, no-cache`` by default, so neither browsers nor a CDN reuse them without asking.
    """
    with transaction.atomic():
        consent.withdrawn_on = on or timezone.localdate()
        consent.save(update_fields=["withdrawn_on"])
        delete_case_renditions(consent.case)
    return consent


def purge_hidden_case_renditions(today=None):
    """Expiry, the way withdrawal does it: delete the stored renditions of every case no served channel may show on
    `today`, and any copy of a case photo found outside private storage. Returns how many renditions went.

    An expired case is refused by every route from its expiry date without this (``visible_q``); this removes its
    copies too, run daily by ``manage.py purge_case_renditions``."""
    from wagtail.images import get_image_model

    from .models import BeforeAfterCase
    from .photos import SERVED_CHANNELS
    from .storage import CASE_RENDITIONS_PREFIX

    shown = BeforeAfterCase.objects.none()
    for channel in SERVED_CHANNELS:
        shown = shown | BeforeAfterCase.objects.visible_on(channel, today)
    shown_ids = shown.values("pk")
    # A photo shared with a case that is still shown keeps its renditions.
    kept = set()
    for case in BeforeAfterCase.objects.filter(pk__in=shown_ids).prefetch_related("photo_pairs"):
        for pair in case.photo_pairs.all():
            kept.update({pair.before_image_id, pair.after_image_id})
    hidden = BeforeAfterCase.objects.exclude(pk__in=shown_ids).prefetch_related("photo_pairs")
    deleted = sum(delete_case_renditions(case, keep_images=kept) for case in hidden)
    public_copies = get_image_model().get_rendition_model().objects.filter(image__is_case_photo=True)
    return deleted + delete_renditions(public_copies.exclude(file__startswith=CASE_RENDITIONS_PREFIX))


def delete_case_renditions(case, keep_images=()):
    """Delete the files, rows and cache entries of every rendition of the case's photos; returns how many."""
    from wagtail.images import get_image_model

    image_ids = set()
    for pair in case.photo_pairs.all():
        image_ids.update({pair.before_image_id, pair.after_image_id})
    image_ids -= set(keep_images)
    return delete_renditions(get_image_model().get_rendition_model().objects.filter(image_id__in=image_ids))


def delete_renditions(queryset):
    """Delete the files, rows and cache entries of the given renditions; returns how many."""
    rendition_model = queryset.model
    renditions = list(queryset.select_related("image"))
    for rendition in renditions:
        rendition.file.delete(save=False)
        rendition.purge_from_cache()
    rendition_model.objects.filter(pk__in=[r.pk for r in renditions]).delete()
    return len(renditions)
