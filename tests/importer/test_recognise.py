"""Recognition rules on single lines and short articles, without the database."""

import pytest

from treatments.importer import recognise as rx
from treatments.importer.parse import parse_article


@pytest.mark.parametrize(
    ("raw", "score", "noted"),
    [
        ("**", 2, False),
        ("* * *", 3, False),
        ("\u2605\u2605\u2605\u2605\u2606", 4, False),
        ("\u2605\u2605\u00bd", 3, True),
        ("3/5", 3, False),
        ("4 out of 5", 4, False),
        ("8/10", 4, True),
        ("5", 5, False),
        ("7", 5, True),
        ("******", 5, True),
        ("", 0, True),
        ("excellent", 0, True),
    ],
)
def test_science_score_forms(raw, score, noted):
    value, note = rx.parse_score(raw)

    assert value == score
    assert bool(note) is noted


def test_summary_fields_and_unknown_labels():
    fields, unknown = rx.parse_summary("Best used: Injected | Cost: High | Mode of action: Signalling | Science: 2")

    assert fields == {"best_used": "Injected", "mode_of_action": "Signalling", "science_score": "2"}
    assert unknown == ["Cost: High"]


@pytest.mark.parametrize(
    "line",
    [
        '[show_products product="9833"]',
        "[show_products product=\u201d9833\u2033",
        "[show_products product='9833']",
        "[show_products product=9833]",
        "<b>[show_products product=\u201c9833\u201d]</b>",
    ],
)
def test_a_shortcode_alone_on_a_line_is_a_product(line):
    text = line.replace("<b>", "").replace("</b>", "")

    assert rx.standalone_shop_ids(text) == [9833]


def test_a_shortcode_inside_a_sentence_stays_in_the_text():
    assert rx.standalone_shop_ids('Try our serum [show_products product="9833"] twice a day.') is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Davin\u2019s ProTip on the use of Exosomes", "Davin"),
        ("Mia's ProTip on LED after lasers", "Mia"),
        ("Dr Sam Patel's Pro Tip: for aftercare", "Dr Sam Patel"),
        ("The ProTip nobody tells you", None),
        ("Sam's advice on aftercare", None),
    ],
)
def test_protip_headings(line, name):
    assert rx.protip_name(line) == name


def test_gallery_lines():
    assert rx.is_gallery_link("View our Treatment Gallery")
    assert rx.is_gallery_link("View our before & after galleries \u2192")
    assert not rx.is_gallery_link("We rarely view our gallery as proof of anything, because results vary a lot.")


def test_cost_statement_with_two_named_prices_and_sessions():
    options = rx.parse_costs(
        "Compare a $70 tube of retinoid cream to a vial of growth factors in the range of $600 to $800? "
        "Add 3 sessions of growth factors and the total is $2000."
    )

    assert [(o["label"], o["unit"], o["price_from"], o["price_to"], o["sessions"]) for o in options] == [
        ("retinoid cream", "tube", 70, None, 1),
        ("growth factors", "vial", 600, 800, 3),
    ]


def test_a_single_price_is_not_a_comparison():
    assert rx.parse_costs("One session is $450 and most people need three.") == []


def test_text_list_markers_bold_lead_ins_and_plain_lines():
    article = parse_article(
        "Peels",
        "Peels\nWhat do you use?\nA mix of -\nGlycolic acid\n- Sun damage: a medium peel\n\u2022 Pigment: a series\n"
        "* plain item\n1. first step\n",
        is_html=False,
    )

    (faq,) = article.blocks
    assert faq.parts == [
        "<p>A mix of -</p>",
        "<p>Glycolic acid</p>",
        "<ul><li><b>Sun damage:</b> a medium peel</li><li><b>Pigment:</b> a series</li><li>plain item</li></ul>",
        "<ol><li>first step</li></ol>",
    ]


def test_headings_that_are_not_questions_start_sections():
    article = parse_article(
        "Peels",
        "<h2>Aftercare</h2><p>Moisturise.</p><h3>At home</h3><p>Rest.</p><h2>Why it works?</h2><p>Acid.</p>",
        is_html=True,
    )

    assert [block.kind for block in article.blocks] == ["rich_text", "faq"]
    assert article.blocks[0].parts == ["<h2>Aftercare</h2>", "<p>Moisturise.</p>", "<h3>At home</h3>", "<p>Rest.</p>"]


def test_html_inline_markup_is_cleaned_but_bold_links_and_italics_kept():
    article = parse_article(
        "Peels",
        '<p><span style="color:red"><strong>Note:</strong> see <a href="/peels/" onclick="x()">peels</a></span>'
        " and <em>rest</em><script>alert(1)</script></p>",
        is_html=True,
    )

    (prose,) = article.blocks
    assert prose.parts == ['<p><b>Note:</b> see <a href="/peels/">peels</a> and <i>rest</i></p>']
    assert [note.kind for note in article.notes] == ["unrecognised"]


def test_pipe_table_rows_are_padded_or_merged_to_the_header_width():
    article = parse_article(
        "T", "T\nOption | Price | Downtime |\n---|---|---|\nA | $1 |\nB | $2 | None | extra |\n", is_html=False
    )

    (table,) = [block for block in article.blocks if block.kind == "comparison_table"]
    assert table.rows == [["A", "$1", "\u2014"], ["B", "$2", "None | extra"]]
    assert [note.message for note in article.notes if note.kind == "table"] == [
        "row 1 had 2 cells for 3 headings; adjusted",
        "row 2 had 4 cells for 3 headings; adjusted",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Sun damage: one fractional laser, cost? $1200, far better value.",
            ("Sun damage", "fractional laser", 1200, None, "Far better value"),
        ),
        (
            "Texture: laser + peel, cost $900- $1100, better results.",
            ("Texture", "laser + peel", 900, 1100, "Better results"),
        ),
        ("Scars: subcision from $800, predictable.", ("Scars", "subcision", 800, None, "Predictable")),
        ("Pigment: pico or peels.", None),
        ("Volume: fillers, $600", None),
    ],
)
def test_budget_alternative_items(line, expected):
    found = rx.parse_alternative(line)

    if expected is None:
        assert found is None
    else:
        keys = ("concern", "treatment_name", "price_from", "price_to", "verdict")
        assert tuple(found[key] for key in keys) == expected
