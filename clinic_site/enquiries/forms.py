"""The enquiry form a visitor fills in: the editor's fields, a consent checkbox, and the checks that keep spam out.

Spam is refused without outside services: a honeypot field people never see, a signed timestamp that says how long
the form was open before it was sent, and a per-client limit on how many enquiries one client sends in an hour.
None of the three is a form field, so nothing of them is stored with a submission or emailed to the clinic.
"""

import hashlib
import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from treatments.api.throttling import client_address

CONSENT_FIELD = "consent"
CONSENT_LABEL = "I agree the clinic may contact me about this enquiry"
# Named like a field a bot would fill in; people never see it (see the form template).
HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
RESERVED_NAMES = frozenset({CONSENT_FIELD, HONEYPOT_FIELD, STARTED_FIELD})
PRIVACY_NOTE_ID = "enquiry-privacy-note"  # the note beside the consent checkbox, read out with it
STARTED_SALT = "clinic_site.enquiries.started"

# A person needs longer than this to fill in a form; a script posting straight away does not.
MIN_SECONDS_TO_FILL = 3
# An older form is sent again with a fresh timestamp (the visitor's answers are kept).
MAX_SECONDS_OPEN = 24 * 60 * 60
ENQUIRIES_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60

REFUSED_MESSAGE = "Your enquiry could not be sent. Please try again, or call the clinic."
TOO_FAST_MESSAGE = "That was quicker than we expected. Please check your details and send the form again."
TOO_OLD_MESSAGE = "This form was open for a long time. Please check your details and send it again."
RATE_LIMITED_MESSAGE = (
    "You have sent several enquiries in the last hour. Please try again later, or call the clinic instead."
)


def started_token(at=None):
    """The signed time the form was shown at (now by default), for its hidden field."""
    return signing.dumps(time.time() if at is None else at, salt=STARTED_SALT)


def seconds_open(token):
    """How long ago the form carrying `token` was shown; None when the token is missing, forged or too old."""
    try:
        elapsed = time.time() - float(signing.loads(token or "", salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return elapsed if elapsed <= MAX_SECONDS_OPEN else None


def rate_limit_key(request):
    # Hashed: the cache holds no client address.
    return "enquiries:sent:" + hashlib.sha256(client_address(request).encode()).hexdigest()[:32]


def count_enquiry(request):
    """Count one more enquiry from this client in the current hour; how many it has sent, or None if uncounted."""
    key = rate_limit_key(request)
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: this is the first of a new one
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        return 1


class EnquiryForm(BaseForm):
    """Wagtail's form-builder form plus the enquiry's own checks; `request` is the visitor's request."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        # A fresh timestamp on every showing, also when the form comes back with errors.
        self.started_token = started_token()

    def clean(self):
        cleaned_data = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            # Refused quietly: the same words as any refusal, naming no field.
            raise ValidationError(REFUSED_MESSAGE, code="refused")
        elapsed = seconds_open(self.data.get(STARTED_FIELD))
        if elapsed is None:
            raise ValidationError(TOO_OLD_MESSAGE, code="expired")
        if elapsed < MIN_SECONDS_TO_FILL:
            raise ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        # Only complete enquiries count towards the limit, so a visitor correcting a field is not penalised.
        if not self.errors and self.request is not None:
            sent = count_enquiry(self.request)
            if sent is not None and sent > ENQUIRIES_PER_HOUR:
                raise ValidationError(RATE_LIMITED_MESSAGE, code="rate_limited")
        return cleaned_data


class EnquiryFormBuilder(FormBuilder):
    """The editor's fields, then the consent checkbox every enquiry needs."""

    @property
    def formfields(self):
        formfields = super().formfields
        formfields[CONSENT_FIELD] = forms.BooleanField(
            label=CONSENT_LABEL,
            required=True,
            widget=forms.CheckboxInput(attrs={"aria-describedby": PRIVACY_NOTE_ID}),
            error_messages={"required": "Please tick the box so the clinic may contact you about your enquiry."},
        )
        return formfields

    def get_form_class(self):
        return type("EnquiryForm", (EnquiryForm,), self.formfields)
