"""Reviews that come due: intervals, the next review date, the "Reviews due" panel and listing filter, the
visitors' notice, and no approval from a clinician without a registration number."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Site, TaskState

from tests.api.conftest import publish
from tests.factories import treatments as f
from tests.treatments.page_forms import edit_form_data
from treatments.evidence.models import DEFAULT_PAST_DUE_NOTICE, EvidenceSettings
from treatments.evidence.reviews import add_months
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        yield


def reviewed(index, slug, last_reviewed, interval=None, **fields):
    clinician = f.ClinicianFactory()
    page = f.TreatmentPageFactory(
        parent=index, slug=slug, title=slug.title(), reviewed_by=clinician, last_reviewed=last_reviewed,
        review_interval_months=interval, **fields,
    )  # fmt: skip
    return publish(page)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 14) == datetime.date(2027, 1, 15)


def test_next_review_is_due_after_the_pages_interval_or_the_sites_default(treatment_index):
    own = reviewed(treatment_index, "own", datetime.date(2026, 10, 15), interval=6)
    default = reviewed(treatment_index, "default", datetime.date(2026, 10, 15))
    never = publish(f.TreatmentPageFactory(parent=treatment_index, slug="never", reviewed_by=None))
    assert own.next_review_due == datetime.date(2027, 4, 15)
    assert default.next_review_due == datetime.date(2027, 10, 15)
    assert never.next_review_due is None


def test_a_review_date_given_as_text_by_code_or_a_fixture_still_sets_the_due_date(treatment_index):
    page = f.TreatmentPageFactory(
        parent=treatment_index, slug="text-date", reviewed_by=f.ClinicianFactory(), last_reviewed="2024-05-02"
    )
    assert page.next_review_due == datetime.date(2025, 5, 2)


def test_changing_the_sites_default_interval_moves_every_due_date_using_it(treatment_index):
    own = reviewed(treatment_index, "own", datetime.date(2026, 10, 15), interval=6)
    default = reviewed(treatment_index, "default", datetime.date(2026, 10, 15))
    setting = EvidenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.default_review_interval_months = 3
    setting.save()
    default.refresh_from_db()
    own.refresh_from_db()
    assert default.next_review_due == datetime.date(2027, 1, 15)
    assert own.next_review_due == datetime.date(2027, 4, 15)


def test_visitors_see_last_reviewed_and_a_notice_the_site_words_when_past_due(client, treatment_index):
    current = reviewed(treatment_index, "current", datetime.date(2026, 10, 15))
    late = reviewed(treatment_index, "late", datetime.date(2025, 3, 10))
    html = client.get(current.url).content.decode()
    assert "Last reviewed <time" in html and "next review due" in html
    assert DEFAULT_PAST_DUE_NOTICE not in html
    assert DEFAULT_PAST_DUE_NOTICE in client.get(late.url).content.decode()
    setting = EvidenceSettings.for_site(Site.objects.get(is_default_site=True))
    setting.past_due_notice = "Our doctors are re-checking this page."
    setting.save()
    assert "Our doctors are re-checking this page." in client.get(late.url).content.decode()


def test_the_api_gives_the_next_review_date(api, treatment_index):
    page = reviewed(treatment_index, "own", datetime.date(2026, 10, 15), interval=6)
    assert api.get(f"/api/v1/treatments/{page.pk}/").json()["next_review_due"] == "2027-04-15"


def login_in(group_name, username, superuser=False):
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "a-long-test-password")
    user = User.objects.create_user(username, f"{username}@example.com", "a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_clinicians_see_reviews_due_on_their_dashboard_and_editors_do_not(client, treatment_index):
    reviewed(treatment_index, "current", datetime.date(2026, 10, 15))
    reviewed(treatment_index, "late", datetime.date(2025, 3, 10))
    publish(f.TreatmentPageFactory(parent=treatment_index, slug="never", title="Never", reviewed_by=None))
    client.force_login(login_in("Clinicians", "maya"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index("data-reviews-due") :]
    assert panel.index("Never") < panel.index("Late"), "never reviewed first, then most overdue"
    assert "Current" not in panel[: panel.index("</section>")]
    assert "10 Mar 2026" in panel
    client.force_login(login_in("Editors", "eddie"))
    assert "data-reviews-due" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_treatment_listing_filters_pages_past_due(client, treatment_index):
    reviewed(treatment_index, "current", datetime.date(2026, 10, 15))
    reviewed(treatment_index, "late", datetime.date(2025, 3, 10))
    client.force_login(login_in("", "boss", superuser=True))
    url = reverse("treatment_listing:index")

    def titles(status):
        html = BeautifulSoup(client.get(url, {"review_status": status}).content, "html.parser")
        return [cell.get_text(strip=True) for cell in html.select("td[data-listing-page-title] span[id$=_title]")]

    assert titles("past_due") == ["Late"]
    assert titles("current") == ["Current"]


# ---------------------------------------------------------------- registration number
def submit_for_review(client, index):
    editor = login_in("Editors", "editor")
    page = f.TreatmentPageFactory(parent=index, live=False, title="Profhilo", slug="profhilo", reviewed_by=None)
    page.save_revision()
    client.force_login(editor)
    data = edit_form_data(client, TreatmentPage.objects.get(pk=page.pk))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-submit": "1"})
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)


def action_url(task_state, action):
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[task_state.workflow_state.object_id, action, task_state.pk]
    )


def test_a_clinician_without_a_registration_number_cannot_approve_and_is_told_what_to_fill_in(client, treatment_index):
    task_state = submit_for_review(client, treatment_index)
    reviewer = login_in("Clinicians", "maya")
    f.ClinicianFactory(name="Dr Maya Ellison", user=reviewer, registration_number="")
    client.force_login(reviewer)
    refused = client.post(action_url(task_state, "approve"), {"comment": ""})
    assert refused.status_code in (302, 403) and not TreatmentPage.objects.get(slug="profhilo").live
    dialog = client.get(
        action_url(task_state, "approve_needs_registration"), headers={"x-requested-with": "XMLHttpRequest"}
    )
    text = dialog.json()["html"]
    assert "Treatment records → Clinicians → Dr Maya Ellison → Registration number" in text
    client.post(
        action_url(task_state, "approve_needs_registration"), {}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    page = TreatmentPage.objects.get(slug="profhilo")
    assert not page.live and page.reviewed_by is None


def test_with_a_registration_number_the_same_clinician_approves(client, treatment_index):
    task_state = submit_for_review(client, treatment_index)
    reviewer = login_in("Clinicians", "maya")
    clinician = f.ClinicianFactory(name="Dr Maya Ellison", user=reviewer, registration_number="MED0001234567")
    client.force_login(reviewer)
    client.post(action_url(task_state, "approve"), {"comment": ""})
    page = TreatmentPage.objects.get(slug="profhilo")
    assert page.live and page.reviewed_by == clinician
    assert page.next_review_due == datetime.date(2027, 12, 1)


def test_publishing_directly_without_a_registration_number_is_not_recorded_as_a_review(client, treatment_index):
    reviewer = login_in("Clinicians", "maya")
    f.ClinicianFactory(name="Dr Maya Ellison", user=reviewer, registration_number="")
    page = publish(f.TreatmentPageFactory(parent=treatment_index, slug="profhilo", reviewed_by=None))
    client.force_login(reviewer)
    data = edit_form_data(client, page)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-publish": "1"}, follow=True
    )
    assert "Not recorded as your medical review" in response.content.decode()
    assert TreatmentPage.objects.get(pk=page.pk).reviewed_by is None
