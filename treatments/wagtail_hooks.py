"""Admin registration: snippet viewsets for clinicians, products and conditions, grouped in one menu."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import expiry, review
from .api import admin as api_admin
from .compliance import wagtail_hooks as compliance_hooks  # noqa: F401  (registers its hooks)
from .evidence import admin as evidence_admin
from .snippets import Clinician, Condition, Product
from .webhooks import admin as webhooks_admin


class ClinicianViewSet(SnippetViewSet):
    model = Clinician
    icon = "user"
    menu_label = "Clinicians"
    list_display = ["name", "credentials", "registration_number"]
    search_fields = ["name", "credentials"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    list_display = ["name", "shop_id", "price", "currency", "is_active"]
    list_filter = ["is_active", "currency"]
    search_fields = ["name", "description"]


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "folder-open-inverse"
    menu_label = "Conditions"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TreatmentRecordsGroup(SnippetViewSetGroup):
    menu_label = "Treatment records"
    menu_icon = "folder-open-1"
    menu_order = 200
    items = (ClinicianViewSet, ProductViewSet, ConditionViewSet, evidence_admin.ReferenceViewSet)


register_snippet(TreatmentRecordsGroup)


# ---------------------------------------------------------------- article import
@hooks.register("register_admin_urls")
def register_import_urls():
    from .importer.views import ImportArticlesView

    return [path("treatments/import/", ImportArticlesView.as_view(), name="treatments_import_articles")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .importer.views import importable_parents

        return bool(importable_parents(request.user))


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Import articles", reverse("treatments_import_articles"), icon_name="upload", order=210)


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    @actions.register_action("treatments.import")
    class ImportedFromSource(LogFormatter):
        label = "Import"
        message = "Imported as a draft"

        def format_comment(self, log_entry):
            data = log_entry.data or {}
            where = " ".join(part for part in (data.get("source"), data.get("position")) if part)
            return f"Imported from {where}" if where else "Imported from a file"


# "Preview in app" next to a treatment's edit button, when the site names a front-end preview URL.
hooks.register("register_page_header_buttons", api_admin.page_header_buttons)
hooks.register("before_publish_page", review.record_direct_publish)
# An expired page is a 404 from the second its expiry passes, before publish_scheduled unpublishes it.
hooks.register("before_serve_page", expiry.refuse_expired_page)


# "Revoke preview links" in a treatment's "..." menu: rotates its preview key (treatments/api/preview.py).
@hooks.register("register_admin_urls")
def register_preview_revoke_urls():
    from .api.preview import revoke_preview_links_view

    return [
        path(
            "treatments/pages/<int:page_id>/revoke-preview-links/",
            revoke_preview_links_view,
            name="treatments_revoke_preview_links",
        )
    ]


@hooks.register("register_page_header_buttons")
def register_preview_revoke_button(page, user, view_name, next_url=None):
    from .api.preview import revoke_buttons

    yield from revoke_buttons(page, user, view_name, next_url)


@hooks.register("register_log_actions")
def register_preview_revoke_log_action(actions):
    from .api.preview import REVOKE_ACTION

    actions.register_action(REVOKE_ACTION, "Revoke preview links", "Revoked every preview link")


evidence_admin.register_hooks()


# ---------------------------------------------------------------- dashboard and medical review
from . import dashboard  # noqa: E402

hooks.register("construct_homepage_panels", dashboard.construct_homepage_panels)
hooks.register("after_edit_page", dashboard.after_edit_page)


@hooks.register("register_admin_urls")
def register_review_action_url():
    return [
        path(
            "treatments/review/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
            dashboard.ReviewActionView.as_view(),
            name=dashboard.REVIEW_ACTION_URL_NAME,
        )
    ]


@hooks.register("construct_page_action_menu")
def approve_first(menu_items, request, context):
    """Approve is the editor footer's main button for the reviewing clinician, not hidden behind "…"."""
    for position, item in enumerate(menu_items):
        if getattr(item, "name", "") == "approve":
            menu_items.insert(0, menu_items.pop(position))
            break


# ---------------------------------------------------------------- webhooks
hooks.register("register_admin_viewset", webhooks_admin.WebhooksGroup)
hooks.register("register_admin_urls", webhooks_admin.admin_urls)
