"""The medical-review workflow: a clinician group approves treatment pages before they go live."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from .conf import medical_review_group_name, medical_review_workflow_name
from .snippets import Clinician

# Offered instead of "Approve" to a clinician whose profile has no registration number: it explains what to fill
# in and can never approve.
NEEDS_REGISTRATION = "approve_needs_registration"


def registration_needed_message(clinician):
    return (
        f"You cannot approve medical reviews yet: your clinician profile ({clinician.name}) has no registration "
        "number, and every medical review names the registered clinician who made it. Fill in the registration "
        f"number under Treatment records → Clinicians → {clinician.name} → Registration number (or ask an "
        "administrator to), then approve."
    )


def clinician_without_registration(user):
    """The user's clinician profile when it lacks a registration number, else None."""
    if user is None or not user.is_authenticated:
        return None
    clinician = Clinician.objects.filter(user=user).first()
    return clinician if clinician is not None and not clinician.registration_number.strip() else None


class RegistrationNeededForm(forms.Form):
    """Shown in the approval dialog of a clinician without a registration number; it never validates."""

    def clean(self):
        raise ValidationError(
            "Fill in your registration number under Treatment records → Clinicians → your name, then approve."
        )


class MedicalReviewTask(GroupApprovalTask):
    """A clinician approves the page; the approved revision records who reviewed it and when.

    The record goes into the revision before Wagtail publishes it (`task_approved` fires only afterwards), so the
    live page, its history and the API all carry the reviewer of exactly the content that was approved. A clinician
    whose profile has no registration number cannot approve: the dialog says what to fill in.
    """

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and clinician_without_registration(user) is not None:
            actions = [action for action in actions if action[0] != "approve"]
            actions.append((NEEDS_REGISTRATION, "Approve (needs your registration number)", True))
        return actions

    def get_form_for_action(self, action):
        if action == NEEDS_REGISTRATION:
            return RegistrationNeededForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == NEEDS_REGISTRATION:
            return "treatments/admin/registration_needed_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == NEEDS_REGISTRATION:
            raise PermissionDenied("A registration number is needed to approve a medical review.")
        from .compliance.gate import refuse_approval

        if action_name == "approve" and (findings_url := refuse_approval(task_state)):
            return findings_url  # blocking advertising-rules findings: the task stays in review, the page a draft
        if action_name == "approve":
            missing = clinician_without_registration(user)
            if missing is not None:
                raise PermissionDenied(registration_needed_message(missing))
            record_medical_review(task_state.revision, user)
        return super().on_action(task_state, user, action_name, **kwargs)


def record_medical_review(revision, user):
    """Stamp a treatment revision with the approving clinician and today's date; other content is left alone.
    A clinician without a registration number is never recorded as a reviewer."""
    clinician = Clinician.objects.filter(user=user).first() if user is not None else None
    if clinician is None or revision is None or "science_score" not in revision.content:
        return False
    if not clinician.registration_number.strip():
        return False
    revision.content["reviewed_by"] = clinician.pk
    revision.content["last_reviewed"] = timezone.localdate().isoformat()
    revision.save(update_fields=["content"])
    return True


def record_direct_publish(request, page):
    """`before_publish_page`: clinicians need publish rights to approve, so they can also publish without the
    workflow. A clinician who does signs off what they publish, and the page records them; anyone else is told the
    page still shows an earlier review, which did not cover these changes."""
    revision = getattr(page, "latest_revision", None)  # the very revision the edit view is about to publish
    if revision is None or "science_score" not in revision.content:
        return None
    user = request.user
    if user.groups.filter(name=medical_review_group_name()).exists() and record_medical_review(revision, user):
        return None
    missing = clinician_without_registration(user)
    if missing is not None:
        messages.warning(request, f"Not recorded as your medical review. {registration_needed_message(missing)}")
    reviewer = Clinician.objects.filter(pk=revision.content.get("reviewed_by")).first()
    earlier = (
        f"still says it was reviewed by {reviewer} on {revision.content.get('last_reviewed')}"
        if reviewer
        else "has no medical review"
    )
    messages.warning(
        request, f"Published without a medical review: the page {earlier}. Submit it for review to update that."
    )
    return None


def ensure_medical_review_workflow():
    """Create (or find) the Clinicians group and the Medical review workflow; safe to call repeatedly."""
    group, _ = Group.objects.get_or_create(name=medical_review_group_name())
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(*admin_access)
    workflow, _ = Workflow.objects.get_or_create(name=medical_review_workflow_name(), defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task, _ = MedicalReviewTask.objects.get_or_create(name="Clinician approval")
        task.groups.add(group)
        # Through the model's manager: Workflow is a ClusterableModel, so `workflow.workflow_tasks.create()`
        # would only add the task in memory and never save it.
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_medical_review(index_page):
    """Put every page under `index_page` through medical review and let clinicians see and edit them."""
    workflow = ensure_medical_review_workflow()
    WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})
    group = Group.objects.get(name=medical_review_group_name())
    for codename in ("change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=permission)
    return workflow
