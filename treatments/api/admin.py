"""The admin's "Preview in app" button: opens the front end's preview of a treatment's latest draft."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.menus.pages import PageMenuItem

from ..conf import treatments_settings
from ..models import TreatmentPage


class PreviewInAppButton(PageMenuItem):
    label = "Preview in app"
    icon_name = "mobile-alt"

    def is_shown(self, user):
        return (
            bool(treatments_settings.API_PREVIEW_FRONTEND_URL)
            and self.page.specific_class is TreatmentPage
            and self.page.permissions_for_user(user).can_edit()
        )

    @cached_property
    def url(self):
        return reverse("treatments_api:preview-token", args=[self.page.pk]) + "?open=1"


def page_header_buttons(page, user, view_name, next_url=None):
    """Wagtail hook `register_page_header_buttons`: registered in treatments/wagtail_hooks.py."""
    yield PreviewInAppButton(page=page, priority=80)
