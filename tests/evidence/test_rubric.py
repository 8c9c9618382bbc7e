"""The science score stands on evidence: the rubric, and the editor's warning (never an error) when it does not."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.evidence.conftest import cite, make_reference
from tests.factories import treatments as f
from tests.treatments.page_forms import edit_form_data as plain_form_data
from treatments.blocks.content import ARTICLE_FEATURES
from treatments.evidence import rubric
from treatments.evidence.models import Reference
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


def refs(*kinds):
    return [Reference(title="t", study_type=kind, certainty=certainty) for kind, certainty in kinds]


@pytest.mark.parametrize(
    ("cited", "score"),
    [
        ([], 0),
        ([("laboratory", ""), ("expert_opinion", "")], 1),
        ([("", "")], 1),
        ([("case_series", "")], 2),
        ([("cohort", "low")], 2),
        ([("cohort", "low"), ("cohort", "moderate")], 3),
        ([("randomised_trial", "low")], 3),
        ([("randomised_trial", "moderate")], 4),
        ([("systematic_review", "low")], 4),
        ([("randomised_trial", "high"), ("randomised_trial", "moderate")], 5),
        ([("systematic_review", "moderate")], 5),
        ([("randomised_trial", "")], 3),
    ],
)
def test_the_rubric_gives_the_highest_score_the_cited_evidence_supports(cited, score):
    assert rubric.supported_score(refs(*cited)) == score


def test_every_score_has_its_need_written_down():
    assert [level.score for level in rubric.LEVELS] == [5, 4, 3, 2, 1, 0]
    assert rubric.needs(5) == "A systematic review or two randomised trials, of moderate or high certainty."


def test_the_warning_says_what_the_score_needs_and_what_the_page_cites():
    warning = rubric.score_warning(5, refs(("randomised_trial", "low")))
    assert warning.startswith("The science score is 5, but this page cites randomised controlled trial (1)")
    assert "supports a score of 3 at most" in warning
    assert "a systematic review or two randomised trials" in warning
    assert rubric.score_warning(3, refs(("randomised_trial", "low"))) is None


@pytest.mark.parametrize("score", [7, -1, None])
def test_a_score_out_of_range_gets_no_rubric_warning_only_the_forms_message(score):
    assert rubric.score_warning(score, []) is None


def edit_form_data(client, page, body_html, **changes):
    """The edit form with a body whose rich text keeps citations (the helper's default features drop them)."""
    data = plain_form_data(client, page, **changes)
    body = streamfield([("rich_text", rich_text(body_html, features=ARTICLE_FEATURES))])
    data.update(nested_form_data({"body": body}))
    return data


def clinician_admin(client):
    admin = User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    client.force_login(admin)
    return admin


def test_saving_a_score_above_the_evidence_warns_and_still_saves(client, treatment_index):
    lab = make_reference("Cells in a dish", "laboratory")
    page = f.TreatmentPageFactory(parent=treatment_index, slug="exo", science_score=1)
    page.save_revision()
    clinician_admin(client)
    data = edit_form_data(client, page, body_html=f"<p>Works on {cite(lab, 'cells')}.</p>", science_score=4)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert response.status_code == 200
    assert TreatmentPage.objects.get(pk=page.pk).get_latest_revision_as_object().science_score == 4
    text = response.content.decode()
    assert "The science score is 4, but this page cites laboratory or animal study (1)" in text
    assert "data-evidence-warning" in text, "the panel beside the score says it too"


def test_a_score_the_evidence_supports_shows_no_warning(client, treatment_index):
    trial = make_reference("A trial", "randomised_trial", "moderate")
    page = f.TreatmentPageFactory(parent=treatment_index, slug="exo", science_score=1)
    page.save_revision()
    clinician_admin(client)
    data = edit_form_data(client, page, body_html=f"<p>{cite(trial)}</p>", science_score=4)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    text = response.content.decode()
    assert "data-evidence-warning" not in text
    assert "evidence for a score of up to 4" in text
