"""Rich text to nodes and HTML: any stored text converts without error and without internal markup."""

from hypothesis import given, settings
from hypothesis import strategies as st

from treatments.api import richtext
from treatments.api.context import ApiContext

TAGS = st.sampled_from(
    [
        *["<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<ul>", "<li>", "</li>", "</ul>", "<ol>", "</ol>", "<h2>"],
        *['<a linktype="page" id="7">', '<a href="https://x.example/">', "</a>", "<br/>", '<embed embedtype="x"/>'],
        *['[show_products product="9833"]', "[show_products product=9833", "&amp;", "<", ">", '"', "</h2>"],
    ]
)


def convert(source):
    ctx = ApiContext()  # nothing loaded: every internal link and product is unknown
    return richtext.represent(ctx.tree(source), ctx)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TAGS, st.text(max_size=12)), max_size=30).map("".join))
def test_any_stored_rich_text_converts_cleanly(source):
    value = convert(source)
    assert "linktype" not in value["html"]
    assert "<embed" not in value["html"]
    assert "show_products" not in value["html"]
    assert all(node["type"] in {"paragraph", "heading", "list", "product"} for node in value["nodes"])


def test_nested_lists_keep_their_structure():
    value = convert("<ul><li>Outer<ul><li>Inner</li></ul></li><li>Second</li></ul>")
    outer = value["nodes"][0]
    assert outer["items"][0]["children"][0]["text"] == "Outer"
    assert outer["items"][0]["lists"][0]["items"][0]["children"][0]["text"] == "Inner"
    assert value["html"] == "<ul><li>Outer<ul><li>Inner</li></ul></li><li>Second</li></ul>"


def test_text_outside_paragraphs_becomes_a_paragraph():
    assert convert("Loose <b>words</b>")["html"] == "<p>Loose <strong>words</strong></p>"


def test_headings_keep_their_level():
    node = convert("<h3>Costs</h3>")["nodes"][0]
    assert (node["type"], node["level"]) == ("heading", 3)
