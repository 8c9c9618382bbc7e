"""Serializers of the API's resources: their declared fields are the schema and build the JSON.

Nothing is looked up while a serializer runs: `serialize()` first asks each item what it will show (`collect`),
loads it all in one ApiContext (`context["api"]`), and the fields read from those prepared lookups.
"""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Site

from ..adapters import represent
from ..blocks import TreatmentBodyBlock
from ..evidence.models import Certainty, EvidenceSettings, StudyType
from . import schema  # noqa: F401  (registers the schema extension that walks block definitions)
from .context import ApiContext
from .images import absolute
from .money import MoneyField


def prepared(serializer_class, instance, ctx, many=False):
    """A serializer of `instance` (or of each of `instance`, with `many`) whose ApiContext `ctx` has loaded, in
    one go, everything it will show."""
    for item in instance if many else [instance]:
        serializer_class.collect(item, ctx)
    ctx.load()
    return serializer_class(instance, many=many, context={"api": ctx, "request": ctx.request})


def serialize(serializer_class, instance, ctx, many=False):
    """The JSON of `instance` (or of each of `instance`, with `many`), from lookups loaded first."""
    return prepared(serializer_class, instance, ctx, many=many).data


class ApiSerializer(serializers.Serializer):
    """A resource serializer: `collect` tells the ApiContext what one item will show, before anything is built."""

    @classmethod
    def collect(cls, instance, ctx):
        """Nothing to prepare by default."""


class InstantField(serializers.DateTimeField):
    """A moment as Python writes it in ISO 8601 (`2026-01-31T09:00:00+00:00`), the form clients already parse."""

    def to_representation(self, value):
        return value.isoformat()


class ConstantField(serializers.Field):
    """Always `value` (`"type": "treatment"`): a one-value enum in the schema, so clients can discriminate on it."""

    def __init__(self, value, **kwargs):
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.value


class ConstantFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ConstantField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "enum": [self.target.value]}


class FocalPointSerializer(serializers.Serializer):
    x = serializers.IntegerField()
    y = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class RenditionSerializer(serializers.Serializer):
    """One resized copy of an image, made at upload or publish time."""

    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.ChoiceField(choices=["webp", "jpeg"])


class ImageSerializer(serializers.Serializer):
    """An image with its alt text, size, focal point and renditions (several widths, WebP and JPEG). Its value is
    an image or an image id, shown through the ApiContext: renditions that exist, nothing for a patient photo.
    Case photos have this shape too, with URLs that stop serving when consent ends (galleries/api/images.py)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    alt = serializers.CharField(allow_blank=True, help_text="Empty when the image is decorative.")
    decorative = serializers.BooleanField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    focal_point = FocalPointSerializer(allow_null=True)
    renditions = RenditionSerializer(many=True)

    class Meta:
        ref_name = "Image"

    def to_representation(self, image):
        return self.context["api"].image(image)


class PageLinkSerializer(serializers.Serializer):
    """A link to another live page; `api_url` is set when the API serves that page type (ApiContext.page_link)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField(allow_null=True)
    page_type = serializers.CharField(help_text="e.g. treatments.TreatmentPage")

    class Meta:
        ref_name = "PageLink"

    def to_representation(self, page):
        return self.context["api"].page_link(page)


class ConditionSerializer(ApiSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    description = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "Condition"


class ClinicianSerializer(ApiSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)
    registration_number = serializers.CharField(allow_blank=True)
    bio = serializers.CharField(allow_blank=True)
    photo = ImageSerializer(source="photo_id", allow_null=True)

    class Meta:
        ref_name = "Clinician"

    @classmethod
    def collect(cls, clinician, ctx):
        ctx.add_image(clinician.photo_id)


class ProductSerializer(ApiSerializer):
    id = serializers.IntegerField()
    shop_id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    price = MoneyField(allow_null=True)
    currency = serializers.CharField()
    buy_url = serializers.CharField(allow_blank=True)
    image = ImageSerializer(source="image_id", allow_null=True)
    api_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Product"

    @classmethod
    def collect(cls, product, ctx):
        ctx.add_image(product.image_id)

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, product):
        return self.context["api"].product_api_url(product)


class ReferenceSerializer(serializers.Serializer):
    """A study or guideline the treatment cites, numbered in order of first citation (the `number` its citations
    in rich text carry). `link` is where to read it: the DOI's resolver, PubMed, or the URL given.

    ```json
    {"id": 5, "number": 1, "title": "…", "authors": "Lim D, Reyes T", "year": 2023, "journal": "J Cosmet Dermatol",
     "doi": "10.1111/jocd.15000", "pmid": "", "url": "", "link": "https://doi.org/10.1111/jocd.15000",
     "study_type": "randomised_trial", "study_type_label": "Randomised controlled trial", "participants": 40,
     "certainty": "low", "certainty_label": "Low"}
    ```
    """

    id = serializers.IntegerField()
    number = serializers.SerializerMethodField()
    title = serializers.CharField()
    authors = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField(allow_null=True)
    journal = serializers.CharField(allow_blank=True, help_text="Journal or publisher.")
    doi = serializers.CharField(allow_blank=True)
    pmid = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    link = serializers.CharField(allow_blank=True)
    study_type = serializers.ChoiceField(choices=[*StudyType.values, ""], allow_blank=True)
    study_type_label = serializers.SerializerMethodField()
    participants = serializers.IntegerField(allow_null=True)
    certainty = serializers.ChoiceField(
        choices=[*Certainty.values, ""], allow_blank=True, help_text="GRADE certainty; empty when not given."
    )
    certainty_label = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Reference"

    @extend_schema_field(serializers.IntegerField(min_value=1))
    def get_number(self, reference):
        return self.context["api"].citation_numbers[reference.pk]

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_study_type_label(self, reference):
        return reference.get_study_type_display() if reference.study_type else ""

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_certainty_label(self, reference):
        return reference.get_certainty_display() if reference.certainty else ""


# ---------------------------------------------------------------- treatments
class BodyField(serializers.Field):
    """A treatment body: an array of blocks, each a discriminated union member on `type` (see schema.py). Built
    once per response: building it tells which products the page shows, which `product_disclosure` needs."""

    block = TreatmentBodyBlock()

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return body_of(page, self.context["api"])


def body_of(page, ctx):
    return ctx.memo(("body", page.pk), lambda: represent(BodyField.block, page.body, ctx))


class SummaryCardSerializer(serializers.Serializer):
    best_used = serializers.CharField(allow_blank=True)
    caution = serializers.CharField(allow_blank=True)
    best_for = serializers.CharField(allow_blank=True)
    comments = serializers.CharField(allow_blank=True)
    mode_of_action = serializers.CharField(allow_blank=True)
    science_score = serializers.IntegerField(min_value=0, max_value=5)
    science_score_label = serializers.CharField(help_text="The score as text for screen readers.")


class PricesSerializer(serializers.Serializer):
    price_from = MoneyField(allow_null=True)
    price_to = MoneyField(allow_null=True)
    currency = serializers.CharField()
    is_range = serializers.BooleanField(source="price_is_range")
    typical_sessions = serializers.IntegerField(allow_null=True)
    includes = serializers.CharField(
        source="price_includes", allow_blank=True, help_text="What the price covers; empty when not given."
    )


class SafetySerializer(serializers.Serializer):
    risks = serializers.CharField(allow_blank=True, help_text="Common and serious risks, plain text; may be empty.")
    recovery = serializers.CharField(allow_blank=True, help_text="Downtime and recovery, plain text; may be empty.")


class TreatmentSerializer(ApiSerializer):
    """What every treatment JSON starts with."""

    id = serializers.IntegerField()
    type = ConstantField("treatment")
    title = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    intro = serializers.CharField()
    hero_image = ImageSerializer(allow_null=True)
    conditions = ConditionSerializer(many=True)

    @classmethod
    def collect(cls, page, ctx):
        ctx.add_image(page.hero_image)

    @extend_schema_field(serializers.URLField())
    def get_url(self, page):
        return self.context["api"].page_url(page)

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, page):
        return absolute(reverse("treatments_api:treatment-detail", args=[page.pk]), self.context["request"])


class TreatmentSummarySerializer(TreatmentSerializer):
    """A treatment in lists, search results and sync: what a card needs."""

    science_score = serializers.IntegerField(min_value=0, max_value=5)
    price_from = MoneyField(allow_null=True)
    price_to = MoneyField(allow_null=True)
    currency = serializers.CharField()
    last_published_at = InstantField(allow_null=True)

    class Meta:
        ref_name = "TreatmentSummary"


class TreatmentSummaryFieldsSerializer(TreatmentSummarySerializer):
    """A list item when `fields=` is given: only the fields it names (`id` is always there)."""

    class Meta:
        ref_name = "TreatmentSummaryFields"

    def get_fields(self):
        """Describes the subset: only `id` required (the schema requires every read-only field, so none is)."""
        fields = super().get_fields()
        for name, field in fields.items():
            field.required = name == "id"
            field.read_only = False
        return fields


class TreatmentListItemsField(serializers.ListField):
    """The `results` of the treatment list: whole TreatmentSummary items, or the subset `fields=` asked for."""


class TreatmentListItemsExtension(OpenApiSerializerFieldExtension):
    target_class = TreatmentListItemsField

    def map_serializer_field(self, auto_schema, direction):
        variants = [TreatmentSummarySerializer, TreatmentSummaryFieldsSerializer]
        refs = [auto_schema.resolve_serializer(variant, direction).ref for variant in variants]
        return {"type": "array", "items": {"anyOf": refs}}


class TreatmentDetailSerializer(TreatmentSerializer):
    """One treatment article, complete: summary card, prices, credits and every body block as typed JSON."""

    summary_card = SummaryCardSerializer(source="*")
    prices = PricesSerializer(source="*")
    safety = SafetySerializer(source="*", help_text="Risks and recovery, as the page shows them.")
    related_treatments = serializers.SerializerMethodField()
    author = ClinicianSerializer(allow_null=True)
    reviewed_by = ClinicianSerializer(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(
        allow_null=True,
        help_text="When the page is next due for medical review (last review plus its review interval); null when "
        "it was never reviewed. A date before today means the review is past due.",
    )
    references = serializers.SerializerMethodField(help_text="What the body cites, in order of first citation.")
    product_disclosure = serializers.SerializerMethodField(
        help_text="The clinic sells the products this page shows: show this beside them. Null when it shows none.",
    )
    seo_title = serializers.CharField(allow_blank=True)
    search_description = serializers.CharField(allow_blank=True)
    first_published_at = InstantField(allow_null=True)
    last_published_at = InstantField(allow_null=True)
    body = extend_schema_field(BodyField)(BodyField())

    class Meta:
        ref_name = "TreatmentDetail"

    @classmethod
    def collect(cls, page, ctx):
        super().collect(page, ctx)
        ctx.want_pages([link.treatment_id for link in page.related_treatments.all()])
        ctx.add_clinician(page.author)
        ctx.add_clinician(page.reviewed_by)
        ctx.add_stream(BodyField.block, page.body)

    @extend_schema_field(PageLinkSerializer(many=True))
    def get_related_treatments(self, page):
        ctx = self.context["api"]
        linked = (ctx.pages.get(link.treatment_id) for link in page.related_treatments.all())
        links = (ctx.page_link(linked_page) for linked_page in linked if linked_page is not None)
        return [link for link in links if link is not None]

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_references(self, page):
        cited = [reference for reference, _number in self.context["api"].cited_references()]
        return ReferenceSerializer(cited, many=True, context=self.context).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_product_disclosure(self, page):
        """The site's sales disclosure when the response shows a product card; None when it shows none."""
        ctx = self.context["api"]
        body_of(page, ctx)  # the body tells which products the page shows
        if not ctx.shown_products:
            return None
        site = Site.find_for_request(ctx.request) if ctx.request is not None else None
        if site is None and ctx.page is not None:
            site = ctx.page.get_site()
        setting = EvidenceSettings.objects.filter(site=site).first() if site is not None else None
        return (setting or EvidenceSettings()).disclosure_text


def treatment_detail(page, request, preview=False, ctx=None):
    """The detail JSON of one page (TreatmentDetailSerializer); every lookup is batched in one ApiContext.load()."""
    return serialize(TreatmentDetailSerializer, page, ctx or ApiContext(request, page=page, preview=preview))
