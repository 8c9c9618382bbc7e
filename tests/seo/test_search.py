"""Treatment search: title and summary rank above body, FAQ questions are named, hidden pages never appear."""

import pytest
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
