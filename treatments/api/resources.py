"""The API's resources as the change log knows them: treatments, products, clinicians and conditions.

For each: which of them a change touches (from the dependency keys stored documents record, so a product's new
price reaches every treatment showing it), which an app may see, and their JSON, as the list endpoints give it.
Galleries adds cases the same way (galleries/changes.py).
"""

from ..change_log import kinds
from ..conf import treatments_settings
from ..snippets import Clinician, Condition, Product
from .context import ApiContext
from .querysets import public_treatments
from .serializers import (
    ClinicianSerializer,
    ConditionSerializer,
    ProductSerializer,
    TreatmentSummarySerializer,
    serialize,
)
from .stored_documents import TreatmentApiDependency, TreatmentApiDocument

# What a stored document records (api/documents.py dependency_keys): a change named by any of these may show in
# a treatment's JSON.
DOCUMENT_KEY_PREFIXES = (
    "image",
    "page",
    "product",
    "shop_id",
    "url",
    "clinician",
    "condition",
    "document",
    "reference",
)


def treatments_touched(keys):
    if not any(key.partition(":")[0] in DOCUMENT_KEY_PREFIXES for key in keys.keys):
        return {}
    if not treatments_settings.API_STORED_DOCUMENTS:  # nothing records what a treatment shows: all of them may
        return {"treatment": set(public_treatments().values_list("pk", flat=True))}
    shown_in = TreatmentApiDependency.objects.filter(key__in=sorted(keys.keys)).values_list(
        "document__page_id", flat=True
    )
    # A live treatment whose document was never built has no record of what it shows: count it in.
    built = TreatmentApiDocument.objects.filter(built_at__isnull=False).values("page_id")
    never_built = public_treatments().exclude(pk__in=built).values_list("pk", flat=True)
    return {"treatment": set(shown_in) | set(never_built)}


def serializing(serializer_class):
    def serialize_items(items, request):
        return serialize(serializer_class, items, ApiContext(request), many=True)

    return serialize_items


def own_and_image(prefix, image_field):
    """Snippets touched by their own key, or by the image they show."""

    def touched(keys):
        model = {"product": Product, "clinician": Clinician}[prefix]
        ids = keys.ids(prefix)
        images = keys.ids("image")
        if images:
            ids |= set(model.objects.filter(**{f"{image_field}__in": images}).values_list("pk", flat=True))
        return {prefix: ids} if ids else {}

    return touched


kinds.register(
    kinds.Kind(
        name="treatment",
        plural="treatments",
        touched=treatments_touched,
        visible=lambda: public_treatments().select_related("hero_image").prefetch_related("conditions"),
        serialize=serializing(TreatmentSummarySerializer),
        serializer=TreatmentSummarySerializer,
    )
)
kinds.register(
    kinds.Kind(
        name="product",
        plural="products",
        touched=own_and_image("product", "image_id"),
        visible=lambda: Product.objects.filter(is_active=True),
        serialize=serializing(ProductSerializer),
        serializer=ProductSerializer,
    )
)
kinds.register(
    kinds.Kind(
        name="clinician",
        plural="clinicians",
        touched=own_and_image("clinician", "photo_id"),
        visible=lambda: Clinician.objects.all(),
        serialize=serializing(ClinicianSerializer),
        serializer=ClinicianSerializer,
    )
)
kinds.register(
    kinds.Kind(
        name="condition",
        plural="conditions",
        touched=lambda keys: {"condition": ids} if (ids := keys.ids("condition")) else {},
        visible=lambda: Condition.objects.all(),
        serialize=serializing(ConditionSerializer),
        serializer=ConditionSerializer,
    )
)
