"""Demo loader: the consultation enquiry form at /book/, where the site's "Book a consultation" links lead."""

from clinic_site.enquiries.models import EnquiryFormPage, FormField
from clinic_site.models import HomePage
from treatments.models import TreatmentPage

from .pages import ensure_child, public_url, publish_content

ORDER = 30  # after the treatments, whose names the form offers

SLUG = "book"
NOT_SURE = "Not sure yet"
# The demo clinic is fictional; example.com addresses never reach anyone.
CLINIC_ADDRESS = "enquiries@clinic.example.com"
WEBSITE_ADDRESS = "website@clinic.example.com"

PRIVACY_NOTE = (
    "<p>We use these details only to answer this enquiry and to arrange your consultation. They are kept in our "
    "patient system, never shared for marketing, and deleted after twelve months if you do not become a patient.</p>"
)


def form_fields(treatment_names):
    """The demo form's fields, clean names given so that a reload compares equal and adds no revision."""
    specs = [
        ("your_name", "Your name", "singleline", True, "", "As you would like us to address you."),
        ("email", "Email", "email", True, "", "We answer by email unless you ask for a call."),
        ("phone", "Phone", "singleline", False, "", "Only if you would like a call back."),
        (
            "preferred_treatment",
            "Preferred treatment",
            "dropdown",
            False,
            "\n".join([NOT_SURE, *treatment_names]),
            "Not sure? A clinician can suggest one at the consultation.",
        ),
        ("message", "Your message", "multiline", True, "", "What you would like to change, and any questions."),
    ]
    return [
        FormField(
            clean_name=clean_name,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
            help_text=help_text,
            sort_order=position,
        )
        for position, (clean_name, label, field_type, required, choices, help_text) in enumerate(specs)
    ]


def load(stdout):
    home = HomePage.objects.get()
    page = ensure_child(home, EnquiryFormPage, SLUG, title="Book a consultation", privacy_note=PRIVACY_NOTE)
    names = list(TreatmentPage.objects.live().order_by("title").values_list("title", flat=True))
    outcome = publish_content(
        page,
        {
            "title": "Book a consultation",
            "intro": (
                "<p>Tell us a little about what you would like to change. A clinician reads every enquiry and "
                "replies with a time for a consultation; there is no obligation to book a treatment.</p>"
            ),
            "privacy_note": PRIVACY_NOTE,
            "reply_time": "within one working day",
            "thank_you_text": (
                "<p>If your question is urgent, or you notice a change after a treatment, please call us "
                "instead of waiting for our reply.</p>"
            ),
            "to_address": CLINIC_ADDRESS,
            "from_address": WEBSITE_ADDRESS,
            "subject": "New consultation enquiry from the website",
            "form_fields": form_fields(names),
        },
    )
    stdout.write(f"  enquiry form {public_url(page)}: {outcome}")
