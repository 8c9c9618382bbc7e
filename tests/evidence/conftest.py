"""Fixtures for evidence tests: references of each kind and a page citing them."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments.evidence.models import Reference


@pytest.fixture
def api():
    return APIClient()


def make_reference(title, study_type="", certainty="", **fields):
    return Reference.objects.create(title=title, study_type=study_type, certainty=certainty, **fields)


def cite(reference, words="a study"):
    return f'<a linktype="reference" id="{reference.pk}">{words}</a>'


@pytest.fixture
def trial():
    return make_reference(
        "Exosomes after CO2 laser for acne scars: a split-face randomised trial",
        "randomised_trial",
        "low",
        authors="Kwon HH, Yang SH, Lee J",
        year=2020,
        journal="Acta Derm Venereol",
        doi="10.2340/00015555-3666",
        participants=25,
    )


@pytest.fixture
def lab_study():
    return make_reference("Exosomes and skin fibroblasts in culture", "laboratory", authors="Kim YJ", year=2017)


@pytest.fixture
def cited_page(treatment_index, trial, lab_study):
    """A published page citing the lab study first, then the trial twice (in a FAQ answer and in a callout)."""
    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes", slug="exosomes", science_score=2)
    page.body = [
        f.rich_text(f"<p>It works on {cite(lab_study, 'cells in a dish')}.</p>"),
        f.faq("Does it work in people?", f"<p>Barely: {cite(trial, 'one small trial')}.</p>"),
        f.callout(body=f"<p>Again, {cite(trial, 'that trial')} was small.</p>"),
    ]
    return publish(page)
