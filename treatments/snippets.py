"""Reusable records that treatment articles refer to: clinicians, shop products, conditions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.search import index

from .conf import default_currency
from .image_privacy import PRIVATE_IMAGE_MESSAGE, is_private

CURRENCY_HELP = "Three-letter ISO 4217 code, for example USD, EUR or GBP."


class Clinician(index.Indexed, models.Model):
    """A doctor, nurse or therapist who writes, reviews or gives tips on treatment articles."""

    name = models.CharField(max_length=120, help_text="Full name as patients know it, e.g. Dr Davin Lim.")
    credentials = models.CharField(
        max_length=160,
        blank=True,
        help_text="Title and qualifications shown after the name, e.g. Dermatologist, FACD.",
    )
    registration_number = models.CharField(
        max_length=60,
        blank=True,
        help_text="Professional registration number, e.g. MED0001234567. Shown on review credits.",
    )
    photo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait, square works best.",
    )
    bio = models.TextField(blank=True, max_length=1000, help_text="Two or three sentences on experience and focus.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician_profile",
        help_text="This clinician's admin login. When they approve a medical review, the page records them as "
        "its reviewer and today as its last-reviewed date.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("registration_number"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("credentials"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def clean(self):
        super().clean()
        if is_private(self.photo):
            raise ValidationError({"photo": PRIVATE_IMAGE_MESSAGE})


class Product(index.Indexed, models.Model):
    """A product from the clinic's shop, embedded in articles by block or by legacy shortcode."""

    name = models.CharField(max_length=160, help_text="Product name as sold in the shop.")
    shop_id = models.PositiveIntegerField(
        unique=True,
        help_text='The id the shop and old WordPress shortcodes use, e.g. 9833 for [show_products product="9833"].',
    )
    price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Retail price. Leave empty to hide the price.",
    )
    currency = models.CharField(max_length=3, default=default_currency, help_text=CURRENCY_HELP)
    image = models.ForeignKey(
        get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(blank=True, max_length=600, help_text="One or two sentences for the product card.")
    buy_url = models.URLField(blank=True, help_text="Where the 'Buy' button leads, usually the shop page.")
    is_active = models.BooleanField(
        default=True,
        help_text="Inactive products are hidden from visitors wherever they are embedded.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("shop_id"), FieldPanel("is_active")], heading="Product"),
        MultiFieldPanel([FieldPanel("price"), FieldPanel("currency"), FieldPanel("buy_url")], heading="Selling"),
        FieldPanel("image"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("shop_id"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} (shop id {self.shop_id})"

    def clean(self):
        super().clean()
        self.currency = (self.currency or "").upper()
        if is_private(self.image):
            raise ValidationError({"image": PRIVATE_IMAGE_MESSAGE})


class Condition(index.Indexed, models.Model):
    """Something patients want treated (acne scars, hair loss, sun damage): the treatments taxonomy."""

    name = models.CharField(max_length=100, unique=True, help_text="As patients say it, e.g. Acne scars.")
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, help_text="Used in filter URLs. Filled from the name if left empty."
    )
    description = models.TextField(blank=True, max_length=600, help_text="A short plain-language explanation.")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)
