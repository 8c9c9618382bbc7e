"""Head meta tags: title, description, canonical URL, Open Graph and Twitter cards, for pages and plain views."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from tests.factories import treatments as f
from tests.seo.conftest import render_tag

pytestmark = pytest.mark.django_db

INCLUDE = '{% include "includes/seo_meta.html" %}'


def head(**context):
    return BeautifulSoup(render_tag(INCLUDE, **context), "html.parser")


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_treatment_page_title_description_and_canonical(credited_treatment):
    page, _, _ = credited_treatment
    soup = head(page=page)
    assert soup.title.string == "Exosome therapy | Clinic CMS"
    assert meta(soup, "description") == page.intro
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/treatments/exosomes/"
    assert meta(soup, "og:url") == "http://localhost/treatments/exosomes/"
    assert meta(soup, "og:type") == "article"


def test_seo_title_and_search_description_win_over_title_and_intro(credited_treatment):
    page, _, _ = credited_treatment
    page.seo_title = "Exosomes: do they work?"
    page.search_description = "An honest look at exosome skin treatments."
    soup = head(page=page)
    assert soup.title.string == "Exosomes: do they work? | Clinic CMS"
    assert meta(soup, "og:title") == "Exosomes: do they work?"
    assert meta(soup, "description") == "An honest look at exosome skin treatments."
    assert meta(soup, "twitter:description") == "An honest look at exosome skin treatments."


def test_og_image_is_an_absolute_rendition_url_with_its_size(credited_treatment):
    page, _, _ = credited_treatment
    soup = head(page=page)
    assert meta(soup, "og:image").startswith("http://localhost/media/images/")
    assert meta(soup, "og:image:width") == "1200"
    assert meta(soup, "og:image:height") == "630"
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image") == meta(soup, "og:image")


def test_page_without_hero_image_gets_a_small_card_and_no_image(treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Peels")
    soup = head(page=page)
    assert meta(soup, "og:image") is None
    assert meta(soup, "twitter:card") == "summary"


def test_index_page_is_a_website_described_by_its_intro(treatment_index):
    soup = head(page=treatment_index)
    assert meta(soup, "og:type") == "website"
    assert meta(soup, "description") == treatment_index.intro


def test_views_without_a_page_use_their_own_title_and_canonical():
    soup = head(seo_title="Search treatments", canonical_url="http://localhost/search/", noindex=True)
    assert soup.title.string.startswith("Search treatments | ")
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/search/"
    assert meta(soup, "robots") == "noindex, follow"


def test_view_without_anything_still_has_a_title():
    soup = head()
    assert soup.title.string
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/"


def test_title_ends_with_the_sites_own_name_when_it_has_one(credited_treatment):
    page, _, _ = credited_treatment
    Site.objects.filter(is_default_site=True).update(site_name="Riverside Skin Clinic")
    page = type(page).objects.get(pk=page.pk)
    assert head(page=page).title.string == "Exosome therapy | Riverside Skin Clinic"


def test_rendered_treatment_page_has_one_title_and_social_tags(client, credited_treatment):
    page, _, _ = credited_treatment
    soup = BeautifulSoup(client.get(page.url, HTTP_HOST="localhost").content, "html.parser")
    assert len(soup.find_all("title")) == 1
    assert soup.title.string == "Exosome therapy | Clinic CMS"
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/treatments/exosomes/"
    assert meta(soup, "og:image").startswith("http://localhost/")
