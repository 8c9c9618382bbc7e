"""Serializers of the API's resources. Their declared fields are the schema; `*_data` functions build the JSON
from prepared lookups (ApiContext) without touching the database, and the schema tests keep both in step."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Site

from ..adapters import plain, represent
from ..blocks import TreatmentBodyBlock
from ..evidence.models import Certainty, EvidenceSettings, StudyType
from . import schema  # noqa: F401  (registers the schema extension that walks block definitions)
from .context import ApiContext
from .images import absolute


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
    """An image with its alt text, size, focal point and renditions (several widths, WebP and JPEG)."""

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


class PageLinkSerializer(serializers.Serializer):
    """A link to another live page; `api_url` is set when the API serves that page type."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField(allow_null=True)
    page_type = serializers.CharField(help_text="e.g. treatments.TreatmentPage")

    class Meta:
        ref_name = "PageLink"


class ConditionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    description = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "Condition"

    def to_representation(self, instance):
        return condition_data(instance)


class ClinicianSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)
    registration_number = serializers.CharField(allow_blank=True)
    bio = serializers.CharField(allow_blank=True)
    photo = ImageSerializer(allow_null=True)

    class Meta:
        ref_name = "Clinician"

    def to_representation(self, instance):
        return clinician_data(instance, self.context["api"])


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop_id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    buy_url = serializers.CharField(allow_blank=True)
    image = ImageSerializer(allow_null=True)
    api_url = serializers.URLField()

    class Meta:
        ref_name = "Product"

    def to_representation(self, instance):
        return product_data(instance, self.context["api"])


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
    number = serializers.IntegerField(min_value=1)
    title = serializers.CharField()
    authors = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField(allow_null=True)
    journal = serializers.CharField(allow_blank=True, help_text="Journal or publisher.")
    doi = serializers.CharField(allow_blank=True)
    pmid = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    link = serializers.CharField(allow_blank=True)
    study_type = serializers.ChoiceField(choices=[*StudyType.values, ""], allow_blank=True)
    study_type_label = serializers.CharField(allow_blank=True)
    participants = serializers.IntegerField(allow_null=True)
    certainty = serializers.ChoiceField(
        choices=[*Certainty.values, ""], allow_blank=True, help_text="GRADE certainty; empty when not given."
    )
    certainty_label = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "Reference"


def reference_data(reference, number):
    return {
        "id": reference.pk,
        "number": number,
        "title": reference.title,
        "authors": reference.authors,
        "year": reference.year,
        "journal": reference.journal,
        "doi": reference.doi,
        "pmid": reference.pmid,
        "url": reference.url,
        "link": reference.link,
        "study_type": reference.study_type,
        "study_type_label": reference.get_study_type_display() if reference.study_type else "",
        "participants": reference.participants,
        "certainty": reference.certainty,
        "certainty_label": reference.get_certainty_display() if reference.certainty else "",
    }


def product_disclosure(ctx):
    """The site's sales disclosure when the response shows a product card; None when it shows none."""
    if not ctx.shown_products:
        return None
    site = Site.find_for_request(ctx.request) if ctx.request is not None else None
    if site is None and ctx.page is not None:
        site = ctx.page.get_site()
    setting = EvidenceSettings.objects.filter(site=site).first() if site is not None else None
    return (setting or EvidenceSettings()).disclosure_text


def condition_data(condition):
    return {"id": condition.pk, "name": condition.name, "slug": condition.slug, "description": condition.description}


def clinician_data(clinician, ctx):
    return {
        "id": clinician.pk,
        "name": clinician.name,
        "credentials": clinician.credentials,
        "registration_number": clinician.registration_number,
        "bio": clinician.bio,
        "photo": ctx.image(clinician.photo_id),
    }


def product_data(product, ctx):
    return {
        "id": product.pk,
        "shop_id": product.shop_id,
        "name": product.name,
        "description": product.description,
        "price": plain(product.price),
        "currency": product.currency,
        "buy_url": product.buy_url,
        "image": ctx.image(product.image_id),
        "api_url": ctx.product_api_url(product),
    }


# ---------------------------------------------------------------- treatments
class BodyField(serializers.Field):
    """A treatment body: an array of blocks, each a discriminated union member on `type` (see schema.py)."""

    block = TreatmentBodyBlock()

    def to_representation(self, value):
        return represent(self.block, value, self.context["api"])


class SummaryCardSerializer(serializers.Serializer):
    best_used = serializers.CharField(allow_blank=True)
    caution = serializers.CharField(allow_blank=True)
    best_for = serializers.CharField(allow_blank=True)
    comments = serializers.CharField(allow_blank=True)
    mode_of_action = serializers.CharField(allow_blank=True)
    science_score = serializers.IntegerField(min_value=0, max_value=5)
    science_score_label = serializers.CharField(help_text="The score as text for screen readers.")


class PricesSerializer(serializers.Serializer):
    price_from = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    price_to = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    is_range = serializers.BooleanField()
    typical_sessions = serializers.IntegerField(allow_null=True)
    includes = serializers.CharField(allow_blank=True, help_text="What the price covers; empty when not given.")


class SafetySerializer(serializers.Serializer):
    risks = serializers.CharField(allow_blank=True, help_text="Common and serious risks, plain text; may be empty.")
    recovery = serializers.CharField(allow_blank=True, help_text="Downtime and recovery, plain text; may be empty.")


class TreatmentSummarySerializer(serializers.Serializer):
    """A treatment in lists, search results and sync: what a card needs. `fields=` picks a subset."""

    id = serializers.IntegerField()
    type = serializers.CharField(help_text='Always "treatment".')
    title = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.URLField()
    api_url = serializers.URLField()
    intro = serializers.CharField()
    hero_image = ImageSerializer(allow_null=True)
    science_score = serializers.IntegerField(min_value=0, max_value=5)
    price_from = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    price_to = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    conditions = ConditionSerializer(many=True)
    last_published_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "TreatmentSummary"


class TreatmentListItemSerializer(TreatmentSummarySerializer):
    """A list item: the whole TreatmentSummary, or only the fields `fields=` asked for (`id` is always there)."""

    class Meta:
        ref_name = "TreatmentListItem"

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            field.required = name == "id"
        return fields


class TreatmentDetailSerializer(serializers.Serializer):
    """One treatment article, complete: summary card, prices, credits and every body block as typed JSON."""

    id = serializers.IntegerField()
    type = serializers.CharField(help_text='Always "treatment".')
    title = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.URLField()
    api_url = serializers.URLField()
    intro = serializers.CharField()
    hero_image = ImageSerializer(allow_null=True)
    summary_card = SummaryCardSerializer()
    prices = PricesSerializer()
    safety = SafetySerializer(help_text="Risks and recovery, as the page shows them.")
    conditions = ConditionSerializer(many=True)
    related_treatments = PageLinkSerializer(many=True)
    author = ClinicianSerializer(allow_null=True)
    reviewed_by = ClinicianSerializer(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(
        allow_null=True,
        help_text="When the page is next due for medical review (last review plus its review interval); null when "
        "it was never reviewed. A date before today means the review is past due.",
    )
    references = ReferenceSerializer(many=True, help_text="What the body cites, in order of first citation.")
    product_disclosure = serializers.CharField(
        allow_null=True,
        help_text="The clinic sells the products this page shows: show this beside them. Null when it shows none.",
    )
    seo_title = serializers.CharField(allow_blank=True)
    search_description = serializers.CharField(allow_blank=True)
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)
    body = extend_schema_field(BodyField)(BodyField())

    class Meta:
        ref_name = "TreatmentDetail"


def _common(page, ctx):
    return {
        "id": page.pk,
        "type": "treatment",
        "title": page.title,
        "slug": page.slug,
        "url": ctx.page_url(page),
        "api_url": absolute(reverse("treatments_api:treatment-detail", args=[page.pk]), ctx.request),
        "intro": page.intro,
        "hero_image": ctx.image(page.hero_image),
        "conditions": [condition_data(condition) for condition in page.conditions.all()],
    }


def treatment_summaries(pages, request):
    """List items for `pages` (hero images selected, conditions prefetched): renditions in one query."""
    ctx = ApiContext(request)
    for page in pages:
        ctx.add_image(page.hero_image)
    ctx.load()
    return [
        {
            **_common(page, ctx),
            "science_score": page.science_score,
            "price_from": plain(page.price_from),
            "price_to": plain(page.price_to),
            "currency": page.currency,
            "last_published_at": plain(page.last_published_at),
        }
        for page in pages
    ]


def treatment_detail(page, request, preview=False, ctx=None):
    """The detail JSON of one page; every lookup is batched in ApiContext.load()."""
    ctx = ctx or ApiContext(request, page=page, preview=preview)
    related_ids = [link.treatment_id for link in page.related_treatments.all()]
    ctx.want_pages(related_ids)
    ctx.add_image(page.hero_image)
    ctx.add_clinician(page.author)
    ctx.add_clinician(page.reviewed_by)
    ctx.add_stream(BodyField.block, page.body)
    ctx.load()
    related = [ctx.page_link(ctx.pages[pk]) for pk in related_ids if pk in ctx.pages]
    body = represent(BodyField.block, page.body, ctx)  # first: it tells which products the page shows
    return {
        **_common(page, ctx),
        "summary_card": {
            "best_used": page.best_used,
            "caution": page.caution,
            "best_for": page.best_for,
            "comments": page.comments,
            "mode_of_action": page.mode_of_action,
            "science_score": page.science_score,
            "science_score_label": page.science_score_label,
        },
        "prices": {
            "price_from": plain(page.price_from),
            "price_to": plain(page.price_to),
            "currency": page.currency,
            "is_range": page.price_is_range,
            "typical_sessions": page.typical_sessions,
            "includes": page.price_includes,
        },
        "safety": {"risks": page.risks, "recovery": page.recovery},
        "related_treatments": [link for link in related if link is not None],
        "author": ctx.clinician(page.author),
        "reviewed_by": ctx.clinician(page.reviewed_by),
        "last_reviewed": plain(page.last_reviewed),
        "next_review_due": plain(page.next_review_due),
        "references": [reference_data(reference, number) for reference, number in ctx.cited_references()],
        "product_disclosure": product_disclosure(ctx),
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "first_published_at": plain(page.first_published_at),
        "last_published_at": plain(page.last_published_at),
        "body": body,
    }
