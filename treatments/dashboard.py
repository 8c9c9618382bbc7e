"""The admin dashboard for a clinic: what awaits medical review (approve or request changes in one click), my
drafts, and what was published lately. Panel orders leave room for other apps' panels (see PANEL_ORDERS)."""

from django.contrib import messages
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

# Dashboard order, top to bottom. 120 is kept for the "Reviews due" panel (pages whose medical review is
# getting old), which the evidence app registers through `construct_homepage_panels` with that order.
PANEL_ORDERS = {"awaiting_medical_review": 110, "reviews_due": 120, "my_drafts": 130, "recently_published": 140}
PANEL_SIZE = 8
REVIEW_ACTION_URL_NAME = "treatments_review_action"


class AwaitingMedicalReviewPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", with approve and request changes as buttons on each row instead of
    behind a "…" menu, and actions that confirm what they did."""

    name = "awaiting_medical_review"
    template_name = "treatments/dashboard/awaiting_medical_review.html"
    order = PANEL_ORDERS["awaiting_medical_review"]

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for state in context["states"]:
            if isinstance(state["obj"], Page):
                state["workflow_action_url_name"] = REVIEW_ACTION_URL_NAME
        return context


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change").specific(defer=True)


class MyDraftsPanel(Component):
    """Pages whose latest change is this user's and is not live yet, newest first."""

    name = "my_drafts"
    template_name = "treatments/dashboard/my_drafts.html"
    order = PANEL_ORDERS["my_drafts"]

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        pages = (
            editable_pages(user)
            .filter(has_unpublished_changes=True, latest_revision__user=user)
            .select_related("latest_revision")
            .order_by("-latest_revision_created_at")[:PANEL_SIZE]
        )
        return {"pages": pages}


class RecentlyPublishedPanel(Component):
    """The pages most recently published on the site, with links to see them live and to edit them."""

    name = "recently_published"
    template_name = "treatments/dashboard/recently_published.html"
    order = PANEL_ORDERS["recently_published"]

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        pages = editable_pages(user).live().filter(depth__gt=2).order_by("-last_published_at")[:PANEL_SIZE]
        return {"pages": pages, "request": parent_context["request"]}


def construct_homepage_panels(request, panels):
    """Replace Wagtail's moderation panel with ours; add my drafts and recently published."""
    panels[:] = [panel for panel in panels if panel.name != WorkflowObjectsToModeratePanel.name]
    panels.extend([AwaitingMedicalReviewPanel(), MyDraftsPanel(), RecentlyPublishedPanel()])


def confirm_review_action(request, page, action_name):
    """The message a clinician sees after acting on a review, from the dashboard or from the editor."""
    page = page.specific_deferred
    page.refresh_from_db(fields=["live", "has_unpublished_changes"])
    if action_name == "approve":
        reviewer = getattr(page.get_latest_revision_as_object(), "reviewed_by", None)
        credit = f" Medically reviewed by {reviewer.name}." if reviewer else ""
        state = "is live" if page.live and not page.has_unpublished_changes else "is approved"
        messages.success(request, f"Approved: “{page.get_admin_display_title()}” {state}.{credit}")
    elif action_name == "reject":
        messages.success(
            request, f"Changes requested: “{page.get_admin_display_title()}” is back with its editor, not live."
        )


class ReviewActionView(WorkflowActionView):
    """Wagtail's workflow action (approve, request changes) for the dashboard, followed by a confirmation."""

    submit_url_name = REVIEW_ACTION_URL_NAME

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        confirm_review_action(request, self.object, self.action_name)
        return response


def after_edit_page(request, page):
    """`after_edit_page`: confirm an approval or request for changes made from the page editor's footer."""
    if request.method == "POST" and request.POST.get("action-workflow-action"):
        confirm_review_action(request, page, request.POST.get("workflow-action-name", ""))


def review_action_url(obj, action_name, task_state):
    return reverse(REVIEW_ACTION_URL_NAME, args=[obj.pk, action_name, task_state.pk])
