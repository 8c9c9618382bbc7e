"""Admin for cases and consent, the withdraw action, and the hooks treatment pages and the API call."""

from django.db.models import Q
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import embeds, invalidation, views
from .models import BeforeAfterCase, ConsentRecord
from .photo_privacy import WatermarkOperation


class CaseAdminForm(WagtailAdminModelForm):
    """A case links to published treatments: drafts (an import's copy of "Exosomes", say) are not offered,
    though a link the case already has is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("treatments")
        if field is not None:
            chosen = list(self.instance.treatments.values_list("pk", flat=True)) if self.instance.pk else []
            field.queryset = field.queryset.filter(Q(live=True) | Q(pk__in=chosen)).order_by("title")


class CaseSnippetViewSet(SnippetViewSet):
    model = BeforeAfterCase
    icon = "image"
    menu_label = "Before/after cases"
    list_display = [
        "title",
        "body_area",
        Column("live", label="Status", accessor=lambda case: "Published" if case.live else "Draft"),
        "updated_at",
    ]
    list_filter = ["live", "body_area", "skin_type"]
    search_fields = ["title", "notes"]
    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("treatments"), FieldPanel("conditions"), FieldPanel("clinician")], heading="Treatment"
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("body_area"), FieldPanel("age_band")]),
                FieldRowPanel([FieldPanel("sex"), FieldPanel("skin_type")]),
                FieldRowPanel([FieldPanel("sessions"), FieldPanel("weeks_between")]),
            ],
            heading="Patient and course (never anything that identifies the patient)",
        ),
        InlinePanel("photo_pairs", label="Photo pair", min_num=1, heading="Photos"),
        FieldPanel("notes"),
        FieldPanel("disclaimer"),
        MultiFieldPanel(
            [
                HelpPanel(content="A case shows only while published AND its consent record covers the channel."),
                FieldPanel("unretouched_attested"),
                FieldPanel("live"),
            ],
            heading="Publishing",
        ),
    ]
    edit_handler = ObjectList(panels, base_form_class=CaseAdminForm)


class ConsentIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if not instance.withdrawn_on and user.has_perm("galleries.change_consentrecord"):
            url = reverse("galleries_consent_withdraw", args=[instance.pk])
            buttons.append(MenuItem("Withdraw consent", url, icon_name="cross", priority=25))
        if instance.signed_form and user.has_perm("galleries.download_consent_form"):
            url = reverse("galleries_consent_form", args=[instance.pk])
            buttons.append(MenuItem("Download signed form", url, icon_name="download", priority=26))
        return buttons


class ConsentSnippetViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "success"
    menu_label = "Consent records"
    index_view_class = ConsentIndexView
    list_display = [
        "case",
        "given_on",
        Column("channels", label="Channels", accessor=lambda record: ", ".join(record.channels)),
        "expires_on",
        "withdrawn_on",
        "status",
    ]
    list_filter = ["covers_website", "covers_mobile_app", "covers_social_media"]
    panels = [
        FieldPanel("case"),
        FieldPanel("given_on"),
        FieldRowPanel(
            [FieldPanel("covers_website"), FieldPanel("covers_mobile_app"), FieldPanel("covers_social_media")],
            heading="Channels the patient agreed to",
        ),
        FieldRowPanel([FieldPanel("expires_on"), FieldPanel("withdrawn_on", read_only=True)]),
        FieldPanel("signed_form"),
        FieldPanel("notes"),
    ]


class GalleryRecordsGroup(SnippetViewSetGroup):
    menu_label = "Results gallery"
    menu_icon = "image"
    menu_order = 210
    items = (CaseSnippetViewSet, ConsentSnippetViewSet)


register_snippet(GalleryRecordsGroup)


@hooks.register("register_admin_urls")
def register_consent_urls():
    return [
        path("galleries/consent/<int:pk>/withdraw/", views.withdraw_consent_view, name="galleries_consent_withdraw"),
        path("galleries/consent/<int:pk>/form/", views.download_consent_form, name="galleries_consent_form"),
    ]


@hooks.register("register_image_operations")
def register_watermark_operation():
    return [("watermark", WatermarkOperation)]


# ---- contracts with the treatments app and its API (treatments never imports galleries)
hooks.register("treatments_gallery_url", embeds.gallery_url_for_treatment)
hooks.register("treatments_gallery_cases_html", embeds.cases_html_for_treatment)
hooks.register("treatments_gallery_cases_api", embeds.cases_api_for_treatment)


@hooks.register("treatments_gallery_case_serializer")
def case_serializer():
    from .api.serializers import CaseSerializer

    return CaseSerializer


# Patient photos get no renditions at upload: only the consent-checked photo view makes copies of them.
hooks.register("treatments_image_is_private", invalidation.is_case_photo)


@hooks.register("construct_image_chooser_queryset")
def leave_case_photos_out_of_the_chooser(images, request):
    """Patient photos are picked for a case once, by uploading them there; offering them in every image chooser
    would invite putting one on a treatment page, where consent is not checked."""
    return images.exclude(is_case_photo=True)
