"""The site's frame from the clinic details: results gallery and booking link in the navigation, booking on every
treatment page, a footer with address, hours, phone, registrations and social links, the clinic's name as heading."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Site

from tests.factories import galleries as g
from tests.factories import treatments as f
from treatments.site_settings import ClinicDetails

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def nav_links(soup):
    return {a.get_text(strip=True): a["href"] for a in soup.find("nav", attrs={"aria-label": "Main"}).find_all("a")}


def clinic(**fields):
    return ClinicDetails.objects.create(site=Site.objects.get(is_default_site=True), **fields)


@pytest.fixture
def treatment(treatment_index):
    return f.TreatmentPageFactory(parent=treatment_index, title="Microneedling", slug="microneedling")


def test_the_live_results_gallery_is_in_the_main_navigation(client, home_and_index):
    home, _index = home_and_index
    g.GalleryPageFactory(parent=home, title="Patient results")
    assert nav_links(soup_of(client, "/"))["Patient results"] == "/results/"


def test_the_gallery_link_is_marked_current_on_the_gallery_only(client, home_and_index):
    home, _index = home_and_index
    g.GalleryPageFactory(parent=home, title="Patient results")

    def results_link(url):
        return soup_of(client, url).find("nav", attrs={"aria-label": "Main"}).find("a", string="Patient results")

    assert results_link("/results/").get("aria-current") == "page"
    assert results_link("/").get("aria-current") is None


def test_a_draft_gallery_is_not_in_the_navigation(client, home_and_index):
    home, _index = home_and_index
    g.GalleryPageFactory(parent=home, live=False)
    assert "Results" not in nav_links(soup_of(client, "/"))


def test_booking_link_leads_to_the_clinics_booking_url_in_the_nav_and_on_treatment_pages(client, treatment):
    clinic(name="Harbourside Skin", booking_url="/book/")
    soup = soup_of(client, treatment.url)
    assert nav_links(soup)["Book a consultation"] == "/book/"
    summary = soup.find("section", class_="summary-card")
    assert summary.find("a", string="Book a consultation")["href"] == "/book/"


@pytest.mark.parametrize("details", [None, {"name": "Harbourside Skin"}])
def test_no_booking_link_anywhere_without_a_booking_url(client, treatment, details):
    if details:
        clinic(**details)
    for url in ("/", treatment.url):
        assert soup_of(client, url).find("a", string="Book a consultation") is None


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "//elsewhere.example/book", "book now"])
def test_a_booking_url_that_is_not_a_page_or_web_address_is_refused_with_a_message(home_and_index, bad):
    details = ClinicDetails(site=Site.objects.get(is_default_site=True), booking_url=bad)
    with pytest.raises(ValidationError) as error:
        details.clean()
    assert "booking_url" in error.value.message_dict


def test_footer_shows_the_clinic_details(client, home_and_index):
    clinic(
        name="Harbourside Skin",
        street_address="Level 3, 88 Example Street",
        locality="Sydney",
        region="NSW",
        postcode="2000",
        phone="02 9000 1234",
        opening_hours="Mo-Fr 09:00-17:30\nSa 09:00-13:00",
        social_links="https://www.instagram.com/harbourside.example",
    )
    f.ClinicianFactory(name="Dr Ada Byrne", registration_number="MED0001112223")
    f.ClinicianFactory(name="Sam Quill", registration_number="")
    footer = soup_of(client, "/").find("footer")
    text = footer.get_text(" ", strip=True)
    assert "Level 3, 88 Example Street" in text
    assert "Sydney NSW 2000" in text
    assert footer.find("a", href="tel:0290001234").get_text() == "02 9000 1234"
    assert "Mon\u2013Fri 09:00\u201317:30" in text
    assert "Sat 09:00\u201313:00" in text
    assert "Dr Ada Byrne, Dermatologist, FACD: registration MED0001112223" in text
    assert "Sam Quill" not in text
    assert footer.find("a", string="instagram.com")["href"] == "https://www.instagram.com/harbourside.example"


def test_footer_without_clinic_details_keeps_only_the_disclaimer(client, home_and_index):
    footer = soup_of(client, "/").find("footer")
    assert footer.find("address") is None
    assert footer.find("h2") is None
    assert "does not replace a consultation" in footer.get_text()


def test_home_page_heading_is_the_clinics_name_not_the_page_title(client, home_and_index):
    clinic(name="Harbourside Skin")
    assert soup_of(client, "/").find("h1").get_text(strip=True) == "Harbourside Skin"


def test_the_demo_fills_the_clinic_details_and_loads_again_without_a_second_record(client, home_and_index):
    from clinic_site.demo import clinic as demo_clinic

    demo_clinic.load(io.StringIO())
    demo_clinic.load(io.StringIO())
    details = ClinicDetails.objects.get()
    assert details.booking_url == "/book/"
    assert details.phone.startswith("02 ")
    soup = soup_of(client, "/")
    assert soup.find("a", class_="site-name").get_text(strip=True) == details.name
    assert details.street_address in soup.find("footer").get_text()
