"""Per-site clinic details (address, phone, opening hours, booking and social links): the site's footer, its booking
calls to action and the site-wide MedicalClinic JSON-LD."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string

# schema.org openingHours form: "Mo-Fr 09:00-17:00", "Sa 09:00-12:00", "Mo,We 10:00-14:00".
OPENING_HOURS_RE = re.compile(
    r"^(Mo|Tu|We|Th|Fr|Sa|Su)([-,](Mo|Tu|We|Th|Fr|Sa|Su))* ([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$"
)

# A booking link is a path of this site or an http(s) address: never javascript: or another scheme.
BOOKING_URL_RE = re.compile(r"^(/(?!/)\S*|https?://[^\s/]+\S*)$")
SOCIAL_LINK_RE = re.compile(r"^https?://[^\s/]+\S*$")


@register_setting(icon="site")
class ClinicDetails(BaseSiteSetting):
    """The clinic as search engines should know it: one record per Wagtail site."""

    name = models.CharField(max_length=160, blank=True, help_text="The clinic's name, e.g. Laser Clinic Brisbane.")
    street_address = models.CharField(max_length=200, blank=True, help_text="e.g. 12 Main Street, Level 2")
    locality = models.CharField(max_length=100, blank=True, help_text="Town or city.")
    region = models.CharField(max_length=100, blank=True, help_text="State, county or region.")
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text="Two-letter ISO 3166 country code, e.g. AU, GB or US."
    )
    phone = models.CharField(max_length=40, blank=True, help_text="With the country code, e.g. +61 7 3000 0000.")
    opening_hours = models.TextField(
        blank=True,
        help_text='One line per opening time, e.g. "Mo-Fr 09:00-17:00" or "Sa 09:00-12:00".',
    )
    url = models.URLField(blank=True, help_text="The clinic's main website address. Leave empty to use this site's.")
    booking_url = models.CharField(
        max_length=300,
        blank=True,
        help_text='Where "Book a consultation" leads: a page of this site (/book/) or an address (https://…). '
        "Left empty, no booking link is shown.",
    )
    social_links = models.TextField(
        blank=True,
        help_text="The clinic's social media pages, one address per line, e.g. https://www.instagram.com/yourclinic.",
    )
    logo = models.ForeignKey(
        get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    select_related = ["logo"]

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("country")]),
            ],
            heading="Address",
        ),
        FieldPanel("phone"),
        FieldPanel("opening_hours"),
        FieldPanel("url"),
        FieldPanel("booking_url"),
        FieldPanel("social_links"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = "clinic details"
        verbose_name_plural = "clinic details"

    def clean(self):
        super().clean()
        self.country = (self.country or "").upper()
        self.booking_url = (self.booking_url or "").strip()
        if self.booking_url and not BOOKING_URL_RE.match(self.booking_url):
            raise ValidationError(
                {
                    "booking_url": "Enter a page of this site starting with / (e.g. /book/) or an address starting "
                    "with https:// or http://."
                }
            )
        bad_link = next((line for line in self.social_link_lines() if not SOCIAL_LINK_RE.match(line)), None)
        if bad_link:
            raise ValidationError(
                {"social_links": f'"{bad_link}" is not a web address. Write one https:// address per line.'}
            )
        bad = [line for line in self.opening_hours_lines() if not OPENING_HOURS_RE.match(line)]
        if bad:
            raise ValidationError(
                {
                    "opening_hours": f'"{bad[0]}" is not an opening time. '
                    'Write days and hours like "Mo-Fr 09:00-17:00", one per line.'
                }
            )

    def social_link_lines(self):
        return [line.strip() for line in (self.social_links or "").splitlines() if line.strip()]

    def social_link_items(self):
        """(name, url) for the footer: the name is the site's domain without "www.", e.g. instagram.com."""
        return [(urlsplit(url).hostname.removeprefix("www."), url) for url in self.social_link_lines()]

    def opening_hours_lines(self):
        return [line.strip() for line in (self.opening_hours or "").splitlines() if line.strip()]
