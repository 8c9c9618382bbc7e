"""JSON-LD on treatment pages: the types search engines read and the properties they require."""

import json

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.factories import treatments as f
from tests.seo.conftest import json_ld_nodes, nodes_of_type, render_tag
from treatments.structured_data import faq_page, page_graph, plain_text

pytestmark = pytest.mark.django_db

TAG = "{% load seo_tags %}{% structured_data page %}"


def graph_for(page):
    return json_ld_nodes(render_tag(TAG, page=page))


def test_medical_web_page_names_reviewer_and_review_date(credited_treatment):
    page, _, _ = credited_treatment
    (web_page,) = nodes_of_type(graph_for(page), "MedicalWebPage")
    assert web_page["lastReviewed"] == "2024-05-02"
    assert web_page["reviewedBy"] == {
        "@type": "Physician",
        "name": "Dr Ana Reyes",
        "identifier": "MED0001234567",
        "description": "Dermatologist, FACD",
    }
    assert web_page["author"]["name"] == "Dr Sam Lee"
    assert web_page["url"] == "http://localhost/treatments/exosomes/"
    assert web_page["description"] == page.intro


def test_medical_web_page_is_about_a_therapy_carrying_the_summary_card(credited_treatment):
    page, _, _ = credited_treatment
    (web_page,) = nodes_of_type(graph_for(page), "MedicalWebPage")
    therapy = web_page["about"][0]
    assert therapy["@type"] == "MedicalTherapy"
    assert therapy["name"] == "Exosome therapy"
    assert therapy["howPerformed"] == "Injected. Mode of action: Collagen stimulation"
    assert therapy["adverseOutcome"] == {"@type": "MedicalEntity", "name": "Bruising for a few days"}
    assert "Fine lines" in therapy["disambiguatingDescription"]


def test_conditions_appear_as_medical_conditions_treated_by_the_therapy(credited_treatment):
    page, _, _ = credited_treatment
    page.conditions.add(f.ConditionFactory(name="Acne scars"))
    (web_page,) = nodes_of_type(graph_for(page), "MedicalWebPage")
    condition = web_page["about"][1]
    assert condition["@type"] == "MedicalCondition"
    assert condition["name"] == "Acne scars"
    assert condition["possibleTreatment"]["@id"] == web_page["about"][0]["@id"]


def test_web_page_image_is_an_absolute_hero_rendition_url(credited_treatment):
    page, _, _ = credited_treatment
    (web_page,) = nodes_of_type(graph_for(page), "MedicalWebPage")
    rendition = page.hero_image.get_rendition("fill-1200x630")
    assert web_page["image"] == "http://localhost" + rendition.url
    assert page.hero_image.file.name not in web_page["image"], "the original upload must never be linked"


def test_faq_page_has_one_question_per_faq_block_with_plain_text_answers(credited_treatment):
    page, _, _ = credited_treatment
    (faq,) = nodes_of_type(graph_for(page), "FAQPage")
    assert len(faq["mainEntity"]) == len(page.questions()) == 2
    first, second = faq["mainEntity"]
    assert first["@type"] == "Question"
    assert first["name"] == "Do exosome creams work?"
    assert first["acceptedAnswer"] == {"@type": "Answer", "text": "Only 2\u20135% crosses the skin. Cheap"}
    assert second["url"].endswith("/treatments/exosomes/#exosomes-vs-prp")


def test_page_without_questions_has_no_faq_page(treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, body=[f.rich_text("<p>Just prose.</p>")])
    nodes = graph_for(page)
    assert nodes_of_type(nodes, "FAQPage") == []
    assert faq_page(page) is None


def test_products_from_blocks_and_shortcodes_with_offers_when_priced(credited_treatment):
    page, _, _ = credited_treatment
    products = {node["sku"]: node for node in nodes_of_type(graph_for(page), "Product")}
    assert set(products) == {"9833", "9834"}, "inactive product 9835 must not be advertised"
    assert products["9833"]["offers"] == {
        "@type": "Offer",
        "price": "89.50",
        "priceCurrency": "AUD",
        "url": "https://shop.example.com/serum",
        "availability": "https://schema.org/InStock",
    }
    assert "offers" not in products["9834"]


def test_product_images_point_at_a_served_rendition_never_the_original(client, credited_treatment):
    from tests.factories.images import ImageFactory

    page, _, _ = credited_treatment
    serum = f.ProductFactory._meta.model.objects.get(shop_id=9833)
    serum.image = ImageFactory()
    serum.save()
    html = client.get(page.url).content.decode()
    products = {node["sku"]: node for node in nodes_of_type(json_ld_nodes(html), "Product")}
    image_url = products["9833"]["image"]
    assert "original_images" not in image_url
    assert serum.image.file.name.rsplit("/", 1)[-1] not in image_url
    served = {rendition.url for rendition in serum.image.renditions.all()}
    assert any(image_url.endswith(url) for url in served)


def test_breadcrumbs_run_from_home_to_the_page_with_positions(credited_treatment):
    page, _, _ = credited_treatment
    (crumbs,) = nodes_of_type(graph_for(page), "BreadcrumbList")
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["name"] for item in items] == ["Home", "Treatments", "Exosome therapy"]
    assert items[0]["item"] == "http://localhost/"
    assert items[2]["item"] == "http://localhost/treatments/exosomes/"


def test_medical_clinic_comes_from_the_site_setting(credited_treatment, clinic_details):
    page, _, _ = credited_treatment
    nodes = graph_for(page)
    (clinic,) = nodes_of_type(nodes, "MedicalClinic")
    assert clinic["name"] == "Riverside Skin Clinic"
    assert clinic["telephone"] == "+61 7 3000 0000"
    assert clinic["openingHours"] == ["Mo-Fr 09:00-17:00", "Sa 09:00-12:00"]
    assert clinic["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 Quay Street",
        "addressLocality": "Brisbane",
        "addressRegion": "QLD",
        "postalCode": "4000",
        "addressCountry": "AU",
    }
    (web_page,) = nodes_of_type(nodes, "MedicalWebPage")
    assert web_page["publisher"] == {"@id": clinic["@id"]}


def test_clinic_appears_on_views_without_a_page(clinic_details):
    nodes = json_ld_nodes(render_tag(TAG))
    assert [node["@type"] for node in nodes] == ["MedicalClinic"]


def test_nothing_is_rendered_without_page_or_clinic_name(home_and_index):
    assert render_tag(TAG).strip() == ""


def test_other_pages_carry_breadcrumbs(treatment_index, clinic_details):
    nodes = graph_for(treatment_index)
    assert {node["@type"] for node in nodes} == {"MedicalClinic", "BreadcrumbList"}


def test_script_breakouts_in_editor_text_are_escaped(treatment_index):
    hostile = "</script><script>alert(1)</script>"
    page = f.TreatmentPageFactory(parent=treatment_index, title=hostile, body=[f.faq(hostile, "<p>&lt;!--</p>")])
    html = render_tag(TAG, page=page)
    assert html.count("</script>") == 1
    assert "<!--" not in html
    (web_page,) = nodes_of_type(json_ld_nodes(html), "MedicalWebPage")
    assert web_page["name"] == hostile


def test_plain_text_drops_tags_entities_and_shortcodes():
    assert plain_text('<p>A&amp;B</p><p>[show_products product="1"] C</p>') == "A&B C"


def test_graph_is_serialisable_json(credited_treatment, clinic_details):
    page, _, _ = credited_treatment
    request = RequestFactory().get("/")
    document = page_graph(page, request, clinic_details)
    assert document["@context"] == "https://schema.org"
    assert json.loads(json.dumps(document)) == document


def test_structured_data_queries_do_not_grow_with_products_and_questions(treatment_index):
    render_tag(TAG, page=treatment_index)  # warm the site-root cache shared by every page
    counts = []
    for size in (1, 8):
        body = []
        for _ in range(size):
            item = f.ProductFactory()
            body += [f.faq("Q?", "<p>A</p>"), f.product(item), f.rich_text(f"[show_products product={item.shop_id}]")]
        page = f.TreatmentPageFactory(parent=treatment_index, body=body)
        page = type(page).objects.get(pk=page.pk)
        with CaptureQueriesContext(connection) as captured:
            render_tag(TAG, page=page)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_published_treatment_page_carries_every_node_in_its_head(client, credited_treatment, clinic_details):
    page, _, _ = credited_treatment
    response = client.get(page.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    types = [node["@type"] for node in json_ld_nodes(response.content.decode())]
    assert types == ["MedicalClinic", "MedicalWebPage", "FAQPage", "Product", "Product", "BreadcrumbList"]


def test_home_page_carries_the_clinic(client, clinic_details):
    response = client.get("/", HTTP_HOST="localhost")
    assert "MedicalClinic" in {node["@type"] for node in json_ld_nodes(response.content.decode())}
