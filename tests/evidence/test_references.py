"""The Reference snippet: DOI and PMID checked by their form, with messages saying what a valid one looks like."""

import pytest
from django.core.exceptions import ValidationError

from treatments.evidence.models import DOI_ERROR, PMID_ERROR, Reference

pytestmark = pytest.mark.django_db


def errors_of(**fields):
    reference = Reference(title=fields.pop("title", "A study"), **fields)
    with pytest.raises(ValidationError) as raised:
        reference.full_clean()
    return raised.value.message_dict


@pytest.mark.parametrize("doi", ["11.1000/abc", "10.12/abc", "10.1000", "doi 10.1000/x y", "https://example.org/x"])
def test_a_malformed_doi_is_refused_with_an_example_of_a_good_one(doi):
    assert errors_of(doi=doi)["doi"] == [DOI_ERROR]


@pytest.mark.parametrize("pmid", ["0123", "12a45", "1234567890", "PMID 12"])
def test_a_malformed_pmid_is_refused_with_a_plain_message(pmid):
    assert errors_of(pmid=pmid)["pmid"] == [PMID_ERROR]


def test_doi_and_pmid_are_stored_in_one_spelling():
    reference = Reference(title="A study", doi="https://doi.org/10.2340/00015555-3666", pmid="PMID: 33073298")
    reference.full_clean()
    reference.save()
    assert (reference.doi, reference.pmid) == ("10.2340/00015555-3666", "33073298")
    assert reference.link == "https://doi.org/10.2340/00015555-3666"


def test_a_second_reference_with_the_same_doi_is_refused_in_words():
    Reference.objects.create(title="First", doi="10.1000/abc")
    assert errors_of(title="Second", doi="DOI:10.1000/ABC")["__all__"] == [
        "Another reference already has this DOI: use that one instead."
    ]


def test_references_without_doi_or_pmid_may_be_many():
    for title in ("One", "Two"):
        reference = Reference(title=title)
        reference.full_clean()
        reference.save()
    assert Reference.objects.count() == 2


def test_a_year_in_the_future_is_refused():
    assert "year" in errors_of(year=2999)


def test_short_label_names_the_first_author_and_year():
    assert Reference(title="T", authors="Kwon HH, Yang SH", year=2020).short_label == "Kwon et al. 2020"
    assert Reference(title="T", authors="Kim YJ", year=2017).short_label == "Kim 2017"
    assert Reference(title="Public notice", year=2019).short_label == "Public notice 2019"
