"""Publishing: drafts stay private, scheduled pages go live on time, and medical review gates going live."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from tests.factories import treatments as f
from tests.treatments.page_forms import edit_form_data
from treatments.models import TreatmentPage
from treatments.review import ensure_medical_review_workflow

pytestmark = pytest.mark.django_db


def user_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.com", "a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(treatment_index):
    return user_in("Editors", "editor")


@pytest.fixture
def clinician(treatment_index):
    ensure_medical_review_workflow()
    return user_in("Clinicians", "clinician")


def draft(index, **kwargs):
    """A treatment that has never been published: saved as a revision only."""
    page = f.TreatmentPageFactory(parent=index, live=False, **kwargs)
    page.save_revision()
    return TreatmentPage.objects.get(pk=page.pk)


# ---------------------------------------------------------------- drafts and preview
def test_a_draft_is_a_404_for_anonymous_visitors(client, treatment_index):
    page = draft(treatment_index, title="Secret draft", slug="secret-draft")
    assert client.get("/treatments/secret-draft/").status_code == 404
    assert page.live is False


def test_unpublished_changes_to_a_live_page_stay_out_of_its_public_version(client, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Published title", slug="prp")
    page.save_revision().publish()
    page.title = "Draft title nobody may see"
    page.save_revision()
    response = client.get("/treatments/prp/")
    assert response.status_code == 200
    assert b"Draft title nobody may see" not in response.content
    assert b"Published title" in response.content


def test_an_editor_sees_the_draft_in_preview(client, treatment_index, editor):
    page = draft(treatment_index, title="Draft for preview", slug="draft-for-preview")
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert b"Draft for preview" in response.content


def test_anonymous_visitors_cannot_open_the_preview(client, treatment_index):
    page = draft(treatment_index)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# ---------------------------------------------------------------- scheduled publishing
def schedule(page, go_live_at):
    page.go_live_at = go_live_at
    revision = page.save_revision(approved_go_live_at=go_live_at)
    revision.publish()
    return revision


def test_a_scheduled_page_waits_for_its_time_then_goes_live(client, treatment_index):
    page = draft(treatment_index, title="Launching soon", slug="launching-soon")
    revision = schedule(page, timezone.now() + datetime.timedelta(hours=2))

    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live is False
    assert client.get("/treatments/launching-soon/").status_code == 404

    with time_machine.travel(revision.approved_go_live_at + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live is True
    assert client.get("/treatments/launching-soon/").status_code == 200


def test_an_expired_page_is_taken_down_by_publish_scheduled(client, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, slug="summer-offer")
    page.expire_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()
    assert client.get("/treatments/summer-offer/").status_code == 200
    with time_machine.travel(page.expire_at + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert client.get("/treatments/summer-offer/").status_code == 404


# ---------------------------------------------------------------- medical review
def test_treatment_index_is_under_the_medical_review_workflow(treatment_index):
    page = draft(treatment_index)
    workflow = page.get_workflow()
    assert workflow is not None
    assert workflow.name == "Medical review"
    assert [task.specific.groups.get().name for task in workflow.tasks] == ["Clinicians"]


def test_a_page_goes_live_only_after_a_clinician_approves_it(treatment_index, editor, clinician):
    page = draft(treatment_index)
    workflow = page.get_workflow()
    workflow_state = workflow.start(page, editor)
    page.refresh_from_db()
    assert page.live is False
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    task_state = workflow_state.current_task_state.specific
    assert task_state.task.specific.get_actions(page, editor) == []
    assert [name for name, *_ in task_state.task.specific.get_actions(page, clinician)] == [
        "reject",
        "approve",
        "approve",
    ]
    task_state.task.specific.on_action(task_state, clinician, "approve")

    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert page.live is True


def test_a_rejected_page_stays_unpublished(treatment_index, editor, clinician):
    page = draft(treatment_index)
    workflow_state = page.get_workflow().start(page, editor)
    workflow_state.current_task_state.specific.reject(user=clinician, comment="Check the dosage section.")
    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert page.live is False
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_editor_submits_and_clinician_approves_through_the_admin(client, treatment_index, editor, clinician):
    page = draft(treatment_index, title="Polynucleotides", slug="polynucleotides")
    client.force_login(editor)
    data = edit_form_data(client, page, title="Polynucleotides, reviewed")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-submit": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is False
    assert page.workflow_in_progress
    assert client.get("/treatments/polynucleotides/").status_code == 404

    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
    client.force_login(clinician)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in {200, 302}
    page.refresh_from_db()
    assert page.live is True
    assert page.title == "Polynucleotides, reviewed"
    client.logout()
    assert client.get("/treatments/polynucleotides/").status_code == 200


def test_an_editor_cannot_publish_directly_from_the_edit_view(client, treatment_index, editor):
    page = draft(treatment_index, title="Fillers", slug="fillers")
    client.force_login(editor)
    data = edit_form_data(client, page, title="Fillers, published by an editor")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    # Wagtail treats the publish button it never offered as a plain save: a new draft, nothing live.
    assert page.live is False
    assert page.get_latest_revision().as_object().title == "Fillers, published by an editor"
    client.logout()
    assert client.get("/treatments/fillers/").status_code == 404
