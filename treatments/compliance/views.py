"""Admin views: the live check the editor panel posts to, and the findings page where clinicians waive."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.preview import PreviewOnCreateView, PreviewOnEditView
from wagtail.log_actions import log
from wagtail.models import Page

from ..conf import medical_review_group_name
from . import gate
from .models import AdvertisingWaiver

MIN_REASON = 20
WAIVE_ACTION = "treatments.advertising_rules.waive"


def is_clinician(user):
    return user.is_authenticated and user.groups.filter(name=medical_review_group_name()).exists()


class LiveCheckMixin:
    """Builds the page from the edit form as it is now (like the preview panel) and answers with its findings."""

    http_method_names = ("post",)

    def post(self, request, *args, **kwargs):
        try:
            form = self.get_form(request.POST)
            valid = self.validate_form(form)
        except (KeyError, ValueError) as error:  # a post that is not this page's edit form (a field set is missing)
            return JsonResponse(
                {"is_valid": False, "html": "", "error": f"Not a complete edit form: {error}"}, status=400
            )
        if not valid:
            return JsonResponse({"is_valid": False, "html": ""})
        page = form.save(commit=False)
        parent = None if page.pk else self.get_parent_page()
        site = gate.site_of(page) if page.pk else parent.get_site()
        findings = gate.findings_for(page, site)
        html = render_to_string("treatments/compliance/findings_list.html", {"findings": findings}, request=request)
        return JsonResponse(
            {
                "is_valid": True,
                "blocking": sum(finding.blocks for finding in findings),
                "findings": [finding.as_dict() for finding in findings],
                "html": html,
            }
        )


class LiveCheckOnEdit(LiveCheckMixin, PreviewOnEditView):
    pass


class LiveCheckOnCreate(LiveCheckMixin, PreviewOnCreateView):
    def get_parent_page(self):
        return get_object_or_404(Page, pk=self.kwargs["parent_page_id"])


class FindingsView(WagtailAdminTemplateMixin, TemplateView):
    """Findings of a page's latest revision, its waiver history, and for clinicians a form to waive each one."""

    template_name = "treatments/compliance/findings_page.html"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.latest = self.page.get_latest_revision_as_object()
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"Advertising rules: {self.page.get_admin_display_title()}"

    def get_context_data(self, **kwargs):
        findings = gate.findings_for(self.latest)
        return super().get_context_data(
            page=self.page,
            findings=findings,
            blocking=[finding for finding in findings if finding.blocks],
            packs=gate.packs_for_page(self.latest),
            can_waive=is_clinician(self.request.user),
            clinician_group=medical_review_group_name(),
            min_reason=MIN_REASON,
            refused=self.request.GET.get("refused") == "approve",
            waivers=AdvertisingWaiver.objects.filter(page=self.page).select_related("waived_by"),
            **kwargs,
        )

    def post(self, request, page_id):
        back = redirect(reverse("treatments_advertising_findings", args=[self.page.pk]))
        if not is_clinician(request.user):
            messages.error(request, f"Only a clinician (the {medical_review_group_name()} group) can waive a finding.")
            return back
        rule_id, subject = request.POST.get("rule_id", ""), request.POST.get("subject", "")
        reason = " ".join(request.POST.get("reason", "").split())
        finding = next((f for f in gate.findings_for(self.latest) if f.key == (rule_id, subject)), None)
        if finding is None:
            messages.error(request, f"{rule_id} ({subject}) is not a finding on this page any more: nothing to waive.")
        elif len(reason) < MIN_REASON:
            messages.error(
                request,
                f"Write why {rule_id} may stand, in at least {MIN_REASON} characters: the reason is the record.",
            )
        else:
            waive(self.page, finding, request.user, reason)
            messages.success(request, f"{rule_id} ({', '.join(finding.matched)}) waived.")
        return back


def waive(page, finding, user, reason):
    """Record a waiver and its entry in the page's history (who, when, rule, reason, revision)."""
    name = user.get_full_name() or user.get_username()
    waiver = AdvertisingWaiver.objects.create(
        page=page,
        rule_id=finding.rule.id,
        subject=finding.subject,
        reason=reason,
        waived_by=user,
        waived_by_name=name,
        revision=page.latest_revision,
    )
    log(
        instance=page,
        action=WAIVE_ACTION,
        user=user,
        revision=page.latest_revision,
        data={"rule": finding.rule.id, "subject": finding.subject, "reason": reason},
    )
    return waiver
