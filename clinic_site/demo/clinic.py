"""Demo loader: the clinic details of a fictional Sydney skin clinic (footer, booking links, MedicalClinic JSON-LD)."""

from wagtail.models import Site

from treatments.site_settings import ClinicDetails

ORDER = 15  # after the home page exists (treatments, 10): the details belong to its site

# A made-up clinic at a made-up address; the phone number is in the range ACMA keeps for fiction (02 5550 xxxx).
DEMO_CLINIC = {
    "name": "Bondi Lane Skin Clinic",
    "street_address": "Suite 4, 27 Wattle Lane",
    "locality": "Surry Hills",
    "region": "NSW",
    "postcode": "2010",
    "country": "AU",
    "phone": "02 5550 1234",
    "opening_hours": "Mo-We 09:00-18:00\nTh 09:00-20:00\nFr 09:00-18:00\nSa 09:00-14:00",
    # The enquiry form page the demo publishes at /book/.
    "booking_url": "/book/",
    "social_links": "https://www.instagram.com/bondilaneskin.example\nhttps://www.facebook.com/bondilaneskin.example",
}


def load(stdout):
    site = Site.objects.get(is_default_site=True)
    details = ClinicDetails.objects.filter(site=site).first()
    created = details is None
    details = details or ClinicDetails(site=site)
    for field, value in DEMO_CLINIC.items():
        setattr(details, field, value)
    details.full_clean()  # the demo's details pass the same checks as an editor's
    details.save()
    stdout.write(f"  clinic details for {site.hostname}: {details.name} ({'created' if created else 'updated'})")
