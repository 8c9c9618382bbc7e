"""The consultation enquiry page: fields the editor builds, kept as Wagtail form submissions and emailed.

A sent enquiry is answered with a redirect to the page's `thanks/` address, which carries nothing of what was sent,
so no name or address ever sits in a URL, a browser history or an access log.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from .forms import CONSENT_FIELD, CONSENT_LABEL, RESERVED_NAMES, EnquiryFormBuilder

THANKS_PATH = "thanks"
TEXT_FEATURES = ["bold", "italic", "link"]


class FormField(AbstractFormField):
    """One field of an enquiry form, as the editor defined it."""

    page = ParentalKey("EnquiryFormPage", on_delete=models.CASCADE, related_name="form_fields")

    def clean(self):
        super().clean()
        # A field named like the honeypot would have every visitor who fills it in refused as a bot.
        if (self.clean_name or self.get_field_clean_name()) in RESERVED_NAMES:
            raise ValidationError({"label": "The form uses this name itself; please word the label differently."})


class EnquiryFormPage(AbstractEmailForm):
    """Where a visitor asks the clinic for a consultation; each enquiry is kept in the admin and emailed."""

    intro = RichTextField(blank=True, features=TEXT_FEATURES, help_text="Shown above the form.")
    privacy_note = RichTextField(
        features=TEXT_FEATURES,
        help_text="Shown beside the consent checkbox: what the clinic does with the details, and for how long.",
    )
    reply_time = models.CharField(
        max_length=120,
        default="within one working day",
        help_text='When the clinic answers, as it ends the sentence "We will answer …", e.g. within one working day.',
    )
    thank_you_text = RichTextField(
        blank=True, features=TEXT_FEATURES, help_text="Shown after an enquiry is sent, below the thanks."
    )

    form_builder = EnquiryFormBuilder
    template = "enquiries/enquiry_form_page.html"
    landing_page_template = "enquiries/enquiry_form_page_landing.html"
    # No child pages: `thanks/` below this page is the landing page.
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("privacy_note"),
        FieldPanel("reply_time"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email to the clinic",
        ),
    ]

    class Meta:
        verbose_name = "enquiry form page"

    def get_data_fields(self):
        return [*super().get_data_fields(), (CONSENT_FIELD, CONSENT_LABEL)]

    def route(self, request, path_components):
        if path_components == [THANKS_PATH] and self.live:
            return RouteResult(self, kwargs={"thanks": True})
        return super().route(request, path_components)

    def serve(self, request, *args, thanks=False, **kwargs):
        """Wagtail's form page flow, with the visitor's request given to the form (for the rate limit)."""
        if thanks:
            return self.render_thanks(request)
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user, request=request)
            if form.is_valid():
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission)
        else:
            form = self.get_form(page=self, user=request.user, request=request)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        # Post, then redirect: reloading the thanks page sends nothing twice, and the URL carries no data.
        return redirect(f"{self.get_url(request)}{THANKS_PATH}/")

    def render_thanks(self, request):
        return TemplateResponse(request, self.get_landing_page_template(request), self.get_context(request))

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_thanks(request)
        return super().serve_preview(request, mode_name)
