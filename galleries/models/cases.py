"""Before/after cases and their photo pairs: what a case shows, and the queries every route that shows one uses."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, ReferenceIndex
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from treatments.models import Clinician, Condition, TreatmentPage

from ..consent import visible_q
from ..photos import CasePhoto

DEFAULT_DISCLAIMER = "Individual results vary."

BODY_AREAS = [
    ("face", "Face"),
    ("eyes", "Eyes"),
    ("lips", "Lips"),
    ("neck", "Neck"),
    ("chest", "Chest"),
    ("arms", "Arms"),
    ("hands", "Hands"),
    ("abdomen", "Abdomen"),
    ("back", "Back"),
    ("legs", "Legs"),
    ("scalp", "Scalp"),
]
AGE_BANDS = [
    ("18-24", "18 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65+", "65 and over"),
]
SEXES = [("female", "Female"), ("male", "Male"), ("other", "Other"), ("unstated", "Not stated")]
SKIN_TYPES = [
    ("I", "Type I (always burns, never tans)"),
    ("II", "Type II (usually burns, tans minimally)"),
    ("III", "Type III (sometimes burns, tans gradually)"),
    ("IV", "Type IV (rarely burns, tans easily)"),
    ("V", "Type V (very rarely burns, tans very easily)"),
    ("VI", "Type VI (never burns)"),
]


class CaseQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def visible_on(self, channel, today=None):
        """The one consent rule: cases that may be shown on `channel` right now (see galleries.consent)."""
        return self.filter(visible_q(channel, today))

    def for_display(self):
        """What a case card needs, in a fixed number of queries whatever the number of cases and photos."""
        image_pairs = PhotoPair.objects.select_related("before_image", "after_image").order_by("sort_order")
        # A draft or private treatment's title must not leak through a case card.
        treatments = TreatmentPage.objects.live().public().order_by("title")
        return self.select_related("clinician").prefetch_related(
            Prefetch("treatments", queryset=treatments), "conditions", Prefetch("photo_pairs", queryset=image_pairs)
        )


class BeforeAfterCase(index.Indexed, ClusterableModel):
    """One patient's result: photo pairs taken before and after a course of treatment."""

    title = models.CharField(max_length=160, help_text="e.g. Acne scarring, three sessions of RF microneedling.")
    treatments = ParentalManyToManyField(
        TreatmentPage, related_name="gallery_cases", help_text="The treatments this patient had."
    )
    conditions = ParentalManyToManyField(Condition, blank=True, related_name="gallery_cases")
    body_area = models.CharField(max_length=20, choices=BODY_AREAS)
    age_band = models.CharField(max_length=8, choices=AGE_BANDS, blank=True)
    sex = models.CharField(max_length=10, choices=SEXES, default="unstated")
    skin_type = models.CharField(
        "Fitzpatrick skin type", max_length=3, choices=SKIN_TYPES, blank=True, help_text="Helps patients like them."
    )
    sessions = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1, "A course has at least one session.")]
    )
    weeks_between = models.PositiveSmallIntegerField(
        "weeks between photos",
        null=True,
        blank=True,
        validators=[MaxValueValidator(520, "Ten years at most.")],
        help_text="Time between the before and the after photos, in weeks.",
    )
    clinician = models.ForeignKey(
        Clinician, null=True, blank=True, on_delete=models.SET_NULL, related_name="gallery_cases"
    )
    notes = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Shown with the case. Never the patient's name or anything to identify them.",
    )
    unretouched_attested = models.BooleanField(
        "photos are unretouched",
        default=False,
        help_text="I confirm the photos are not retouched and were taken in matching light, pose and distance.",
    )
    disclaimer = models.CharField(max_length=255, default=DEFAULT_DISCLAIMER, help_text="Always shown with the case.")
    live = models.BooleanField(
        "published", default=False, help_text="Shown only while published and covered by valid consent."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("notes"),
        index.AutocompleteField("title"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "before/after case"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.live and not self.unretouched_attested:
            raise ValidationError(
                {"unretouched_attested": "Confirm the photos are unretouched and matched before publishing."}
            )
        if not (self.disclaimer or "").strip():
            self.disclaimer = DEFAULT_DISCLAIMER

    @property
    def weeks_between_label(self):
        if not self.weeks_between:
            return ""
        return f"{self.weeks_between} week{'s' if self.weeks_between != 1 else ''}"


VIEW_LABELS = ["front", "left 45°", "right 45°", "left side", "right side", "close-up"]


class PhotoPair(Orderable):
    """A before photo and an after photo of the same view."""

    case = ParentalKey(BeforeAfterCase, on_delete=models.CASCADE, related_name="photo_pairs")
    # Deleting a photo (say, at the patient's request) removes its pair; the image admin shows its usage first.
    before_image = models.ForeignKey(get_image_model_string(), on_delete=models.CASCADE, related_name="+")
    after_image = models.ForeignKey(get_image_model_string(), on_delete=models.CASCADE, related_name="+")
    view_label = models.CharField(
        max_length=40, default="front", help_text=f"Which view, e.g. {', '.join(VIEW_LABELS)}."
    )

    def __str__(self):
        return f"{self.case} ({self.view_label})"

    def clean(self):
        super().clean()
        errors = {}
        for field in ("before_image", "after_image"):
            places = uses_outside_cases(getattr(self, field, None) if getattr(self, f"{field}_id") else None)
            if places:
                errors[field] = (
                    f"This photo is already used elsewhere ({', '.join(places)}). A patient photo may appear only "
                    "in the gallery, where consent is checked: upload it again for this case, or remove it from "
                    "those places first."
                )
        if errors:
            raise ValidationError(errors)

    def alt_text(self, side):
        return f"{'Before' if side == 'before' else 'After'} treatment, {self.view_label} view"

    @property
    def before_photo(self):
        return CasePhoto.of(self, "before")

    @property
    def after_photo(self):
        return CasePhoto.of(self, "after")


def uses_outside_cases(image, limit=3):
    """Names of up to `limit` pages and snippets other than cases that use `image`, from Wagtail's usage index."""
    if image is None:
        return []
    references = ReferenceIndex.get_references_to(image).exclude(
        base_content_type=ContentType.objects.get_for_model(BeforeAfterCase)
    )
    names = []
    for source, _references in references.group_by_source_object():
        if source is not None:
            names.append(f"“{source}”")
        if len(names) == limit:
            break
    return names
