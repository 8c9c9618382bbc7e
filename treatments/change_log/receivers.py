"""What writes the change log for the treatments app: pages, snippets, images, documents, sites and privacy.

Each receiver names what changed as dependency keys (`page:12`, `product:4`, `image:9`…) and, where it knows
them, the resources changed directly; kinds.py works out everything showing them. Wagtail's publish, unpublish,
move and delete, and the admin's saves, run in a transaction the row joins.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .writing import record, record_everything

# A subtree larger than this (a whole site moved or made private) is logged as "everything changed": syncing
# apps start again instead of reading a row per page.
SUBTREE_LIMIT = 500


def is_treatment(page):
    from ..models import TreatmentPage

    return isinstance(page, TreatmentPage)


def on_publish(sender, instance, **kwargs):
    record("page.published", {"treatment": {instance.pk}} if is_treatment(instance) else {}, {f"page:{instance.pk}"})


def on_unpublish(sender, instance, **kwargs):
    """Its children stay live (Wagtail serves them); links to it and the page itself change."""
    resources = {"treatment": {instance.pk}} if is_treatment(instance) else {}
    record("page.unpublished", resources, {f"page:{instance.pk}"})


def on_page_deleted(sender, instance, **kwargs):
    """Sent for the page's own row (a `Page`) and for its specific row (e.g. a TreatmentPage): one row each."""
    if type(instance) is Page:
        record("page.deleted", {}, {f"page:{instance.pk}"})
    elif is_treatment(instance):
        record("page.deleted", {"treatment": {instance.pk}})


def record_subtree(cause, page):
    """A page and everything below it changed URL or visibility: each treatment there, and every link to them."""
    from ..models import TreatmentPage

    ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    if len(ids) > SUBTREE_LIMIT:
        return record_everything(cause)
    treatments = set(TreatmentPage.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return record(cause, {"treatment": treatments}, {f"page:{pk}" for pk in ids})


def on_move(sender, instance, **kwargs):
    record_subtree("page.moved", instance)


def remember_url_path(sender, instance, raw=False, update_fields=None, **kwargs):
    """A page saved with a new slug moves the URL of every page below it (Wagtail rewrites theirs without
    signals): its URL path before the save is kept for `on_page_saved`."""
    if raw or not isinstance(instance, Page) or not instance.pk:
        return
    if update_fields is not None and not {"slug", "url_path"} & set(update_fields):
        return  # e.g. save_revision() touching only revision fields
    instance._url_path_before_save = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()


def on_page_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_url_path_before_save", None)
    if before is not None and isinstance(instance, Page) and before != instance.url_path:
        instance._url_path_before_save = instance.url_path
        record_subtree("page.slug_changed", instance)


def on_privacy_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        record_subtree("page.privacy_changed", page)


def on_site_change(sender, instance, **kwargs):
    """A site's host, port or root page: every URL of every resource may have changed."""
    record_everything("site.changed")


def on_product_change(sender, instance, **kwargs):
    from ..api.context import product_url_key

    keys = {f"product:{instance.pk}", f"shop_id:{instance.shop_id}", product_url_key(instance.buy_url)}
    record("product.changed", {"product": {instance.pk}}, keys)


def on_snippet_change(sender, instance, **kwargs):
    """A clinician or condition: its own resource, and every treatment and case showing it."""
    name = instance._meta.model_name
    record(f"{name}.changed", {name: {instance.pk}}, {f"{name}:{instance.pk}"})


def on_reference_change(sender, instance, **kwargs):
    record("reference.changed", {}, {f"reference:{instance.pk}"})


def on_image_change(sender, instance, raw=False, **kwargs):
    if not raw:
        record("image.changed", {}, {f"image:{instance.pk}"})


def on_rendition_change(sender, instance, raw=False, **kwargs):
    """A rendition made or deleted (a case photo's, on withdrawal) changes the URLs an image's JSON lists."""
    from ..api.images import is_api_spec

    if not raw and is_api_spec(instance.filter_spec):
        record("image.renditions_changed", {}, {f"image:{instance.image_id}"})


def on_document_change(sender, instance, **kwargs):
    record("document.changed", {}, {f"document:{instance.pk}"})


def connect():
    """Connected by the app config once models are ready: image, rendition and document models are swappable."""
    from ..evidence.models import Reference
    from ..models import TreatmentPage
    from ..snippets import Clinician, Condition, Product

    uid = "change_log_"
    page_published.connect(on_publish, dispatch_uid=uid + "publish")
    page_unpublished.connect(on_unpublish, dispatch_uid=uid + "unpublish")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid=uid + "page_deleted")
    post_delete.connect(on_page_deleted, sender=TreatmentPage, dispatch_uid=uid + "treatment_deleted")
    post_page_move.connect(on_move, dispatch_uid=uid + "move")
    pre_save.connect(remember_url_path, dispatch_uid=uid + "url_path_before")
    post_save.connect(on_page_saved, dispatch_uid=uid + "url_path_after")
    post_save.connect(on_privacy_change, sender=PageViewRestriction, dispatch_uid=uid + "privacy_saved")
    post_delete.connect(on_privacy_change, sender=PageViewRestriction, dispatch_uid=uid + "privacy_deleted")
    post_save.connect(on_site_change, sender=Site, dispatch_uid=uid + "site_saved")
    post_delete.connect(on_site_change, sender=Site, dispatch_uid=uid + "site_deleted")
    for signal, when in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(on_product_change, sender=Product, dispatch_uid=f"{uid}product_{when}")
        signal.connect(on_snippet_change, sender=Clinician, dispatch_uid=f"{uid}clinician_{when}")
        signal.connect(on_snippet_change, sender=Condition, dispatch_uid=f"{uid}condition_{when}")
        signal.connect(on_reference_change, sender=Reference, dispatch_uid=f"{uid}reference_{when}")
        image = get_image_model()
        signal.connect(on_image_change, sender=image, dispatch_uid=f"{uid}image_{when}")
        signal.connect(on_rendition_change, sender=image.get_rendition_model(), dispatch_uid=f"{uid}rendition_{when}")
        signal.connect(on_document_change, sender=get_document_model(), dispatch_uid=f"{uid}document_{when}")
