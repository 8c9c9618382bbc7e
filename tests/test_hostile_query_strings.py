"""Query strings no person types, on every public route over the demo content: a clear 4xx or a normal page, never
a 500. Runs on SQLite and on PostgreSQL, whose string and number limits differ (a NUL is an error on one only)."""

import pytest
from django.core.management import call_command

from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "\x00",
    "a\x00b",
    "\x1b[31m",
    '"*(AND OR NOT',
    "'; DROP TABLE x; --",
    "9" * 40,
    "-1",
    "x" * 5000,
    "\ud7ff\ufffe",
    "%",
]
# Each route with the parameters it reads; every one gets every hostile value.
ROUTES = {
    "/": ["q"],
    "/search/": ["q", "page"],
    "/treatments/": ["page", "condition"],
    "/results/": ["treatment", "condition", "area", "age_band", "skin_type", "sex", "page"],
    "/sitemap.xml": ["p"],
    "/api/v1/treatments/": ["search", "condition", "min_science_score", "price_min", "updated_since", "offset"],
    "/api/v1/treatments/find/": ["path"],
    "/api/v1/cases/": ["treatment", "condition", "page", "page_size"],
    "/api/v1/sync/": ["since", "limit"],
    "/api/v1/products/": ["offset", "limit"],
    "/api/v1/preview/": ["token"],
}


@pytest.fixture
def demo(settings):
    settings.TREATMENTS_API_ANON_RATE = None
    call_command("load_demo", verbosity=0)


def test_no_hostile_query_string_gets_a_500(client, demo):
    answers = {}
    for route, parameters in ROUTES.items():
        for parameter in parameters:
            for value in HOSTILE_VALUES:
                status = client.get(route, {parameter: value}).status_code
                answers[(route, parameter, value[:12])] = status
    server_errors = {key: status for key, status in answers.items() if status >= 500}
    assert server_errors == {}
    assert answers[("/search/", "q", "a\x00b")] == 400
    assert answers[("/search/", "q", "\x1b[31m")] == 200, "other control characters are only dropped"


def test_a_nul_gets_a_400_saying_which_part_of_the_address_to_fix(client, demo):
    page = client.get("/search/", {"q": "peel\x00"})
    assert page.status_code == 400
    assert "&#x27;q&#x27; holds a NUL character" in page.content.decode()
    api = client.get("/api/v1/treatments/", {"search": "peel\x00"})
    assert api.json()["error"]["parameter"] == "search"
    assert client.get("/treatments/%00/").status_code == 400


def test_a_treatment_page_and_its_api_ignore_nothing_silently(client, demo):
    page = TreatmentPage.objects.live().first()
    assert client.get(page.url, {"utm_source": "\x1b"}).status_code == 200
    response = client.get(f"/api/v1/treatments/{page.pk}/", {"x": "\x1b"})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "x"
