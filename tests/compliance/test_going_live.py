"""On a site following the Australian rules, a page naming Botox cannot go live until fixed or waived by a clinician
with a written reason, whichever way it would go live: publish, approval, scheduled publishing or code."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState

from tests.compliance.conftest import post_edit, treatment, waive
from treatments.compliance.gate import PublishBlocked
from treatments.compliance.models import AdvertisingWaiver
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

BOTOX = "Botox relaxes the muscles behind frown lines."


def fresh(page):
    return TreatmentPage.objects.get(pk=page.pk)


def test_publishing_a_page_naming_botox_keeps_it_a_draft_and_says_why(client, au_site, clinician):
    page = treatment(au_site, slug="frown-lines")
    response = post_edit(client, clinician, page, "publish", intro=BOTOX)
    text = response.content.decode()
    assert "Not published" in text and "AU-TGA-POM" in text and "Botox" in text
    page = fresh(page)
    assert not page.live
    assert page.get_latest_revision_as_object().intro == BOTOX, "the editor's changes are kept as a draft"
    assert client.get("/treatments/frown-lines/").status_code == 404


def test_fixing_the_wording_lets_it_go_live(client, au_site, clinician):
    page = treatment(au_site, slug="frown-lines")
    post_edit(client, clinician, page, "publish", intro=BOTOX)
    post_edit(client, clinician, fresh(page), "publish", intro="Softens frown lines; discussed at a consultation.")
    assert fresh(page).live


def test_a_clinicians_written_waiver_lets_it_go_live_and_is_recorded(client, au_site, clinician):
    page = treatment(au_site, slug="frown-lines")
    post_edit(client, clinician, page, "", intro=BOTOX)
    response = waive(client, clinician, fresh(page), "AU-TGA-POM", "botox")
    assert "waived" in response.content.decode()
    waiver = AdvertisingWaiver.objects.get(page=page)
    latest = fresh(page).latest_revision
    assert (waiver.rule_id, waiver.subject, waiver.waived_by, waiver.revision) == (
        "AU-TGA-POM",
        "botox",
        clinician,
        latest,
    )
    assert waiver.waived_by_name == "Maya Ellison" and "explain why" in waiver.reason
    assert timezone.now() - waiver.waived_at < datetime.timedelta(minutes=1)
    entry = PageLogEntry.objects.get(page=page, action="treatments.advertising_rules.waive")
    assert entry.user == clinician and entry.data["rule"] == "AU-TGA-POM" and entry.revision == latest
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Waived AU-TGA-POM (botox)" in history
    post_edit(client, clinician, fresh(page), "publish", intro=BOTOX)
    assert fresh(page).live


def test_a_waiver_covers_its_wording_only_a_new_product_name_blocks_again(client, au_site, clinician):
    page = treatment(au_site, slug="frown-lines")
    post_edit(client, clinician, page, "", intro=BOTOX)
    waive(client, clinician, fresh(page), "AU-TGA-POM", "botox")
    post_edit(client, clinician, fresh(page), "publish", intro=BOTOX + " Dysport works the same way.")
    assert not fresh(page).live


def test_only_a_clinician_may_waive_and_only_with_a_reason(client, au_site, clinician, editor):
    page = treatment(au_site, slug="frown-lines", intro=BOTOX)
    client.force_login(editor)
    listing = client.get(reverse("treatments_advertising_findings", args=[page.pk])).content.decode()
    assert "Only a clinician" in listing and "<textarea" not in listing
    assert (
        "Only a clinician (the Clinicians group)" in waive(client, editor, page, "AU-TGA-POM", "botox").content.decode()
    )
    short = waive(client, clinician, page, "AU-TGA-POM", "botox", reason="ok")
    assert "at least 20 characters" in short.content.decode()
    missing = waive(client, clinician, page, "AU-TGA-POM", "dysport")
    assert "not a finding on this page" in missing.content.decode()
    assert not AdvertisingWaiver.objects.exists()


def test_publishing_in_code_is_refused_too(au_site):
    page = treatment(au_site, slug="frown-lines", intro=BOTOX)
    with pytest.raises(PublishBlocked, match="AU-TGA-POM"):
        page.get_latest_revision().publish()
    assert not fresh(page).live


def test_warnings_do_not_stop_publishing(client, au_site, clinician):
    page = treatment(au_site, slug="peel", intro="A painless peel.")
    post_edit(client, clinician, page, "publish", intro="A painless peel.")
    assert fresh(page).live


def test_a_site_without_australian_rules_publishes_it(client, au_site, clinician):
    from tests.compliance.conftest import follow_rules

    follow_rules("US")
    page = treatment(au_site, slug="frown-lines")
    post_edit(client, clinician, page, "publish", intro=BOTOX)
    assert fresh(page).live


# ---------------------------------------------------------------- medical review
def submit(client, editor, page, **changes):
    response = post_edit(client, editor, page, "submit", **changes)
    state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
    return response, state


def approve(client, user, state):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[state.workflow_state.object_id, "approve", state.pk])
    return client.post(url, {"comment": ""})


def test_submitting_says_what_the_clinician_must_fix_or_waive(client, au_site, clinician, editor):
    page = treatment(au_site, slug="frown-lines")
    response, _ = submit(client, editor, page, intro=BOTOX)
    assert "must be fixed or waived by the reviewing clinician" in response.content.decode()


def test_approval_is_refused_while_a_block_stands_then_goes_through_once_waived(client, au_site, clinician, editor):
    page = treatment(au_site, slug="frown-lines")
    _, state = submit(client, editor, page, intro=BOTOX)
    response = approve(client, clinician, state)
    assert response.status_code == 302 and "refused=approve" in response.url
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS and not fresh(page).live
    findings = client.get(response.url).content.decode()
    assert "was not approved" in findings and "AU-TGA-POM" in findings
    waive(client, clinician, fresh(page), "AU-TGA-POM", "botox")
    approve(client, clinician, state)
    page = fresh(page)
    assert page.live and page.reviewed_by.name == "Dr Maya Ellison"


def test_approving_from_the_editor_is_refused_too(client, au_site, clinician, editor):
    page = treatment(au_site, slug="frown-lines")
    submit(client, editor, page, intro=BOTOX)
    client.force_login(clinician)
    from tests.treatments.page_forms import edit_form_data

    data = edit_form_data(client, fresh(page), intro=BOTOX)
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert "Not approved" in response.content.decode()
    assert not fresh(page).live


# ---------------------------------------------------------------- scheduled publishing
def test_scheduled_publishing_holds_back_a_blocked_page_and_publishes_the_rest(au_site):
    blocked = treatment(au_site, slug="frown-lines", intro=BOTOX)
    fine = treatment(au_site, slug="peels", intro="A gentle peel.")
    soon = timezone.now() + datetime.timedelta(minutes=5)
    for page in (blocked, fine):
        revision = page.get_latest_revision()
        revision.approved_go_live_at = soon
        revision.save()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: soon + datetime.timedelta(minutes=1))
        call_command("publish_scheduled", stdout=io.StringIO())
    assert fresh(fine).live
    assert not fresh(blocked).live
    entry = PageLogEntry.objects.get(page=blocked, action="treatments.advertising_rules.refused")
    assert entry.data["findings"] == ["AU-TGA-POM"]
