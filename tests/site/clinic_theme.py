"""Test helper: a clinic made its own (details with a logo and booking link, brand colours, a typeface, the
enquiry form at /book/), for the pages the browser tests check."""

from wagtail.models import Site

from clinic_site.enquiries.models import EnquiryFormPage, FormField
from clinic_site.models import ClinicBranding
from tests.factories.images import ImageFactory
from treatments.site_settings import ClinicDetails

BRAND = {"primary_colour": "#1a4d8f", "accent_colour": "#a33a25", "typeface": "inter"}


def brand_the_clinic(home, **branding):
    """The default site's clinic with a logo, booking at /book/, its branding and a published enquiry form."""
    site = Site.objects.get(is_default_site=True)
    ClinicDetails.objects.update_or_create(
        site=site,
        defaults={
            "name": "Harbour Skin Clinic",
            "booking_url": "/book/",
            "phone": "02 5550 1234",
            "logo": ImageFactory(title="Harbour Skin Clinic logo"),
        },
    )
    ClinicBranding.objects.update_or_create(site=site, defaults={**BRAND, **branding})
    form = EnquiryFormPage(title="Book a consultation", slug="book", privacy_note="<p>Used for this enquiry only.</p>")
    form.form_fields = [
        FormField(label="Your name", field_type="singleline"),
        FormField(label="Email", field_type="email"),
        FormField(label="Message", field_type="multiline"),
    ]
    home.add_child(instance=form)
    form.save_revision().publish()
    return form
