"""Inline citations: numbered superscripts in order of first citation, the reference list they link to, and the
same numbers in the API's rich text nodes, its `references` array and the page's JSON-LD."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import publish
from tests.evidence.conftest import cite, make_reference
from tests.factories import treatments as f
from treatments.evidence.citations import render_citations

pytestmark = pytest.mark.django_db


def soup(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_citations_are_numbered_in_order_of_first_citation_and_link_to_the_list(client, cited_page, trial, lab_study):
    html = soup(client, cited_page)
    marks = [(sup.a["href"], sup.a.get_text()) for sup in html.select(".treatment__body sup.citation")]
    assert marks == [("#reference-1", "1"), ("#reference-2", "2"), ("#reference-2", "2")]
    assert "cells in a dish" in html.select_one(".treatment__body").get_text()
    items = html.select("#references ol li")
    assert [item["id"] for item in items] == ["reference-1", "reference-2"]
    assert lab_study.title in items[0].get_text() and trial.title in items[1].get_text()
    assert "DOI: 10.2340/00015555-3666" in items[1].get_text()
    assert "25 participants, low certainty (GRADE)" in " ".join(items[1].get_text().split())
    assert not html.select('[linktype="reference"]'), "no stored markup reaches visitors"


def test_a_citation_of_a_deleted_reference_keeps_its_words_and_loses_its_number(client, cited_page, lab_study):
    lab_study.delete()
    html = soup(client, cited_page)
    body = html.select_one(".treatment__body")
    assert "cells in a dish" in body.get_text()
    assert [sup.get_text() for sup in body.select("sup.citation")] == ["1", "1"]
    assert len(html.select("#references ol li")) == 1


def test_the_page_says_how_we_rate_evidence_and_summarises_what_it_cites(client, cited_page):
    html = soup(client, cited_page)
    section = html.select_one(".evidence-rating")
    assert section.h2.get_text() == "How we rate evidence"
    text = " ".join(section.get_text(" ").split())
    assert "5 A systematic review or two randomised trials, of moderate or high certainty." in text
    assert "Randomised controlled trial: 1 (1 low certainty)" in text
    assert "Laboratory or animal study: 1" in text
    current = section.select_one(".evidence-rating__current")
    assert current.dt.get_text() == "2"


def test_the_api_gives_citations_as_typed_nodes_and_the_references_in_the_same_order(api, cited_page, trial):
    data = api.get(f"/api/v1/treatments/{cited_page.pk}/").json()
    assert [(item["id"], item["number"]) for item in data["references"]] == [
        (data["references"][0]["id"], 1),
        (trial.pk, 2),
    ]
    second = data["references"][1]
    assert second["study_type"] == "randomised_trial" and second["certainty"] == "low"
    assert second["link"] == "https://doi.org/10.2340/00015555-3666" and second["participants"] == 25
    answer = data["body"][1]["value"]["answer"][0]["value"]
    citation = answer["nodes"][0]["children"][1]
    assert citation == {
        "type": "citation",
        "reference_id": trial.pk,
        "number": 2,
        "children": [{"type": "text", "text": "one small trial", "bold": False, "italic": False}],
    }
    assert '<sup class="citation"><a href="#reference-2" aria-label="Reference 2">2</a></sup>' in answer["html"]
    assert "linktype" not in json.dumps(data)


def test_editing_a_reference_updates_the_stored_api_document(api, cited_page, trial):
    url = f"/api/v1/treatments/{cited_page.pk}/"
    api.get(url)
    trial.title = "A corrected title"
    trial.save()
    assert api.get(url).json()["references"][1]["title"] == "A corrected title"


def test_json_ld_cites_each_reference_as_a_scholarly_article(client, cited_page, trial):
    html = soup(client, cited_page)
    graph = json.loads(html.select_one('script[type="application/ld+json"]').string)["@graph"]
    web_page = next(node for node in graph if node["@type"] == "MedicalWebPage")
    names = [item["name"] for item in web_page["citation"]]
    assert names[1] == trial.title and len(names) == 2
    assert web_page["citation"][1]["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.2340/00015555-3666"}
    ]
    assert web_page["citation"][1]["datePublished"] == "2020"


def page_citing(index, count, title):
    references = [make_reference(f"{title} study {n}", "cohort", "low") for n in range(count)]
    page = f.TreatmentPageFactory(parent=index, title=title)
    page.body = [f.rich_text(f"<p>{cite(reference, f'finding {n}')}</p>") for n, reference in enumerate(references)]
    return publish(page)


def count_queries(fetch):
    fetch()  # warm what may be warmed
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


def test_page_and_api_queries_do_not_grow_with_citations(client, api, treatment_index):
    from treatments.api.documents import outdate_all

    one, many = page_citing(treatment_index, 1, "One"), page_citing(treatment_index, 12, "Many")
    html = [count_queries(lambda page=page: client.get(page.url)) for page in (one, many)]
    assert html[0] == html[1]

    def rebuilt(page):
        outdate_all()
        return api.get(f"/api/v1/treatments/{page.pk}/")

    built = [count_queries(lambda page=page: rebuilt(page)) for page in (one, many)]
    assert built[0] == built[1]


def test_render_citations_leaves_other_links_alone():
    html = '<p><a href="https://example.org">a link</a> and <a id="7" linktype="reference">cited</a></p>'
    assert render_citations(html, {7: 3}) == (
        '<p><a href="https://example.org">a link</a> and cited'
        '<sup class="citation"><a href="#reference-3" aria-label="Reference 3">3</a></sup></p>'
    )
