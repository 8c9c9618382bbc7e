"""Treatment pages, the index that lists them, and their "see also" links."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import TreatmentBodyBlock
from ..blocks.stream import TreatmentBodyField
from ..compliance.gate import AdvertisingRulesGate
from ..compliance.panels import AdvertisingRulesPanel
from ..conf import default_currency
from ..evidence import citations, reviews
from ..evidence.models import EvidenceSettings, Reference
from ..evidence.panels import EvidenceWarningPanel, ReviewDuePanel
from ..image_privacy import PRIVATE_IMAGE_MESSAGE, is_private
from ..snippets import CURRENCY_HELP, Clinician, Condition

SCIENCE_SCORE_ERROR = "Science score must be between 0 and 5."
SCIENCE_SCORE_HELP = (
    "How strong the evidence this page cites is, from 0 to 5, shown as stars. 5 needs a systematic review or two "
    "randomised trials of moderate or high certainty; 1 is mechanism or opinion only. You are warned when the "
    "references you cite do not support the score."
)


# Cards per page of the treatment index: a full grid at three or four columns, and a page that stays light.
TREATMENTS_PER_PAGE = 24


class TreatmentIndexPage(Page):
    """Lists the treatments below it; visitors can filter by condition."""

    intro = models.TextField(blank=True, max_length=600, help_text="A sentence or two above the list.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["treatments.TreatmentPage"]
    max_count_per_parent = 1
    template = "treatments/treatment_index_page.html"

    class Meta:
        verbose_name = "treatment index"

    def treatments(self, condition_slug=None):
        """Live, public treatments below this index, with what list cards need in a fixed number of queries."""
        pages = (
            TreatmentPage.objects.child_of(self)
            .live()
            .public()
            .select_related("hero_image")
            .prefetch_related("conditions")
            .order_by("title")
        )
        if condition_slug:
            pages = pages.filter(conditions__slug=condition_slug)
        return pages

    def get_context(self, request, *args, **kwargs):
        from ..rendering import with_card_renditions

        context = super().get_context(request, *args, **kwargs)
        slug = request.GET.get("condition", "").strip()
        condition = Condition.objects.filter(slug=slug).first() if slug else None
        # Only conditions of treatments a visitor can open: a draft's or private page's taxonomy stays unseen.
        context["conditions"] = Condition.objects.filter(treatment_pages__in=self.treatments().values("pk")).distinct()
        context["selected_condition"] = condition
        context["unknown_condition"] = slug if slug and condition is None else ""
        treatments = with_card_renditions(self.treatments(condition.slug if condition else None))
        listing = self.listing_page(request, treatments)
        context["treatments_page"] = listing
        context["treatments"] = listing.object_list
        context.update(self.paging_links(request, listing, condition))
        return context

    def listing_page(self, request, treatments):
        """One page of cards, so a visit costs the same with 20 treatments or 10,000; a page number that is not a
        number or is past the end is a 404 (a crawler following an old link learns the page is gone)."""
        number = request.GET.get("page", "").strip() or 1
        paginator = Paginator(treatments, TREATMENTS_PER_PAGE)
        try:
            return paginator.page(number)
        except InvalidPage as error:
            raise Http404(f"There is no page {str(number)[:20]!r} of treatments: {error}") from error

    def paging_links(self, request, listing, condition):
        """Canonical, previous and next addresses of this page of the list, keeping the condition filter."""

        def url(number):
            params = {"condition": condition.slug} if condition else {}
            if number > 1:
                params["page"] = number
            base = self.get_full_url(request) or self.url or ""
            return f"{base}?{urlencode(params)}" if params else base

        return {
            "canonical_url": url(listing.number),
            "previous_page_url": url(listing.previous_page_number()) if listing.has_previous() else "",
            "next_page_url": url(listing.next_page_number()) if listing.has_next() else "",
            "page_links": [
                {"number": number, "url": url(number) if number != Paginator.ELLIPSIS else ""}
                for number in listing.paginator.get_elided_page_range(listing.number, on_each_side=2, on_ends=1)
            ],
        }


class TreatmentPageForm(WagtailAdminPageForm):
    """The admin form: a negative science score gets the same plain message as one above 5, and each message
    shows once (the field's validators and the page's clean() may both find the same problem)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "science_score" in self.fields:
            # The form field's own min_value=0 check would otherwise answer "greater than or equal to 0".
            self.fields["science_score"].error_messages.update(
                min_value=SCIENCE_SCORE_ERROR, max_value=SCIENCE_SCORE_ERROR
            )

    def _post_clean(self):
        super()._post_clean()
        for name, errors in self.errors.items():
            unique = list(dict.fromkeys(errors))
            if len(unique) != len(errors):
                self.errors[name] = self.error_class(unique)


class TreatmentPage(AdvertisingRulesGate, Page):
    """One evidence-rated treatment article: summary card, prices, review credits and a structured body."""

    intro = models.TextField(max_length=600, help_text="One or two sentences: what it is and who it helps.")
    hero_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Wide image at the top of the page and in social cards. At least 1600 px wide.",
    )

    # The summary card
    best_used = models.CharField(max_length=160, blank=True, help_text="e.g. Injected, off label")
    caution = models.CharField(max_length=160, blank=True, help_text="e.g. May not work for everyone")
    best_for = models.CharField(max_length=160, blank=True, help_text="e.g. An add-on to proven treatments")
    comments = models.CharField(max_length=255, blank=True, help_text="A one-line honest verdict.")
    mode_of_action = models.CharField(max_length=160, blank=True, help_text="e.g. Cell-to-cell signalling")
    science_score = models.PositiveSmallIntegerField(
        default=0,
        validators=[
            MinValueValidator(0, SCIENCE_SCORE_ERROR),
            MaxValueValidator(5, SCIENCE_SCORE_ERROR),
        ],
        help_text=SCIENCE_SCORE_HELP,
    )

    # Prices
    price_from = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), "Prices cannot be negative.")],
        help_text="Lowest price of one session.",
    )
    price_to = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), "Prices cannot be negative.")],
        help_text="Highest price of one session. Leave empty for a single price.",
    )
    currency = models.CharField(max_length=3, default=default_currency, help_text=CURRENCY_HELP)
    typical_sessions = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "A course has at least one session.")],
        help_text="How many sessions most patients need.",
    )

    conditions = ParentalManyToManyField(
        Condition, blank=True, related_name="treatment_pages", help_text="What this treatment treats."
    )

    # Review credits
    author = models.ForeignKey(
        Clinician, null=True, blank=True, on_delete=models.SET_NULL, related_name="authored_treatments"
    )
    reviewed_by = models.ForeignKey(
        Clinician,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_treatments",
        help_text="The clinician who last checked this page for medical accuracy.",
    )
    last_reviewed = models.DateField(null=True, blank=True, help_text="When the medical review took place.")
    review_interval_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "A review interval is at least 1 month."),
            MaxValueValidator(60, "A review interval is at most 60 months (5 years)."),
        ],
        verbose_name="review every (months)",
        help_text="Months until this page is due for its next medical review. "
        "Leave empty for the site's default (Settings → Evidence and reviews, 12 months unless changed).",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="Last review plus the review interval; worked out whenever the page is saved.",
    )

    # Safety: what patients must know before booking (Ahpra and the GMC require risks and recovery to be stated).
    risks = models.TextField(
        blank=True,
        help_text="Common and serious risks, in plain words, e.g. Bruising for a few days; rarely infection.",
    )
    recovery = models.TextField(
        blank=True, help_text="Downtime and recovery: what patients feel afterwards and for how long."
    )
    price_includes = models.CharField(
        max_length=255, blank=True, help_text="What the price covers, e.g. Includes consultation and one review visit."
    )

    body = TreatmentBodyField(
        TreatmentBodyBlock(), blank=True, help_text="The article: questions, tables, tips and more."
    )

    summary_panels = [
        # Fills the slug (on the Promote tab) from the title as the editor types, as Wagtail's own pages do.
        TitleFieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("best_used"), FieldPanel("caution")]),
                FieldRowPanel([FieldPanel("best_for"), FieldPanel("mode_of_action")]),
                FieldPanel("comments"),
                FieldPanel("science_score"),
                EvidenceWarningPanel(),
            ],
            heading="Summary card",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price_from"), FieldPanel("price_to"), FieldPanel("currency")]),
                FieldPanel("price_includes"),
                FieldPanel("typical_sessions"),
            ],
            heading="Prices",
        ),
        MultiFieldPanel([FieldPanel("risks"), FieldPanel("recovery")], heading="Risks and recovery"),
        FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
        MultipleChooserPanel(
            "related_treatments", chooser_field_name="treatment", heading="Related treatments", label="Treatment"
        ),
    ]
    body_panels = [FieldPanel("body")]
    review_panels = [
        HelpPanel(content="Publishing goes through medical review: a clinician approves the page before it goes live."),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("reviewed_by"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("review_interval_months")]),
                ReviewDuePanel(),
            ],
            heading="Medical review",
        ),
        MultiFieldPanel([FieldPanel("seo_title"), FieldPanel("search_description")], heading="Search engines"),
    ]
    promote_panels = [FieldPanel("slug"), FieldPanel("show_in_menus")]

    base_form_class = TreatmentPageForm
    edit_handler = TabbedInterface(
        [
            ObjectList(summary_panels, heading="Summary"),
            ObjectList(body_panels, heading="Body"),
            ObjectList(review_panels, heading="Review & SEO"),
            ObjectList([AdvertisingRulesPanel()], heading="Advertising rules"),
            ObjectList(promote_panels, heading="Promote", classname="settings"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
        index.SearchField("best_for", boost=2),
        index.SearchField("best_used"),
        index.SearchField("comments"),
        index.SearchField("mode_of_action"),
        index.SearchField("body"),
        index.SearchField("risks"),
        index.SearchField("recovery"),
        index.FilterField("science_score"),
        index.RelatedFields("conditions", [index.SearchField("name", boost=2)]),
    ]
    parent_page_types = ["treatments.TreatmentIndexPage"]
    subpage_types = []
    template = "treatments/treatment_page.html"

    class Meta:
        verbose_name = "treatment"

    def clean(self):
        super().clean()
        errors = {}
        if self.science_score is not None and not 0 <= self.science_score <= 5:
            errors["science_score"] = SCIENCE_SCORE_ERROR
        if self.price_from is not None and self.price_to is not None and self.price_from > self.price_to:
            errors["price_to"] = "Price from is higher than price to."
        if self.price_to is not None and self.price_from is None:
            errors["price_from"] = "Give a price from when you give a price to."
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = "The last-reviewed date cannot be in the future."
        if is_private(self.hero_image):
            errors["hero_image"] = PRIVATE_IMAGE_MESSAGE
        if self.last_reviewed and not self.reviewed_by_id:
            errors["reviewed_by"] = "Say which clinician reviewed the page when you give a review date."
        self.currency = (self.currency or "").upper()
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        due = reviews.next_review_due(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and due != self.next_review_due:
            kwargs["update_fields"] = {*update_fields, "next_review_due"}
        self.next_review_due = due
        return super().save(*args, **kwargs)

    @property
    def review_past_due(self):
        return reviews.is_past_due(self)

    def cited_references(self):
        """The references the body cites, in order of first citation, each with its `number`: one query, kept
        on the instance so the page, its reference list and its JSON-LD share it."""
        if not hasattr(self, "_cited_references"):
            ids = citations.cited_ids(self.body)
            found = Reference.objects.in_bulk(ids) if ids else {}
            numbers = citations.numbered(ids, found)
            cited = []
            for pk, number in numbers.items():
                found[pk].number = number
                cited.append(found[pk])
            self._cited_references = cited
        return self._cited_references

    def citation_numbers(self):
        return {reference.pk: reference.number for reference in self.cited_references()}

    @property
    def science_score_label(self):
        return f"Science score: {self.science_score} out of 5"

    @property
    def price_is_range(self):
        return self.price_to is not None and self.price_to != self.price_from

    def questions(self):
        """The FAQ blocks, in order: the page's table of contents."""
        return [block.value for block in self.body if block.block_type == "faq"]

    def related_treatment_pages(self):
        ids = [link.treatment_id for link in self.related_treatments.all()]
        pages = TreatmentPage.objects.live().public().filter(id__in=ids).select_related("hero_image").in_bulk()
        return [pages[pk] for pk in ids if pk in pages]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from ..rendering import prefetch_for_page, products_for_page

        context["products_by_shop_id"] = products_for_page(self)
        context["citation_numbers"] = self.citation_numbers()
        evidence = EvidenceSettings.for_request(request)
        context["product_disclosure"] = evidence.disclosure_text
        context["past_due_notice"] = evidence.past_due_text
        context["is_preview"] = getattr(request, "is_preview", False)
        context["related_pages"] = self.related_treatment_pages()
        # One batch for every image, photo and rendition the templates touch: queries stay flat as blocks grow.
        prefetch_for_page(self, products=context["products_by_shop_id"].values(), pages=context["related_pages"])
        return context


class RelatedTreatment(Orderable):
    """An ordered link from one treatment to another ("see also")."""

    page = ParentalKey(TreatmentPage, on_delete=models.CASCADE, related_name="related_treatments")
    treatment = models.ForeignKey(TreatmentPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("treatment")]

    def clean(self):
        if self.treatment_id and self.page_id and self.treatment_id == self.page_id:
            raise ValidationError({"treatment": "A treatment cannot be related to itself."})
