"""What galleries tells the change log: cases as a kind of resource, consent dates as changes the clock makes,
and the receivers that log every change to a case, its photos or its consent (withdrawal first of all).

A case's JSON names its treatments, conditions, clinician and photos, and a treatment's gallery link shows the
consented cases of its treatment: so a change to any of them touches the case, and a change to a case touches
the treatments it belongs to. Consent is read per request (consent.visible_q); the log is what tells caches,
offline copies and (next) CDNs and webhooks that a case left a channel.
"""

from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from treatments.api.stored_documents import TreatmentApiDependency, TreatmentApiDocument
from treatments.change_log import due, kinds, record

from .consent import MOBILE_APP
from .models import BeforeAfterCase, ConsentRecord, GalleryPage, PhotoPair


# ---------------------------------------------------------------- cases, as the log and sync know them
def cases_touched(keys):
    """Cases shown with any of the keys, and the treatments whose gallery links show those cases."""
    cases = set(keys.ids("case"))
    images, clinicians, conditions, pages = (
        keys.ids("image"),
        keys.ids("clinician"),
        keys.ids("condition"),
        keys.ids("page"),
    )
    query = Q()
    if images:
        query |= Q(photo_pairs__before_image__in=images) | Q(photo_pairs__after_image__in=images)
    if clinicians:
        query |= Q(clinician__in=clinicians)
    if conditions:
        query |= Q(conditions__in=conditions)
    if pages:
        query |= Q(treatments__in=pages)
    if query:
        cases |= set(BeforeAfterCase.objects.filter(query).values_list("pk", flat=True))
    found = {"case": cases} if cases else {}
    treatments = set(
        BeforeAfterCase.treatments.through.objects.filter(beforeaftercase_id__in=cases).values_list(
            "treatmentpage_id", flat=True
        )
    )
    if pages and GalleryPage.objects.filter(pk__in=pages).exists():
        treatments |= showing_gallery_links()  # the gallery moved or left: every gallery link's URL changed
    if treatments:
        found["treatment"] = treatments | linking_to(treatments)
    return found


def showing_gallery_links():
    """Treatments whose stored document has request-time values: the gallery links (treatments/blocks)."""
    return set(TreatmentApiDocument.objects.exclude(slots=[]).values_list("page_id", flat=True))


def linking_to(treatment_ids):
    """Treatments linking to these, e.g. a gallery link naming another treatment, whose cases it shows."""
    keys = [f"page:{pk}" for pk in sorted(treatment_ids)]
    return set(TreatmentApiDependency.objects.filter(key__in=keys).values_list("document__page_id", flat=True))


def serialize_cases(items, request):
    from .api.serializers import BeforeAfterCaseSerializer

    return list(BeforeAfterCaseSerializer(items, many=True, context={"request": request}).data)


def case_serializer():
    from .api.serializers import BeforeAfterCaseSerializer

    return BeforeAfterCaseSerializer


kinds.register(
    kinds.Kind(
        name="case",
        plural="cases",
        touched=cases_touched,
        visible=lambda: BeforeAfterCase.objects.visible_on(MOBILE_APP).for_display(),
        serialize=serialize_cases,
        serializer=case_serializer,
    )
)


# ---------------------------------------------------------------- consent dates
class ConsentDates:
    """A consent starts on `given_on` and ends on `expires_on`, at local midnight, with nobody acting."""

    @staticmethod
    def next_after(now):
        today = timezone.localdate(now)
        found = ConsentRecord.objects.aggregate(
            starts=Min("given_on", filter=Q(given_on__gt=today)), ends=Min("expires_on", filter=Q(expires_on__gt=today))
        )
        days = [day for day in found.values() if day is not None]
        return due.start_of(min(days)) if days else None

    @staticmethod
    def changes_between(since, until):
        first = timezone.localdate(since) if since is not None else timezone.localdate(until)
        last = timezone.localdate(until)
        changes = []
        for field, cause in (("given_on", "consent.started"), ("expires_on", "consent.expired")):
            span = {f"{field}__gt": first, f"{field}__lte": last} if since is not None else {field: last}
            for case_id, day in ConsentRecord.objects.filter(**span).values_list("case_id", field):
                changes.append(due.Change(cause, {"case": {case_id}}, {f"case:{case_id}"}, at=due.start_of(day)))
        return changes


due.register(ConsentDates)


# ---------------------------------------------------------------- receivers
def record_case(cause, case_id, treatments=()):
    resources = {"case": {case_id}}
    if treatments:
        resources["treatment"] = set(treatments)
    record(cause, resources, {f"case:{case_id}"})


def on_consent_saved(sender, instance, raw=False, **kwargs):
    """Any save counts: the admin's Withdraw action, the record's own form, the shell."""
    if not raw:
        record_case("consent.withdrawn" if instance.withdrawn_on else "consent.changed", instance.case_id)


def on_consent_deleted(sender, instance, **kwargs):
    """No consent record means no consent: the case's stored photos go too, like a withdrawal."""
    from .consent import delete_case_renditions

    case = BeforeAfterCase.objects.filter(pk=instance.case_id).first()
    if case is not None:
        delete_case_renditions(case)
    record_case("consent.deleted", instance.case_id)


def on_case_saved(sender, instance, raw=False, **kwargs):
    """The treatments it names now (kept in memory until the save commits them) as well as those it named."""
    if not raw:
        record_case("case.changed", instance.pk, [treatment.pk for treatment in instance.treatments.all()])


def on_case_deleted(sender, instance, **kwargs):
    record_case("case.deleted", instance.pk)


def on_photo_pair_change(sender, instance, raw=False, **kwargs):
    if not raw:
        record_case("case.photos_changed", instance.case_id)


def record_every_case(cause):
    """A gallery setting that changes every case's photos (the watermark)."""
    record(cause, {"case": set(BeforeAfterCase.objects.values_list("pk", flat=True))}, set())


def connect():
    uid = "galleries_change_log_"
    post_save.connect(on_consent_saved, sender=ConsentRecord, dispatch_uid=uid + "consent_saved")
    post_delete.connect(on_consent_deleted, sender=ConsentRecord, dispatch_uid=uid + "consent_deleted")
    post_save.connect(on_case_saved, sender=BeforeAfterCase, dispatch_uid=uid + "case_saved")
    post_delete.connect(on_case_deleted, sender=BeforeAfterCase, dispatch_uid=uid + "case_deleted")
    post_save.connect(on_photo_pair_change, sender=PhotoPair, dispatch_uid=uid + "pair_saved")
    post_delete.connect(on_photo_pair_change, sender=PhotoPair, dispatch_uid=uid + "pair_deleted")
