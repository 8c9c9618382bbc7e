import time
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.factories import treatments as f
pytestmark = pytest.mark.django_db
def test_measure(client, treatment_index):
    acne = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    for n in range(1000):
        f.TreatmentPageFactory(parent=treatment_index, title=f"T {n:04d}", slug=f"t-{n:04d}", conditions=[acne])
    for url in ["/treatments/", "/treatments/?page=20", "/search/?q=acne", "/sitemap.xml"]:
        client.get(url)
        with CaptureQueriesContext(connection) as c:
            t = time.perf_counter(); r = client.get(url); ms = (time.perf_counter() - t) * 1000
        print("MEASURE", url, r.status_code, f"{ms:.0f} ms", len(r.content), "bytes", len(c), "queries")
