"""Admin hooks of the advertising-rules check; imported by treatments.wagtail_hooks so Wagtail registers them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import gate, views


@hooks.register("register_admin_urls")
def register_urls():
    base = "treatments/advertising-rules"
    new_page = "<str:content_type_app_name>/<str:content_type_model_name>/<int:parent_page_id>"
    return [
        path(f"{base}/<int:page_id>/", views.FindingsView.as_view(), name="treatments_advertising_findings"),
        path(f"{base}/<int:page_id>/check/", views.LiveCheckOnEdit.as_view(), name="treatments_advertising_check"),
        path(
            f"{base}/new/{new_page}/check/", views.LiveCheckOnCreate.as_view(), name="treatments_advertising_check_new"
        ),
    ]


def _findings_link(page):
    return reverse("treatments_advertising_findings", args=[page.pk])


@hooks.register("before_publish_page")
def refuse_blocked_publish(request, page):
    """Publish from the editor (or schedule): a page with unwaived blocking findings stays a draft, with a reason."""
    if not isinstance(page, gate.AdvertisingRulesGate):
        return None
    blocked = gate.blocking_findings(page)
    if not blocked:
        return None
    messages.error(
        request,
        f"Not published: {len(blocked)} advertising-rules finding{'s' if len(blocked) != 1 else ''} block it "
        f"({gate.describe(blocked)}). Your changes are saved as a draft. Fix them, or ask a clinician to waive them "
        "with a reason on the Advertising rules tab.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _after_edit(request, page):
    """After submitting for review (or approving from the editor), say what still stops the page going live."""
    if not isinstance(page, gate.AdvertisingRulesGate) or request.method != "POST":
        return None
    submitted = "action-submit" in request.POST
    approving = "action-workflow-action" in request.POST and request.POST.get("workflow-action-name") == "approve"
    if not (submitted or approving):
        return None
    blocked = gate.blocking_findings(page.get_latest_revision_as_object())
    if blocked and submitted:
        messages.warning(
            request,
            f"Submitted for review. {len(blocked)} advertising-rules finding{'s' if len(blocked) != 1 else ''} "
            f"({gate.describe(blocked)}) must be fixed or waived by the reviewing clinician before it can go live.",
        )
    elif blocked and approving:
        messages.error(
            request,
            f"Not approved: advertising-rules findings block publishing ({gate.describe(blocked)}). Fix or waive them.",
        )
    return None


hooks.register("after_edit_page", _after_edit)
hooks.register("after_create_page", _after_edit)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action(views.WAIVE_ACTION)
    class Waived(LogFormatter):
        label = "Advertising-rules finding waived"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"Waived {data.get('rule')} ({data.get('subject')}): {data.get('reason')}"

    @actions.register_action(gate.REFUSED_ACTION)
    class Refused(LogFormatter):
        label = "Held back by advertising rules"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"Not published at {data.get('when', 'publish')}: {', '.join(data.get('findings', []))}"
