"""A large site's sitemap is an index of sitemap pages: no one document lists every page, and each costs the same."""

from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import treatments as f

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)  # noqa: S314  (our own server's XML)


def add_treatments(index, count, start=0):
    for number in range(start, start + count):
        f.TreatmentPageFactory(parent=index, slug=f"treatment-{number:03d}")


def test_a_site_that_fits_in_one_page_keeps_one_sitemap(client, treatment_index, settings):
    settings.SITEMAP_URLS_PER_PAGE = 10
    add_treatments(treatment_index, 3)
    tree = read(client, "/sitemap.xml")
    assert tree.tag == f"{NS}urlset"
    assert len(list(tree.iter(f"{NS}loc"))) == 5  # home, index, three treatments


def test_a_larger_site_gets_an_index_of_sitemap_pages_that_together_list_every_page(client, treatment_index, settings):
    settings.SITEMAP_URLS_PER_PAGE = 4
    add_treatments(treatment_index, 8)
    index = read(client, "/sitemap.xml")
    assert index.tag == f"{NS}sitemapindex"
    pages = [loc.text for loc in index.iter(f"{NS}loc")]
    assert pages == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-pages.xml?p=2",
        "http://testserver/sitemap-pages.xml?p=3",
    ]

    listed = []
    for page in pages:
        locations = [loc.text for loc in read(client, page.removeprefix("http://testserver")).iter(f"{NS}loc")]
        assert len(locations) <= 4
        listed += locations
    expected = ["http://localhost/", "http://localhost/treatments/"]
    expected += [f"http://localhost/treatments/treatment-{n:03d}/" for n in range(8)]
    assert sorted(listed) == sorted(expected)


@pytest.mark.parametrize("page", ["4", "0", "abc"])
def test_a_sitemap_page_past_the_end_or_not_a_number_is_not_found(client, treatment_index, settings, page):
    settings.SITEMAP_URLS_PER_PAGE = 4
    add_treatments(treatment_index, 8)
    assert client.get("/sitemap-pages.xml", {"p": page}).status_code == 404


def test_robots_txt_still_points_at_the_sitemap_index(client, treatment_index, settings):
    settings.SITEMAP_URLS_PER_PAGE = 2
    add_treatments(treatment_index, 3)
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode().splitlines()


def queries(client, url):
    client.get(url)  # warms per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_sitemap_queries_do_not_grow_with_pages(client, treatment_index, settings):
    settings.SITEMAP_URLS_PER_PAGE = 5
    add_treatments(treatment_index, 8)
    few = {url: queries(client, url) for url in ("/sitemap.xml", "/sitemap-pages.xml?p=2")}
    add_treatments(treatment_index, 40, start=8)
    many = {url: queries(client, url) for url in ("/sitemap.xml", "/sitemap-pages.xml?p=2")}
    assert many == few


def test_the_index_dates_its_pages_by_the_latest_publish(client, treatment_index, settings):
    settings.SITEMAP_URLS_PER_PAGE = 2
    add_treatments(treatment_index, 3)
    page = f.TreatmentPageFactory(parent=treatment_index, slug="just-published")
    page.save_revision().publish()
    page.refresh_from_db()
    dates = {entry.find(f"{NS}lastmod").text for entry in read(client, "/sitemap.xml").iter(f"{NS}sitemap")}
    assert dates == {page.last_published_at.isoformat()}
