"""The reference site's own models: its image model (photo privacy), the clinic's branding and its home page."""

from django.db import models
from django.db.models import F
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image, get_upload_to
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from galleries.photo_privacy import PrivacyImageField, PrivacyImageMixin, PrivacyRenditionMixin
from galleries.storage import media_storage

from .theme import MIN_TEXT_CONTRAST, SYSTEM_TYPEFACE, TYPEFACE_CHOICES, theme_version, validate_brand_colour


class ClinicImage(PrivacyImageMixin, AbstractImage):
    """Every image uploaded to the site. Clinic photos are patient data, so privacy rules apply to all."""

    # Originals are stored outside public media (galleries.storage): no page or app is ever given one.
    # PrivacyImageField strips every file before it is stored (galleries.photo_privacy).
    file = PrivacyImageField(
        verbose_name="file", upload_to=get_upload_to, width_field="width", height_field="height", storage=media_storage
    )
    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]


class ClinicRendition(PrivacyRenditionMixin, AbstractRendition):
    image = models.ForeignKey(ClinicImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


COLOUR_HELP = (
    f"# and six digits or letters a-f, e.g. #0b5c63. It colours text and buttons with white text on them, so it "
    f"must have a contrast of at least {MIN_TEXT_CONTRAST}:1 against white (WCAG AA). Left empty, the site's own "
    "colour is used."
)


@register_setting(icon="image")
class ClinicBranding(BaseSiteSetting):
    """The clinic's look on its website: brand colours and typeface (the logo is part of the clinic details)."""

    # Longer than the 7 characters stored, so a mistyped code gets the plain message of validate_brand_colour
    # rather than a length error.
    primary_colour = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_brand_colour],
        help_text=f"Links, buttons and the page header. {COLOUR_HELP}",
    )
    accent_colour = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_brand_colour],
        help_text=f"The booking call to action, badges and highlights. {COLOUR_HELP}",
    )
    typeface = models.CharField(
        max_length=20,
        choices=TYPEFACE_CHOICES,
        default=SYSTEM_TYPEFACE,
        help_text="Served from this website's own files, never from a font service.",
    )

    panels = [
        HelpPanel(content="The clinic's logo and name are set in Settings → Clinic details."),
        FieldPanel("primary_colour"),
        FieldPanel("accent_colour"),
        FieldPanel("typeface"),
    ]

    class Meta:
        verbose_name = "clinic branding"
        verbose_name_plural = "clinic branding"

    def clean(self):
        super().clean()
        self.primary_colour = (self.primary_colour or "").strip().lower()
        self.accent_colour = (self.accent_colour or "").strip().lower()

    @property
    def is_default(self):
        """Nothing chosen: the site's own stylesheet alone is the theme."""
        return not (self.primary_colour or self.accent_colour) and self.typeface == SYSTEM_TYPEFACE

    @property
    def version(self):
        return theme_version(self)


def branding_for(request):
    """The request's site branding (unsaved defaults when nobody has chosen any): looked up once per request and
    never created, since rendering a page must not write to the database."""
    cached = getattr(request, "_clinic_branding", None)
    if cached is not None:
        return cached
    site = (Site.find_for_request(request) if request is not None else None) or Site.objects.filter(
        is_default_site=True
    ).first()
    branding = (ClinicBranding.objects.filter(site=site).first() if site else None) or ClinicBranding(site=site)
    if request is not None:
        request._clinic_branding = branding
    return branding


FEATURED_TREATMENTS = 6  # at most, chosen by an editor
LATEST_TREATMENTS = 3  # shown when none is chosen (or none of those chosen is live)
LATEST_RESULTS = 2


class HomePage(Page):
    """The clinic's front page: its promise, featured treatments, the conditions it treats, its latest results,
    its clinicians and a booking call to action."""

    promise = models.CharField(
        max_length=200,
        blank=True,
        help_text="What every patient can count on, in one sentence, shown large under the clinic's name, e.g. "
        "Honest advice first: we tell you what the evidence says, even when it says no.",
    )
    intro = models.TextField(blank=True, max_length=600, help_text="A welcome of one or two sentences.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("promise"),
        FieldPanel("intro"),
        InlinePanel(
            "featured_treatments",
            max_num=FEATURED_TREATMENTS,
            heading="Featured treatments",
            label="Featured treatment",
            help_text=f"Up to {FEATURED_TREATMENTS}, in this order. Left empty, the {LATEST_TREATMENTS} most "
            "recently published treatments are shown. Drafts and private pages never show.",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("promise"), index.SearchField("intro")]
    template = "home_page.html"
    max_count = 1

    def live_treatments(self):
        """The treatments a visitor may open, below this home page."""
        from treatments.models import TreatmentPage

        return TreatmentPage.objects.live().public().descendant_of(self)

    def featured(self):
        """The editor's choice in the editor's order (those that are live and public), else the latest published."""
        from treatments.rendering import with_card_renditions

        chosen = [item.treatment_id for item in self.featured_treatments.all()]
        if chosen:
            pages = {page.pk: page for page in with_card_renditions(self.live_treatments().filter(pk__in=chosen))}
            featured = [pages[pk] for pk in dict.fromkeys(chosen) if pk in pages]
            if featured:
                return featured
        # Pages made outside the publishing flow may have no first-published date: they go last on every database.
        latest = self.live_treatments().order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        return list(with_card_renditions(latest)[:LATEST_TREATMENTS])

    def conditions_treated(self):
        """Conditions of the treatments a visitor can open: a draft's taxonomy stays unseen."""
        from treatments.models import Condition

        return list(
            Condition.objects.filter(treatment_pages__in=self.live_treatments().values("pk"))
            .distinct()
            .order_by("name")
        )

    def latest_results(self):
        """The newest before/after cases the patients' consent allows on the website (galleries' one rule)."""
        from galleries.models import BeforeAfterCase

        return list(
            BeforeAfterCase.objects.visible_on("website").for_display().order_by("-updated_at", "-pk")[:LATEST_RESULTS]
        )

    def clinicians(self):
        from treatments.models import Clinician

        return list(Clinician.objects.select_related("photo").prefetch_related("photo__renditions").order_by("name"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            featured_treatments=self.featured(),
            conditions=self.conditions_treated(),
            latest_results=self.latest_results(),
            clinicians=self.clinicians(),
        )
        return context


class HomeFeaturedTreatment(Orderable):
    """One treatment an editor puts on the home page."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_treatments")
    treatment = models.ForeignKey("treatments.TreatmentPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("treatment")]

    class Meta(Orderable.Meta):
        verbose_name = "featured treatment"
