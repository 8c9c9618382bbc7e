"""Canonical URL, og:url and JSON-LD use the host that serves the page, not a hard-coded localhost."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


def test_links_in_the_head_use_the_host_serving_the_page(client, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosome therapy", slug="exosomes")
    soup = BeautifulSoup(client.get(page.url, HTTP_HOST="127.0.0.1:8100").content, "html.parser")
    expected = "http://127.0.0.1:8100/treatments/exosomes/"
    assert soup.find("link", rel="canonical")["href"] == expected
    assert soup.find("meta", property="og:url")["content"] == expected
    graph = "\n".join(script.string for script in soup.find_all("script", type="application/ld+json"))
    assert "http://localhost/" not in graph
    assert expected in json.dumps(json.loads(soup.find("script", type="application/ld+json").string))
