"""The medical-review workflow: a clinician group approves treatment pages before they go live."""

from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from .settings import medical_review_group_name, medical_review_workflow_name
from .snippets import Clinician


class MedicalReviewTask(GroupApprovalTask):
    """A clinician approves the page; the approved revision records who reviewed it and when.

    The record goes into the revision before Wagtail publishes it (`task_approved` fires only afterwards), so the
    live page, its history and the API all carry the reviewer of exactly the content that was approved.
    """

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"

    def on_action(self, task_state, user, action_name, **kwargs):
        from .compliance.gate import refuse_approval

        if action_name == "approve" and (findings_url := refuse_approval(task_state)):
            return findings_url  # blocking advertising-rules findings: the task stays in review, the page a draft
        if action_name == "approve":
            record_medical_review(task_state.revision, user)
        return super().on_action(task_state, user, action_name, **kwargs)


def record_medical_review(revision, user):
    """Stamp a treatment revision with the approving clinician and today's date; other content is left alone."""
    clinician = Clinician.objects.filter(user=user).first() if user is not None else None
    if clinician is None or revision is None or "science_score" not in revision.content:
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
