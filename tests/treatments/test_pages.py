"""Public treatment pages: the summary card, contents, credits, and who may see which page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from wagtail.models import PageViewRestriction

from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from tests.treatments.test_block_rendering import publish

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return [a.get_text() for a in soup.select(".treatment-card__title a")]


# ---------------------------------------------------------------- the treatment page
def test_treatment_page_shows_the_summary_card_with_prices_and_sessions(client, treatment_index):
    page = publish(treatment_index, [], best_used="Injected, off label", science_score=2, typical_sessions=3)
    soup = soup_of(client.get(page.url))

    card = soup.select_one(".summary-card")
    terms = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in card.find_all("dt")}
    assert terms["Best used"] == "Injected, off label"
    assert terms["Caution"] == "Bruising for a few days"
    assert terms["Best for"] == "Fine lines"
    assert terms["Mode of action"] == "Collagen stimulation"
    assert terms["Price"] == "$300\u2013$450 per session"
    assert terms["Typical course"] == "3 sessions"


def test_science_score_is_stars_for_the_eye_and_words_for_screen_readers(client, treatment_index):
    page = publish(treatment_index, [], science_score=2)
    soup = soup_of(client.get(page.url))

    score = soup.select_one(".summary-card .science-score")
    assert score.select_one(".visually-hidden").get_text() == "Science score: 2 out of 5"
    stars = score.select_one("[aria-hidden=true]")
    assert len(stars.select(".star--filled")) == 2
    assert len(stars.select(".star--empty")) == 3


def test_hero_image_is_responsive_loads_first_and_takes_alt_text_only_from_its_description(client, treatment_index):
    described = ImageFactory(title="IMG_2291.jpg", description="Serum applied after microneedling")
    untitled = ImageFactory(title="IMG_2292.jpg")
    with_alt = soup_of(client.get(publish(treatment_index, [], hero_image=described).url))
    without_alt = soup_of(client.get(publish(treatment_index, [], hero_image=untitled).url))

    hero = with_alt.select_one(".treatment__hero img")
    assert hero["alt"] == "Serum applied after microneedling"
    assert hero["fetchpriority"] == "high"
    assert "loading" not in hero.attrs  # above the fold: never lazy
    assert hero["width"] and hero["height"] and hero["srcset"]
    assert with_alt.select_one(".treatment__hero source[type='image/webp']") is not None
    assert without_alt.select_one(".treatment__hero img")["alt"] == ""


def test_table_of_contents_links_to_every_question_on_the_page(client, treatment_index):
    questions = [
        f.faq("What are exosomes?", "<p>Signals.</p>"),
        f.rich_text("<p>Between the questions.</p>"),
        f.faq("Exosomes or PRP?", "<p>It depends.</p>", anchor="exosomes-vs-prp"),
    ]
    soup = soup_of(client.get(publish(treatment_index, questions).url))

    links = soup.select("nav.toc a")
    assert [a.get_text() for a in links] == ["What are exosomes?", "Exosomes or PRP?"]
    for link in links:
        target = soup.find(id=link["href"].removeprefix("#"))
        assert target is not None and target.name == "h2"


def test_page_without_questions_has_no_empty_table_of_contents(client, treatment_index):
    soup = soup_of(client.get(publish(treatment_index, [f.rich_text("<p>Short.</p>")]).url))

    assert soup.select_one("nav.toc") is None


def test_page_credits_its_author_and_medical_reviewer_with_the_review_date(client, treatment_index):
    author = f.ClinicianFactory(name="Dr Ada Lee", credentials="Dermatologist")
    reviewer = f.ClinicianFactory(name="Dr Ben Ortiz", credentials="Plastic surgeon")
    page = publish(treatment_index, [], author=author, reviewed_by=reviewer, last_reviewed=datetime.date(2024, 5, 2))
    credits = soup_of(client.get(page.url)).select_one(".treatment__credits")

    text = " ".join(credits.get_text().split())
    assert "Written by Dr Ada Lee, Dermatologist." in text
    assert "Medically reviewed by Dr Ben Ortiz, Plastic surgeon on 2 May 2024." in text
    assert credits.find("time")["datetime"] == "2024-05-02"


def test_related_treatments_link_only_to_live_public_pages(client, treatment_index):
    live = f.TreatmentPageFactory(parent=treatment_index, title="Microneedling")
    draft = f.TreatmentPageFactory(parent=treatment_index, title="Unreleased laser", live=False)
    private = f.TreatmentPageFactory(parent=treatment_index, title="Members-only peel")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes")
    for other in (draft, live, private):
        page.related_treatments.create(treatment=other)
    page.save_revision().publish()

    soup = soup_of(client.get(page.url))
    related = soup.select_one("section.related")
    assert card_titles(related) == ["Microneedling"]
    assert related.select_one("a")["href"] == live.url


def test_page_has_landmarks_a_skip_link_and_its_stylesheets(client, treatment_index):
    page = publish(treatment_index, [], seo_title="Exosome therapy, honestly", search_description="What it costs.")
    soup = soup_of(client.get(page.url))

    assert soup.html["lang"] == "en"
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.find("main")["id"] == "main"
    assert soup.select_one("nav[aria-label=Main]") is not None
    assert soup.title.get_text().startswith("Exosome therapy, honestly |")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "What it costs."
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert sheets == ["/static/clinic_site/site.css", "/static/treatments/treatments.css"]
    nav_links = {a.get_text(): a["href"] for a in soup.select("nav[aria-label=Main] a")}
    assert nav_links == {"Home": "/", "Treatments": treatment_index.url, "Search": "/search/"}


# ---------------------------------------------------------------- who sees what
def test_draft_treatment_is_not_found_for_anonymous_visitors(client, treatment_index):
    draft = f.TreatmentPageFactory(parent=treatment_index, title="Unreleased laser", slug="unreleased", live=False)

    response = client.get(f"{treatment_index.url}unreleased/")
    assert response.status_code == 404
    assert b"Unreleased laser" not in response.content
    assert BeautifulSoup(response.content, "html.parser").title.get_text().startswith("Page not found |")
    assert draft.make_preview_request().status_code == 200  # editors still preview it


def test_password_protected_treatment_shows_only_the_password_form(client, treatment_index):
    page = publish(treatment_index, [f.rich_text("<p>Confidential pricing.</p>")], intro="Secret intro.")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x1y2z3")

    response = client.get(page.url)
    assert b"Confidential pricing." not in response.content
    assert b"Secret intro." not in response.content
    assert b'type="password"' in response.content


def test_login_restricted_treatment_sends_anonymous_visitors_to_log_in(client, treatment_index):
    page = publish(treatment_index, [f.rich_text("<p>Members only.</p>")])
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(page.url)
    assert response.status_code == 302
    assert b"Members only." not in response.content


def test_home_and_index_list_only_live_public_treatments(client, home_and_index):
    home, index = home_and_index
    f.TreatmentPageFactory(parent=index, title="Microneedling")
    f.TreatmentPageFactory(parent=index, title="Unreleased laser", live=False)
    private = f.TreatmentPageFactory(parent=index, title="Members-only peel")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="pw")

    assert card_titles(soup_of(client.get(home.url))) == ["Microneedling"]
    assert card_titles(soup_of(client.get(index.url))) == ["Microneedling"]


def test_treatment_cards_show_score_and_price_and_link_to_the_page(client, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="PRP", science_score=4, price_to=None)
    card = soup_of(client.get(treatment_index.url)).select_one(".treatment-card")

    assert card.select_one("h3 a")["href"] == page.url
    assert card.select_one(".visually-hidden").get_text() == "Science score: 4 out of 5"
    assert card.select_one(".treatment-card__price").get_text() == "$300 per session"


# ---------------------------------------------------------------- index filter
def test_index_filters_treatments_by_condition_without_javascript(client, treatment_index):
    scars = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    hair = f.ConditionFactory(name="Hair loss", slug="hair-loss")
    f.TreatmentPageFactory(parent=treatment_index, title="Microneedling", conditions=[scars])
    f.TreatmentPageFactory(parent=treatment_index, title="PRP", conditions=[scars, hair])
    f.TreatmentPageFactory(parent=treatment_index, title="Minoxidil", conditions=[hair])

    everything = soup_of(client.get(treatment_index.url))
    form = everything.select_one("form.condition-filter")
    assert form["method"] == "get"
    assert form.select_one("label")["for"] == form.select_one("select")["id"]
    assert [o["value"] for o in form.select("option")] == ["", "acne-scars", "hair-loss"]
    assert card_titles(everything) == ["Microneedling", "Minoxidil", "PRP"]

    filtered = soup_of(client.get(treatment_index.url, {"condition": "hair-loss"}))
    assert card_titles(filtered) == ["Minoxidil", "PRP"]
    assert filtered.select_one("option[selected]")["value"] == "hair-loss"
    assert "2 treatments for Hair loss" in " ".join(filtered.select_one("[role=status]").get_text().split())


def test_filter_offers_no_condition_known_only_from_drafts_or_private_pages(client, treatment_index):
    public = f.ConditionFactory(name="Acne scars", slug="acne-scars")
    secret = f.ConditionFactory(name="Secret trial", slug="secret-trial")
    f.TreatmentPageFactory(parent=treatment_index, title="PRP", conditions=[public])
    f.TreatmentPageFactory(parent=treatment_index, title="Unreleased laser", live=False, conditions=[secret])
    private = f.TreatmentPageFactory(parent=treatment_index, title="Members-only peel", conditions=[secret])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    soup = soup_of(client.get(treatment_index.url))
    assert [o.get_text() for o in soup.select("form.condition-filter option")] == ["All conditions", "Acne scars"]


def test_unknown_condition_gets_a_friendly_message_and_every_treatment(client, treatment_index):
    f.TreatmentPageFactory(parent=treatment_index, title="PRP")

    response = client.get(treatment_index.url, {"condition": "<b>warts</b>"})
    soup = soup_of(response)
    assert "We have no condition called \u201c<b>warts</b>\u201d" in soup.select_one("[role=status]").get_text()
    assert b"<b>warts</b>" not in response.content  # echoed back escaped
    assert card_titles(soup) == ["PRP"]


# ---------------------------------------------------------------- error pages
def test_server_error_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert 'lang="en"' in html
