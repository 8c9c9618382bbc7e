"""sitemap.xml lists only live, public pages; robots.txt keeps crawlers out of the admin and points at it."""

from xml.etree import ElementTree

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # noqa: S314  (our own server's XML)
    return [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_lists_live_pages(client, treatment_index):
    f.TreatmentPageFactory(parent=treatment_index, slug="peels")
    locations = sitemap_locations(client)
    assert "http://localhost/" in locations
    assert "http://localhost/treatments/" in locations
    assert "http://localhost/treatments/peels/" in locations


def test_drops_unpublished_pages(client, treatment_index):
    draft = f.TreatmentPageFactory(parent=treatment_index, slug="draft-one", live=False)
    draft.save_revision()
    assert "http://localhost/treatments/draft-one/" not in sitemap_locations(client)


def test_drops_private_pages_and_their_children(client, treatment_index):
    index = treatment_index
    f.TreatmentPageFactory(parent=index, slug="hidden")
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.PASSWORD, password="x")
    locations = sitemap_locations(client)
    assert "http://localhost/" in locations
    assert not [url for url in locations if "/treatments/" in url]


def test_robots_txt_disallows_admin_and_previews_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/v1/preview" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
