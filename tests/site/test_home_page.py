"""The home page a clinic ships: its promise, featured treatments (the editor's or the latest), the conditions it
treats, its latest results (consent checked), its clinicians and a booking call to action; drafts, private pages
and cases without website consent never show, and the page's queries do not grow with its content."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from clinic_site.models import HomeFeaturedTreatment
from tests.factories import galleries as g
from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from treatments.site_settings import ClinicDetails

pytestmark = pytest.mark.django_db

# Measured with one and with six of everything (treatments, conditions, cases, clinicians): 28 either way.
HOME_PAGE_QUERIES = 28


def home_soup(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(soup, heading):
    """The <section> a heading of that text labels, or None."""
    found = soup.find("h2", string=heading)
    return found.find_parent("section") if found else None


def card_titles(soup):
    featured = section(soup, "Featured treatments")
    return [title.get_text(strip=True) for title in featured.select(".treatment-card__title")]


def treatment(index, title, days_ago=10, **fields):
    published = timezone.now() - datetime.timedelta(days=days_ago)
    return f.TreatmentPageFactory(parent=index, title=title, first_published_at=published, **fields)


def feature(home, *treatments):
    for position, page in enumerate(treatments):
        HomeFeaturedTreatment.objects.create(home=home, treatment=page, sort_order=position)


def clinic(**fields):
    return ClinicDetails.objects.create(site=Site.objects.get(is_default_site=True), **fields)


def test_the_clinics_promise_shows_under_its_name(client, home_and_index):
    home, _index = home_and_index
    home.promise = "We tell you when a treatment is not worth it."
    home.save()
    clinic(name="Harbour Skin Clinic")
    soup = home_soup(client)
    assert soup.h1.get_text(strip=True) == "Harbour Skin Clinic"
    assert soup.find(class_="home-promise").get_text(strip=True) == "We tell you when a treatment is not worth it."


def test_featured_treatments_are_the_editors_choice_in_the_editors_order(client, home_and_index):
    home, index = home_and_index
    first, _unchosen, third = (treatment(index, title) for title in ("Chemical peel", "Microneedling", "Laser"))
    feature(home, third, first)
    assert card_titles(home_soup(client)) == ["Laser", "Chemical peel"]


def test_a_chosen_treatment_that_is_a_draft_or_private_is_left_out(client, home_and_index):
    home, index = home_and_index
    live = treatment(index, "Chemical peel")
    draft = treatment(index, "Secret draft", live=False)
    private = treatment(index, "Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    feature(home, draft, private, live)
    soup = home_soup(client)
    assert card_titles(soup) == ["Chemical peel"]
    assert "Secret draft" not in str(soup) and "Members only" not in str(soup)


def test_without_a_choice_the_three_latest_live_treatments_are_featured(client, home_and_index):
    _home, index = home_and_index
    for title, days_ago in [("Oldest", 40), ("Newest", 1), ("Middle", 10), ("Older", 20)]:
        treatment(index, title, days_ago=days_ago)
    treatment(index, "Newer draft", days_ago=0, live=False)
    assert card_titles(home_soup(client)) == ["Newest", "Middle", "Older"]


def test_when_no_chosen_treatment_is_live_the_latest_are_shown_instead(client, home_and_index):
    home, index = home_and_index
    treatment(index, "Chemical peel")
    feature(home, treatment(index, "Unpublished", live=False))
    assert card_titles(home_soup(client)) == ["Chemical peel"]


def test_conditions_treated_link_to_the_filtered_treatment_list_and_skip_a_drafts(client, home_and_index):
    _home, index = home_and_index
    scars, sun = f.ConditionFactory(name="Acne scars"), f.ConditionFactory(name="Sun damage")
    hidden = f.ConditionFactory(name="Only in a draft")
    page = treatment(index, "Microneedling")
    page.conditions.set([scars, sun])
    page.save()
    draft = treatment(index, "Draft", live=False)
    draft.conditions.set([hidden])
    draft.save()
    f.ConditionFactory(name="Treated by nothing")
    links = {a.get_text(strip=True): a["href"] for a in section(home_soup(client), "Conditions we treat").find_all("a")}
    assert links == {
        "Acne scars": "/treatments/?condition=acne-scars",
        "Sun damage": "/treatments/?condition=sun-damage",
    }


def test_latest_results_show_consented_cases_only_never_a_withdrawn_one(client, home_and_index):
    home, _index = home_and_index
    g.GalleryPageFactory(parent=home, title="Patient results")
    g.consented_case(title="Rolling scars on the cheeks")
    g.consented_case(state="withdrawn", title="Withdrawn consent case")
    g.consented_case(state="expired", title="Expired consent case")
    g.consented_case(channels=("mobile_app",), title="App only case")
    soup = home_soup(client)
    results = section(soup, "Latest results")
    assert [title.get_text(strip=True) for title in results.select(".case__title")] == ["Rolling scars on the cheeks"]
    assert results.find("a", string="See all patient results")["href"] == "/results/"
    for hidden in ("Withdrawn consent case", "Expired consent case", "App only case"):
        assert hidden not in str(soup)


def test_a_case_card_never_names_a_draft_treatment(client, home_and_index):
    _home, index = home_and_index
    draft = treatment(index, "Unreleased laser", live=False)
    g.consented_case(title="Scars", treatments=[draft])
    assert "Unreleased laser" not in str(home_soup(client))


def test_without_consented_cases_there_is_no_results_section(client, home_and_index):
    g.consented_case(state="withdrawn")
    soup = home_soup(client)
    assert section(soup, "Latest results") is None
    assert not soup.find("script", src=lambda src: src and "compare.js" in src)


def test_the_clinicians_are_introduced_with_their_credentials(client, home_and_index):
    f.ClinicianFactory(name="Dr Ana Ruiz", credentials="Dermatologist, FACD", bio="Treats scars.", photo=ImageFactory())
    clinicians = section(home_soup(client), "Our clinicians")
    entry = clinicians.find("h3", string="Dr Ana Ruiz").find_parent("li")
    assert "Dermatologist, FACD" in entry.get_text() and "Treats scars." in entry.get_text()
    assert entry.find("img")["alt"] == ""  # decorative: the name beside it says who it is


def test_the_booking_call_to_action_leads_to_the_booking_url(client, home_and_index):
    clinic(name="Harbour Skin Clinic", booking_url="/book/")
    soup = home_soup(client)
    buttons = soup.find("main").find_all("a", string="Book a consultation")
    assert buttons and {a["href"] for a in buttons} == {"/book/"}
    assert section(soup, "Talk it through with us") is not None


def test_without_a_booking_url_there_is_no_call_to_action(client, home_and_index):
    clinic(name="Harbour Skin Clinic")
    soup = home_soup(client)
    assert not soup.find("main").find_all("a", string="Book a consultation")
    assert section(soup, "Talk it through with us") is None


def fill_home(home, index, count, start=0):
    """`count` featured treatments with hero images and conditions, consented cases and clinicians with photos."""
    for number in range(start, start + count):
        page = treatment(index, f"Treatment {number}", slug=f"treatment-{number}", hero_image=ImageFactory())
        page.conditions.set([f.ConditionFactory(name=f"Condition {number}")])
        page.save()
        feature(home, page)
        g.consented_case(title=f"Case {number}", pairs=2, treatments=[page], clinician=f.ClinicianFactory())
        f.ClinicianFactory(photo=ImageFactory())


def home_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")  # renditions are made on the first render; count a visitor's later visit
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_home_pages_queries_do_not_grow_with_treatments_cases_or_clinicians(
    client, home_and_index, django_assert_max_num_queries
):
    home, index = home_and_index
    g.GalleryPageFactory(parent=home)
    clinic(name="Harbour Skin Clinic", booking_url="/book/", logo=ImageFactory())
    fill_home(home, index, 1)
    few = home_queries(client)
    fill_home(home, index, 5, start=1)
    many = home_queries(client)
    assert many == few
    with django_assert_max_num_queries(HOME_PAGE_QUERIES):
        client.get("/")


def test_the_demo_fills_the_promise_featured_treatments_branding_and_logo(client, home_and_index):
    import io

    from clinic_site.demo import branding as demo_branding
    from clinic_site.demo import home as demo_home
    from clinic_site.models import ClinicBranding

    home, index = home_and_index
    home.save_revision().publish()
    for slug in demo_home.FEATURED_SLUGS:
        treatment(index, slug.replace("-", " ").capitalize(), slug=slug)
    clinic(name="Bondi Lane Skin Clinic", booking_url="/book/")
    for loader in (demo_branding, demo_home, demo_home):  # twice: a second run changes nothing
        loader.load(io.StringIO())
    soup = home_soup(client)
    assert soup.find(class_="home-promise").get_text(strip=True) == demo_home.PROMISE
    assert card_titles(soup) == ["Fractional laser", "Exosomes", "Collagen stimulating fillers"]
    assert home.revisions.count() == 2  # the factory's and the demo's: the second run saved nothing
    saved = ClinicBranding.objects.get()
    assert (saved.primary_colour, saved.accent_colour, saved.typeface) == ("#0f5c6e", "#a33a25", "inter")
    assert soup.find("header").find("img")["alt"] == "Bondi Lane Skin Clinic"


def test_an_editor_can_open_the_home_page_with_its_featured_treatments_panel(client, home_and_index):
    from django.contrib.auth import get_user_model

    home, index = home_and_index
    feature(home, treatment(index, "Chemical peel"))
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Featured treatments" in content and "promise" in content
