"""Search finds treatments by the conditions they treat, as the search box promises."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


def test_search_for_a_condition_finds_every_treatment_for_it(client, treatment_index):
    scars = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    titles = ["Microneedling", "Fractional laser", "Subcision", "Chemical peel"]
    for title in titles:
        page = f.TreatmentPageFactory(
            parent=treatment_index, title=title, intro="Evens out skin texture.", best_for="", comments=""
        )
        page.conditions.add(scars)
        page.save_revision().publish()
    f.TreatmentPageFactory(parent=treatment_index, title="Hair restoration", intro="For thinning hair.")
    soup = BeautifulSoup(client.get("/search/", {"q": "acne scars"}).content, "html.parser")
    found = [link.get_text() for link in soup.select(".search-result h2 a")]
    assert sorted(found) == sorted(titles)
