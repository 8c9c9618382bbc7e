"""Finding 7: unsafe links and markup in rich text never reach a visitor or an app, however they were stored.

Saved by the ORM, a fixture or a data migration, rich text keeps only allow-listed markup; written straight into
the database past every save hook, it is cleaned again by the HTML page, the API (`html` and `nodes`) and JSON-LD.
"""

import json

import pytest
from django.core.management import call_command
from django.core.serializers import serialize
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.template import Context, Template
from rest_framework.test import APIClient
from wagtail.rich_text import RichText

from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments.api.stored_documents import TreatmentApiDocument
from treatments.models import TreatmentPage
from treatments.richtext_safety import clean_rendered, clean_stored

pytestmark = pytest.mark.django_db

UNSAFE_HREFS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "  javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
HOSTILE = (
    "".join(f'<p>Link {n}: <a href="{href}">click {n}</a></p>' for n, href in enumerate(UNSAFE_HREFS))
    + "<script>alert('stored')</script>"
    + '<p><img src="x" onerror="alert(2)">Text<b onmouseover="alert(3)">bold</b></p>'
    + '<style>body{display:none}</style><iframe src="https://evil.example"></iframe>'
)
SAFE = (
    '<p data-block-key="k1">Read <a href="https://example.org/study">the study</a>, '
    '<a href="/treatments/">our list</a>, <a href="#costs">costs</a>, '
    '<a href="mailto:desk@example.com">email</a> or <a href="tel:+61200000000">call</a>.</p>'
)


def assert_harmless(text):
    lowered = text.lower()
    for marker in ("javascript", "vbscript", "data:text", "<script", "onerror", "onmouseover", "alert(", "<iframe"):
        assert marker not in lowered, f"{marker!r} survived in {text[:400]!r}"


@pytest.fixture
def page(treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Peels", slug="peels")
    page.body = [f.rich_text(SAFE), f.faq("Does it sting?", "<p>A little.</p>")]
    return publish(page)


def stored_body(page):
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM treatments_treatmentpage WHERE page_ptr_id = %s", [page.pk])
        raw = cursor.fetchone()[0]
    return raw if isinstance(raw, str) else json.dumps(raw)


def write_past_every_hook(page, html):
    """As a bulk update or raw SQL would: no save(), no signal."""
    body = [{"type": "rich_text", "value": SAFE + html, "id": "a"}, {**page.body.raw_data[1], "id": "b"}]
    body[1]["value"]["answer"] = [{"type": "rich_text", "value": html, "id": "c"}]
    TreatmentPage.objects.filter(pk=page.pk).update(body=body)
    assert "javascript:alert" in stored_body(page)
    TreatmentApiDocument.objects.filter(page_id=page.pk).update(stale=True)  # or the API serves its older build


# ---------------------------------------------------------------- on save, by any path
def test_saving_through_the_orm_keeps_only_allowed_markup(page):
    page.body = [f.rich_text(SAFE + HOSTILE), f.faq("Sting?", HOSTILE)]
    page.save()
    assert_harmless(stored_body(page))
    assert "https://example.org/study" in stored_body(page)
    assert "click 0" in stored_body(page), "the link text stays, only the link goes"


def test_a_fixture_keeps_only_allowed_markup(page, tmp_path):
    fixture = json.loads(serialize("json", [TreatmentPage.objects.get(pk=page.pk)]))
    fixture[0]["fields"]["body"] = json.dumps([{"type": "rich_text", "value": HOSTILE, "id": "x"}])
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(fixture))
    call_command("loaddata", str(path), verbosity=0)
    assert "click 0" in stored_body(page)
    assert_harmless(stored_body(page))


def test_a_data_migration_keeps_only_allowed_markup(page):
    loader = MigrationLoader(connection)
    state = loader.project_state(loader.graph.leaf_nodes("treatments")[0])
    historical = state.apps.get_model("treatments", "TreatmentPage")
    old = historical.objects.get(pk=page.pk)
    old.body = [{"type": "rich_text", "value": HOSTILE, "id": "m"}]
    old.save()
    assert "click 0" in stored_body(page)
    assert_harmless(stored_body(page))


def test_allowed_markup_is_kept_as_wagtail_stores_it():
    stored = (
        f'{SAFE}<p><a linktype="page" id="3">a page</a> <a linktype="document" id="4">a leaflet</a></p>'
        '<embed embedtype="image" id="7" format="left" alt="A peel"/><h2>Costs</h2><ul><li><i>one</i></li></ul>'
    )
    assert clean_stored(stored) == stored
    assert clean_stored(clean_stored(HOSTILE)) == clean_stored(HOSTILE)


# ---------------------------------------------------------------- when emitted
def test_the_html_page_never_renders_stored_unsafe_markup(client, page):
    write_past_every_hook(page, HOSTILE)
    html = client.get("/treatments/peels/").content.decode()
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "click 0" in body
    assert 'href="https://example.org/study"' in body
    assert 'href="mailto:desk@example.com"' in body
    assert_harmless(body)
    assert_harmless(html.split('application/ld+json">', 1)[1].split("</script>", 1)[0])


def test_the_api_never_passes_on_stored_unsafe_links(page):
    write_past_every_hook(page, HOSTILE)
    data = APIClient().get(f"/api/v1/treatments/{page.pk}/").json()
    assert_harmless(json.dumps(data))
    nodes = json.dumps(data["body"])
    assert '"url": "https://example.org/study"' in nodes or '"url":"https://example.org/study"' in nodes
    assert "click 0" in nodes, "the text of a dropped link stays, as text"
    links = [node for node in _walk(data["body"]) if isinstance(node, dict) and node.get("type") == "link"]
    assert {link["target"]["url"] for link in links} <= {
        "https://example.org/study",
        "http://testserver/treatments/",
        "/treatments/",
        "#costs",
        "mailto:desk@example.com",
        "tel:+61200000000",
    }


def _walk(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def test_every_template_rendering_of_rich_text_is_cleaned():
    rendered = Template("{% load wagtailcore_tags %}{{ field|richtext }}|{{ value }}").render(
        Context({"field": HOSTILE, "value": RichText(HOSTILE)})
    )
    assert "click 0" in rendered
    assert_harmless(rendered)


@pytest.mark.parametrize("href", UNSAFE_HREFS)
def test_each_trick_loses_its_link(href):
    assert_harmless(clean_rendered(f'<a href="{href}">x</a>'))
    assert_harmless(clean_stored(f'<a href="{href}">x</a>'))
