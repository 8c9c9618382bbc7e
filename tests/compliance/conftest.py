"""A site following the Australian rules, its users, and helpers to publish or submit through the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Site

from tests.factories import treatments as f
from tests.treatments.page_forms import edit_form_data
from treatments.compliance.models import AdvertisingRules
from treatments.models import TreatmentPage
from treatments.review import assign_medical_review

SAFE = {"risks": "Bruising for a few days; rarely infection.", "recovery": "Most people go back to work next day."}


def user_in(group_name, username, **extra):
    user = User.objects.create_user(username, f"{username}@example.com", "a-long-test-password", **extra)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def follow_rules(*codes, site=None):
    site = site or Site.objects.get(is_default_site=True)
    setting = AdvertisingRules.for_site(site)
    setting.jurisdictions = list(codes)
    setting.save()
    return setting


@pytest.fixture
def au_site(treatment_index):
    follow_rules("AU")
    return treatment_index


@pytest.fixture
def clinician(au_site):
    assign_medical_review(au_site)
    user = user_in("Clinicians", "maya", first_name="Maya", last_name="Ellison")
    f.ClinicianFactory(name="Dr Maya Ellison", user=user)
    return user


@pytest.fixture
def editor(au_site):
    return user_in("Editors", "edith")


def treatment(index, intro="Relaxes the muscles behind frown lines.", live=False, **kwargs):
    """A treatment with risks, recovery and priced inclusions filled in, so only what a test adds is found."""
    values = {**SAFE, "price_includes": "Includes the consultation.", **kwargs}
    page = f.TreatmentPageFactory(parent=index, intro=intro, live=live, **values)
    page.save_revision()
    return TreatmentPage.objects.get(pk=page.pk)


def post_edit(client, user, page, action, **changes):
    """Post the page's edit form with `changes` as `user`, pressing `action` (publish, submit, or "" to save)."""
    client.force_login(user)
    data = edit_form_data(client, page, **changes)
    if action:
        data[f"action-{action}"] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)


def waive(client, user, page, rule_id, subject, reason="Named only to explain why we do not offer it, checked by me."):
    client.force_login(user)
    return client.post(
        reverse("treatments_advertising_findings", args=[page.pk]),
        {"rule_id": rule_id, "subject": subject, "reason": reason},
        follow=True,
    )
