"""The `citation` Draftail feature: registered for article text, loaded from static files, and converting between
the editor's entities and the stored `<a linktype="reference">` without loss."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import features

from tests.evidence.conftest import cite
from tests.factories import treatments as f
from treatments.blocks.content import ARTICLE_FEATURES

pytestmark = pytest.mark.django_db


def test_citations_are_offered_in_article_text_with_their_script_in_a_static_file():
    assert "citation" in ARTICLE_FEATURES
    plugin = features.get_editor_plugin("draftail", "citation")
    assert plugin.data["type"] == "REFERENCE"
    assert plugin.data["chooserUrl"] == reverse("wagtailsnippetchoosers_treatments_reference:choose")
    assert any("treatments/js/citation-editor.js" in path for path in plugin.media._js)


def test_a_citation_survives_the_round_trip_through_the_editor(trial):
    converter = ContentstateConverter(features=["bold", "link", "citation"])
    stored = f"<p>As {cite(trial, 'one trial')} showed.</p>"
    state = json.loads(converter.from_database_format(stored))
    entity = next(iter(state["entityMap"].values()))
    assert entity["type"] == "REFERENCE"
    assert entity["data"] == {"id": trial.pk, "label": trial.short_label}
    stored_again = re.sub(r' data-block-key="\w+"', "", converter.to_database_format(json.dumps(state)))
    assert stored_again == stored


def test_the_page_editor_loads_the_citation_script_without_inline_code(client, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index)
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "a-long-test-password"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "treatments/js/citation-editor.js" in html


def test_editors_can_choose_references_in_the_snippet_chooser(client, trial):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "a-long-test-password"))
    response = client.get(reverse("wagtailsnippetchoosers_treatments_reference:choose"))
    assert response.status_code == 200
    assert trial.title in response.json()["html"]
