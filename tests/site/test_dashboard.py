"""The clinician's dashboard: what awaits medical review with approve and request changes at hand, a
confirmation after approving, my drafts and recently published pages; Approve first in the editor's footer."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.action_menu import PageActionMenu

from tests.factories import treatments as f
from tests.treatments.test_medical_review import login_in, submit_for_review
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(client, treatment_index):
    editor, reviewer = login_in("Editors", "editor"), login_in("Clinicians", "maya")
    f.ClinicianFactory(name="Dr Maya Ellison", user=reviewer)
    task_state = submit_for_review(client, treatment_index, editor)
    client.force_login(reviewer)
    return {"editor": editor, "reviewer": reviewer, "task_state": task_state}


def panel(html, panel_id):
    return BeautifulSoup(html, "html.parser").select_one(f"#{panel_id}-section, [id^='{panel_id}']")


def test_dashboard_lists_pages_awaiting_medical_review_with_approve_at_hand(client, in_review):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find(string=lambda text: text and text.strip() == "Awaiting medical review")
    assert heading, "no 'Awaiting medical review' panel"
    section = heading.find_parent("section")
    buttons = [" ".join(b.get_text().split()) for b in section.select("button[data-workflow-action-url]")]
    assert any(label.startswith("Approve and publish") for label in buttons)
    assert any(label.startswith("Request changes") for label in buttons)
    assert not section.select("[data-w-dropdown-target='content'] button[data-workflow-action-url]")
    assert "Awaiting your review" not in html  # Wagtail's own panel is replaced, not shown twice


def test_approving_from_the_dashboard_publishes_and_confirms(client, in_review):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    approve = next(
        b for b in soup.select("button[data-workflow-action-url]") if b.get_text().strip().startswith("Approve and")
    )
    response = client.post(approve["data-workflow-action-url"], {"comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert TreatmentPage.objects.get(slug="profhilo").live
    confirmations = [str(message) for message in get_messages(response.wsgi_request)]
    assert confirmations == ["Approved: “Profhilo” is live. Medically reviewed by Dr Maya Ellison."]


def test_approving_from_the_editor_confirms(client, in_review):
    from tests.treatments.page_forms import edit_form_data

    page = TreatmentPage.objects.get(slug="profhilo")
    data = edit_form_data(client, page)
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert "Approved: “Profhilo” is live." in response.content.decode()


def test_approve_is_the_editor_footers_main_button_for_the_reviewer(in_review):
    page = TreatmentPage.objects.get(slug="profhilo")
    request = RequestFactory().get("/")
    request.user = in_review["reviewer"]
    menu = PageActionMenu(request, view="edit", page=page, lock=None, locked_for_user=False, locale=None)
    assert menu.default_item.name == "approve"


def test_my_drafts_and_recently_published(client, treatment_index, in_review):
    f.TreatmentPageFactory(parent=treatment_index, title="Fractional laser", slug="fractional-laser")
    draft = f.TreatmentPageFactory(parent=treatment_index, title="Microneedling", slug="microneedling", live=False)
    draft.save_revision(user=in_review["reviewer"])
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    drafts = soup.find(string=lambda text: text and text.strip() == "My drafts").find_parent("section")
    assert "Microneedling" in drafts.get_text()
    assert "Profhilo" not in drafts.get_text()  # someone else's change
    published = soup.find(string=lambda text: text and text.strip() == "Recently published").find_parent("section")
    assert "Fractional laser" in published.get_text()
    assert "Microneedling" not in published.get_text()
