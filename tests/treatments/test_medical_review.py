"""Approving a medical review records the reviewing clinician and the date on the page that goes live."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from tests.factories import treatments as f
from tests.treatments.page_forms import edit_form_data
from treatments.models import Clinician, TreatmentPage

pytestmark = pytest.mark.django_db


def login_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.com", "a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def submit_for_review(client, index, editor):
    page = f.TreatmentPageFactory(parent=index, live=False, title="Profhilo", slug="profhilo", reviewed_by=None)
    page.save_revision()
    client.force_login(editor)
    data = edit_form_data(client, TreatmentPage.objects.get(pk=page.pk))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-submit": "1"})
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)


def approve(client, user, task_state):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[task_state.workflow_state.object_id, "approve", task_state.pk]
    )
    return client.post(url, {"comment": ""})


def test_a_clinicians_approval_is_recorded_as_the_pages_medical_review(client, treatment_index):
    editor, reviewer = login_in("Editors", "editor"), login_in("Clinicians", "maya")
    clinician = f.ClinicianFactory(name="Dr Maya Ellison", user=reviewer)
    task_state = submit_for_review(client, treatment_index, editor)
    approve(client, reviewer, task_state)
    page = TreatmentPage.objects.get(slug="profhilo")
    assert page.live
    assert page.reviewed_by == clinician
    assert page.last_reviewed == timezone.localdate()
    assert page.get_latest_revision().content["reviewed_by"] == clinician.pk
    client.logout()
    html = client.get(page.url).content.decode()
    assert "Dr Maya Ellison" in html


def test_an_approver_with_no_clinician_record_leaves_the_review_fields_as_they_were(client, treatment_index):
    editor, approver = login_in("Editors", "editor"), login_in("Clinicians", "nurse")
    task_state = submit_for_review(client, treatment_index, editor)
    approve(client, approver, task_state)
    page = TreatmentPage.objects.get(slug="profhilo")
    assert page.live
    assert page.reviewed_by is None
    assert page.last_reviewed is None


def test_ensure_admin_links_the_demo_clinician_login_to_a_clinician(treatment_index, tmp_path, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    f.ClinicianFactory(name="Dr Tomas Reyes")
    out = io.StringIO()
    call_command("ensure_admin", password_file=str(tmp_path / "passwords"), stdout=out)
    assert Clinician.objects.get(name="Dr Tomas Reyes").user.username == "clinician"
    assert "approves medical reviews as Dr Tomas Reyes" in out.getvalue()


def publish_directly(client, user, page):
    client.force_login(user)
    data = edit_form_data(client, page)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-publish": "1"}, follow=True)


def test_a_clinician_publishing_directly_signs_off_what_they_publish(client, treatment_index):
    reviewer = login_in("Clinicians", "maya")
    clinician = f.ClinicianFactory(name="Dr Maya Ellison", user=reviewer)
    page = f.TreatmentPageFactory(parent=treatment_index, title="Profhilo", slug="profhilo", reviewed_by=None)
    page.save_revision().publish()
    publish_directly(client, reviewer, TreatmentPage.objects.get(pk=page.pk))
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.reviewed_by == clinician
    assert page.last_reviewed == timezone.localdate()
    assert page.live_revision.content["reviewed_by"] == clinician.pk


def test_publishing_directly_without_review_says_the_old_review_did_not_cover_it(client, treatment_index):
    earlier = f.ClinicianFactory(name="Dr Old Review")
    page = f.TreatmentPageFactory(
        parent=treatment_index, slug="profhilo", reviewed_by=earlier, last_reviewed=timezone.localdate()
    )
    page.save_revision().publish()
    admin = User.objects.create_superuser("boss", "boss@example.com", "a-long-test-password")
    response = publish_directly(client, admin, TreatmentPage.objects.get(pk=page.pk))
    text = response.content.decode()
    assert "Published without a medical review" in text and "Dr Old Review" in text
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.reviewed_by == earlier, "nobody is recorded as reviewing content they did not review"
