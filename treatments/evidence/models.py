"""The Reference snippet (one published study or guideline) and the site settings for reviews and disclosures."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index

# A DOI is "10." + a registrant code of 4 to 9 digits (sub-codes allowed) + "/" + a suffix without spaces.
DOI_RE = re.compile(r"^10\.\d{4,9}(\.\d+)*/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
PMID_RE = re.compile(r"^[1-9]\d{0,8}$")

DOI_ERROR = "This is not a DOI. A DOI starts with 10. and a slash, e.g. 10.1111/jocd.15000."
PMID_ERROR = "A PubMed ID (PMID) is a number of up to 9 digits, e.g. 35123456."

DEFAULT_REVIEW_INTERVAL_MONTHS = 12
DEFAULT_PAST_DUE_NOTICE = (
    "This page is due for its regular medical review. Our clinicians are checking it against the latest evidence."
)
DEFAULT_PRODUCT_DISCLOSURE = "We sell this product in our clinic and earn money when you buy it."


class StudyType(models.TextChoices):
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review or meta-analysis"
    RANDOMISED_TRIAL = "randomised_trial", "Randomised controlled trial"
    COHORT = "cohort", "Cohort or case-control study"
    CASE_SERIES = "case_series", "Case series or case report"
    LABORATORY = "laboratory", "Laboratory or animal study"
    EXPERT_OPINION = "expert_opinion", "Expert opinion or narrative review"
    GUIDELINE = "guideline", "Clinical guideline"


class Certainty(models.TextChoices):
    """GRADE certainty of the evidence."""

    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"
    VERY_LOW = "very_low", "Very low"


def normalise_doi(value):
    """'https://doi.org/10.1/ABC ' → '10.1/abc': DOIs are case-insensitive, so one spelling is stored."""
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :].strip()
    return value.lower()


def normalise_pmid(value):
    value = (value or "").strip()
    return value[5:].strip() if value.lower().startswith("pmid:") else value


def validate_doi(value):
    if value and not DOI_RE.match(normalise_doi(value)):
        raise ValidationError(DOI_ERROR)


def validate_pmid(value):
    if value and not PMID_RE.match(normalise_pmid(value)):
        raise ValidationError(PMID_ERROR)


class Reference(index.Indexed, models.Model):
    """A published study, review or guideline that treatment articles cite."""

    title = models.CharField(max_length=500, help_text="The study's title as published.")
    authors = models.CharField(
        max_length=1000, blank=True, help_text="As cited, family name first, e.g. Lim D, Ellison M, Reyes T."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1800, "Give the year of publication, e.g. 2023.")],
        help_text="Year of publication.",
    )
    journal = models.CharField(
        max_length=300, blank=True, verbose_name="journal or publisher", help_text="e.g. J Cosmet Dermatol."
    )
    doi = models.CharField(
        max_length=255, blank=True, verbose_name="DOI", validators=[validate_doi], help_text="e.g. 10.1111/jocd.15000"
    )
    pmid = models.CharField(
        max_length=20, blank=True, verbose_name="PMID", validators=[validate_pmid], help_text="PubMed ID, e.g. 35123456"
    )
    url = models.URLField(blank=True, verbose_name="URL", help_text="Where to read it, when there is no DOI.")
    study_type = models.CharField(
        max_length=30,
        choices=StudyType.choices,
        blank=True,
        help_text="What kind of study this is. The science-score rubric counts it by its type and certainty.",
    )
    participants = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="number of participants", help_text="Patients studied; empty if none."
    )
    certainty = models.CharField(
        max_length=10,
        choices=Certainty.choices,
        blank=True,
        verbose_name="GRADE certainty",
        help_text="How sure we can be of its findings. Left empty, the rubric counts it as low.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("authors"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("journal")]),
        FieldRowPanel([FieldPanel("doi"), FieldPanel("pmid")]),
        FieldPanel("url"),
        MultiFieldPanel(
            [FieldPanel("study_type"), FieldRowPanel([FieldPanel("participants"), FieldPanel("certainty")])],
            heading="Strength of evidence",
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("authors"),
        index.AutocompleteField("authors"),
        index.FilterField("doi"),
        index.FilterField("pmid"),
    ]

    class Meta:
        app_label = "treatments"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="reference_unique_doi",
                violation_error_message="Another reference already has this DOI: use that one instead.",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~Q(pmid=""),
                name="reference_unique_pmid",
                violation_error_message="Another reference already has this PMID: use that one instead.",
            ),
        ]

    def __str__(self):
        return f"{self.short_label}: {self.title}"

    def clean(self):
        super().clean()
        self.doi = normalise_doi(self.doi)
        self.pmid = normalise_pmid(self.pmid)
        if self.year and self.year > timezone.localdate().year + 1:
            raise ValidationError({"year": "The year of publication cannot be in the future."})

    @property
    def first_author(self):
        first = re.split(r"[,;]| and ", self.authors or "", maxsplit=1)[0].strip()
        return first.split(" ")[0] if first else ""

    @property
    def short_label(self):
        """'Lim et al. 2023', 'Lim 2023', or the start of the title when there is no author."""
        author = self.first_author
        several = bool(re.search(r"[,;]| and ", self.authors or ""))
        who = f"{author} et al." if author and several else author
        if not who:
            who = self.title[:40]
        return f"{who} {self.year}" if self.year else who

    @property
    def link(self):
        """Where a reader can find it: the DOI's resolver, PubMed, or the URL given."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url


@register_setting(icon="doc-full")
class EvidenceSettings(BaseSiteSetting):
    """How often treatment pages come due for medical review, and the words visitors see for reviews and sales."""

    default_review_interval_months = models.PositiveSmallIntegerField(
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        validators=[
            MinValueValidator(1, "A review interval is at least 1 month."),
            MaxValueValidator(60, "A review interval is at most 60 months (5 years)."),
        ],
        help_text="Months between medical reviews, for treatments that do not set their own.",
    )
    past_due_notice = models.TextField(
        max_length=500,
        blank=True,
        help_text="Shown to visitors on a page whose review is past due. Leave empty for our standard wording.",
    )
    product_disclosure = models.TextField(
        max_length=500,
        blank=True,
        help_text="Shown beside every product a page shows, since the clinic sells them. "
        "Leave empty for our standard wording.",
    )

    panels = [
        FieldPanel("default_review_interval_months"),
        FieldPanel("past_due_notice"),
        FieldPanel("product_disclosure"),
    ]

    class Meta:
        app_label = "treatments"
        verbose_name = "evidence and reviews"
        verbose_name_plural = "evidence and reviews"

    @property
    def past_due_text(self):
        return self.past_due_notice.strip() or DEFAULT_PAST_DUE_NOTICE

    @property
    def disclosure_text(self):
        return self.product_disclosure.strip() or DEFAULT_PRODUCT_DISCLOSURE
