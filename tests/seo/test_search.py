"""Treatment search: title and summary rank above body, FAQ questions are named, hidden pages never appear."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import treatments as f
from treatments.models import TreatmentPage
from treatments.search import matching_question, query_terms, search_treatments

pytestmark = pytest.mark.django_db


def titles(query):
    return [page.title for page in search_treatments(TreatmentPage.objects.all(), query)]


def publish(page):
    page.save_revision().publish()
    return page


def test_ranks_title_then_summary_then_body(treatment_index):
    f.TreatmentPageFactory(
        parent=treatment_index,
        title="Fractional laser",
        body=[f.faq("Does it hurt?", "<p>Less than microneedling.</p>")],
    )
    f.TreatmentPageFactory(parent=treatment_index, title="Radio frequency", best_for="Microneedling add-on")
    f.TreatmentPageFactory(parent=treatment_index, title="Microneedling")
    f.TreatmentPageFactory(parent=treatment_index, title="Peels")
    assert titles("microneedling") == ["Microneedling", "Radio frequency", "Fractional laser"]


def test_finds_words_in_faq_answers_and_names_the_question(treatment_index):
    page = f.TreatmentPageFactory(
        parent=treatment_index,
        title="Exosomes",
        body=[
            f.faq("What are they?", "<p>Tiny vesicles.</p>"),
            f.faq("How much does it cost?", "<p>Sessions cost 600 to 800 dollars.</p>", anchor="cost"),
        ],
    )
    assert titles("dollars") == ["Exosomes"]
    question = matching_question(page, "dollars")
    assert question["question"] == "How much does it cost?"
    assert question.anchor_id == "cost"


def test_no_question_when_the_match_is_outside_the_faqs(treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes", body=[f.faq("What?", "<p>Vesicles</p>")])
    assert matching_question(page, "exosomes") is None


def test_drops_unpublished_pages(treatment_index):
    publish(f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial live"))
    draft = f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial draft", live=False)
    draft.save_revision()
    unpublished = publish(f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial withdrawn"))
    unpublished.unpublish()
    assert titles("hydrafacial") == ["Hydrafacial live"]


def test_drops_private_pages(treatment_index):
    private = f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial members")
    f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial public")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert titles("hydrafacial") == ["Hydrafacial public"]


def test_empty_or_unmatched_queries_find_nothing(treatment_index):
    f.TreatmentPageFactory(parent=treatment_index, title="Peels")
    assert titles("") == []
    assert titles("   ") == []
    assert titles("zebra") == []


def test_plural_query_terms_match_singular_text():
    assert query_terms("Acne scars, peels") == ["acne", "scar", "peel"]


def add_laser_pages(index, numbers):
    for number in numbers:
        page = f.TreatmentPageFactory(
            parent=index, title=f"Laser {number}", body=[f.faq("Laser downtime?", "<p>Two days.</p>")]
        )
        f.ConditionFactory(name=f"Scar {number}").treatment_pages.add(page)


def queries_for_laser_search():
    with CaptureQueriesContext(connection) as captured:
        results = list(search_treatments(TreatmentPage.objects.select_related("hero_image"), "laser"))
        snippets = [matching_question(page, "downtime") for page in results]
    assert all(snippets)
    return len(results), len(captured)


def test_queries_do_not_grow_with_results(treatment_index):
    add_laser_pages(treatment_index, range(1))
    few = queries_for_laser_search()
    add_laser_pages(treatment_index, range(1, 13))
    many = queries_for_laser_search()
    assert (few[0], many[0]) == (1, 13)
    assert few[1] == many[1]


def search_page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_search_page_has_a_labelled_field_and_a_hint_before_searching(client, treatment_index):
    soup = search_page(client)
    field = soup.find("input", attrs={"name": "q"})
    assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert "Type a treatment" in soup.get_text()
    assert soup.find("meta", attrs={"name": "robots"}) is None


def test_search_page_lists_results_with_the_question_they_answer(client, treatment_index):
    f.TreatmentPageFactory(
        parent=treatment_index,
        title="Exosomes",
        slug="exosomes",
        intro="Vesicles from stem cells.",
        body=[f.faq("How much does it cost?", "<p>Sessions cost 600 dollars.</p>", anchor="cost")],
    )
    soup = search_page(client, q="dollars")
    results = soup.select(".search-result")
    assert len(results) == 1
    assert results[0].h2.a["href"] == "/treatments/exosomes/"
    assert "Vesicles from stem cells." in results[0].get_text()
    answer = results[0].select_one(".search-answer a")
    assert answer.get_text() == "How much does it cost?"
    assert answer["href"] == "/treatments/exosomes/#cost"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


def test_search_page_says_when_nothing_matches(client, treatment_index):
    soup = search_page(client, q="zebra")
    assert "No treatments match “zebra”" in soup.get_text()
    assert not soup.select(".search-result")


def test_search_page_never_shows_drafts_or_private_pages(client, treatment_index):
    draft = f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial draft", live=False)
    draft.save_revision()
    private = f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial members")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    f.TreatmentPageFactory(parent=treatment_index, title="Hydrafacial")
    text = search_page(client, q="hydrafacial").get_text()
    assert "Hydrafacial members" not in text
    assert "Hydrafacial draft" not in text
    assert "1 result for" in text


def test_search_page_paginates_and_survives_bad_page_numbers(client, treatment_index):
    for number in range(12):
        f.TreatmentPageFactory(parent=treatment_index, title=f"Laser {number:02d}")
    first = search_page(client, q="laser")
    assert len(first.select(".search-result")) == 10
    assert first.find("a", rel="next")["href"] == "?q=laser&page=2"
    second = search_page(client, q="laser", page="2")
    assert len(second.select(".search-result")) == 2
    assert len(search_page(client, q="laser", page="abc").select(".search-result")) == 10
    assert len(search_page(client, q="laser", page="99").select(".search-result")) == 2


def test_search_page_queries_do_not_grow_with_results(client, treatment_index):
    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            search_page(client, q=query)
        return len(captured)

    add_laser_pages(treatment_index, range(1))
    queries("laser")  # warms per-process caches (site root paths, content types)
    few = queries("laser")
    add_laser_pages(treatment_index, range(1, 10))
    assert queries("laser") == few
