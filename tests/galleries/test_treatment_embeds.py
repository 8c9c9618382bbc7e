"""Treatment pages' gallery link block, through the hooks galleries provides: filtered URL and embedded cases."""

import pytest

from tests.factories import treatments as f
from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db


def gallery_link_value(treatment, case_count):
    treatment.body = [f.gallery_link(case_count=case_count)]
    treatment.save()
    return treatment.body[0].value


def test_gallery_link_block_leads_to_the_gallery_filtered_to_its_treatment(gallery, treatment):
    value = gallery_link_value(treatment, 0)
    assert value.gallery_url_for(treatment) == "/results/?treatment=microneedling"
    assert value.cases_html(treatment) == ""


def test_gallery_link_block_embeds_only_this_treatments_website_cases(gallery, treatment, home_and_index):
    other = f.TreatmentPageFactory(parent=home_and_index[1], slug="peel")
    mine = [consented_case(treatments=[treatment]) for _ in range(3)]
    app_only = consented_case(treatments=[treatment], channels=("mobile_app",))
    elsewhere = consented_case(treatments=[other])
    html = gallery_link_value(treatment, 2).cases_html(treatment)
    shown = [case.pk for case in [*mine, app_only, elsewhere] if f'id="case-{case.pk}"' in html]
    assert len(shown) == 2 and set(shown) <= {case.pk for case in mine}
    assert "Individual results vary." in html


def test_embedded_case_count_is_capped(gallery, treatment):
    for _ in range(8):
        consented_case(treatments=[treatment])
    html = gallery_link_value(treatment, 50).cases_html(treatment)
    assert html.count('<article class="case"') == 6
