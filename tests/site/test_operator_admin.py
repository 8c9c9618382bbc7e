"""What a clinic operator sees in the gallery admin: channels as words, "Published" as a tick, and only
published treatments to link a case to."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories.galleries import consented_case
from tests.factories.treatments import TreatmentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "a-long-test-password"))
    return client


def test_consent_list_names_channels_in_words(admin_client, home_and_index):
    consented_case(channels=("website", "mobile_app"))
    html = admin_client.get(reverse("wagtailsnippets_galleries_consentrecord:list")).content.decode()
    assert "Website, Mobile app" in html
    assert "['Website'" not in html


def test_cases_list_shows_published_as_a_tick_not_true(admin_client, home_and_index):
    consented_case(title="Acne scarring after three sessions")
    soup = BeautifulSoup(
        admin_client.get(reverse("wagtailsnippets_galleries_beforeaftercase:list")).content, "html.parser"
    )
    row = soup.find(string=lambda text: text and "Acne scarring" in text).find_parent("tr")
    assert "True" not in row.get_text()
    assert "Published" in row.get_text()


def test_case_form_offers_only_published_treatments(admin_client, home_and_index):
    _home, index = home_and_index
    TreatmentPageFactory(parent=index, title="Exosomes", slug="exosomes")
    TreatmentPageFactory(parent=index, title="Exosomes", slug="exosomes-imported", live=False)
    soup = BeautifulSoup(
        admin_client.get(reverse("wagtailsnippets_galleries_beforeaftercase:add")).content, "html.parser"
    )
    field = soup.select_one("[name='treatments']").find_parent("[data-field-wrapper]") or soup
    labels = [" ".join(option.get_text().split()) for option in soup.select("[name='treatments'] option")] or [
        " ".join(label.get_text().split()) for label in field.select("label")
    ]
    assert labels.count("Exosomes") == 1, labels
