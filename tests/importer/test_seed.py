"""The reference article imports with every structure the design names recognised."""

import json

from treatments.importer.origins import ImportedArticle
from treatments.models import Clinician, Product, TreatmentPage


def imported_page(path):
    record = ImportedArticle.objects.get(source_key=f"file:{path.resolve()}")
    return record.page.specific.get_latest_revision_as_object()


def blocks_of(page, kind):
    return [block.value for block in page.body if block.block_type == kind]


def answer_blocks(page, kind):
    """Blocks of one kind inside FAQ answers."""
    return [child.value for faq in blocks_of(page, "faq") for child in faq["answer"] if child.block_type == kind]


def test_seed_summary_card_and_score(run_import, seed_path):
    outcome = run_import(seed_path)

    assert not outcome.failed, outcome.stderr
    page = imported_page(seed_path)
    assert page.title == "Exosomes"
    assert page.best_used == "Injected off label"
    assert page.caution == "May not work"
    assert page.best_for == "Adjunct treatment"
    assert page.comments == "Marketing hype over real science as of 2024."
    assert page.mode_of_action == "Cellular messenger"
    assert page.science_score == 2


def test_seed_every_question_becomes_a_faq_block(run_import, seed_path):
    run_import(seed_path)

    questions = [value["question"] for value in blocks_of(imported_page(seed_path), "faq")]
    expected = [line.strip() for line in seed_path.read_text().splitlines() if line.strip().endswith("?")]
    assert len(questions) == 11
    assert questions == expected
    assert questions[-1] == "Does this mean I don\u2019t believe in exosomes?"


def test_seed_table_product_gallery_and_protip(run_import, seed_path):
    run_import(seed_path)
    page = imported_page(seed_path)

    assert not blocks_of(page, "comparison_table")
    (table,) = answer_blocks(page, "comparison_table")
    assert list(table["header"]) == ["Type", "Application", "Ease of use", "Rate limiting factors"]
    assert [row["cells"][0] for row in table["rows"]] == ["Exosomes", "PRP"]
    assert all(len(row["cells"]) == 4 for row in table["rows"])
    (product,) = blocks_of(page, "product")
    assert product["product"].shop_id == 9833
    assert not product["product"].is_active
    assert len(blocks_of(page, "gallery_link")) == 1
    (tip,) = blocks_of(page, "pro_tip")
    assert tip["clinician"].name == "Davin"
    assert tip["title"] == "Davin\u2019s ProTip on the use of Exosomes"
    assert "trending" in tip["body"].source


def test_seed_block_order_and_cost_comparison(run_import, seed_path):
    run_import(seed_path)
    page = imported_page(seed_path)

    kinds = [block.block_type for block in page.body]
    assert kinds[:3] == ["faq", "faq", "product"]
    faqs = {faq["question"]: [child.block_type for child in faq["answer"]] for faq in blocks_of(page, "faq")}
    assert faqs["Exosomes vs tretinoin, which is better?"][0] == "cost_comparison"
    assert "comparison_table" in faqs["Are exosomes better than PRP?"]
    (costs,) = answer_blocks(page, "cost_comparison")
    totals = sorted((option.total_from, option.total_to) for option in costs["options"])
    assert [(int(low), int(high)) for low, high in totals] == [(70, 70), (1800, 2400)]


def test_seed_keeps_every_answer_line(run_import, seed_path):
    run_import(seed_path)
    page = imported_page(seed_path)

    html = json.dumps(list(page.body.raw_data), ensure_ascii=False)
    for needle in ("Polynucleotides", "Adapelene", "icing on the cake", "Cosmelan", "Fusion tip"):
        assert needle in html


def test_seed_imports_as_an_unpublished_draft(run_import, seed_path):
    run_import(seed_path)

    page = TreatmentPage.objects.get()
    assert not page.live
    assert page.revisions.count() == 1
    assert Clinician.objects.filter(name="Davin").exists()
    assert Product.objects.filter(shop_id=9833, is_active=False).exists()


def test_seed_has_no_duplicated_content(run_import, seed_path):
    run_import(seed_path)
    page = imported_page(seed_path)
    html = json.dumps(list(page.body.raw_data), ensure_ascii=False)

    # the budget list: only 3 of its 7 items name a treatment, price and verdict, so it stays one list, once
    assert not blocks_of(page, "budget_alternatives")
    assert html.count("pico or chemical peels") == 1
    assert "<li><b>Pigment:</b> pico or chemical peels.</li>" in html
    assert "<li><b>High &amp; low hybrid HAs:</b> best for hydration" in html
    # the cost sentence lives once, as the conclusion of the cost block made from it
    assert html.count("Factor in 3 sessions of exosomes") == 1
    (costs,) = answer_blocks(page, "cost_comparison")
    assert "Factor in 3 sessions of exosomes" in costs["conclusion"]
    # the question answered by a table is one FAQ holding the table, not a heading and a loose table
    (prp,) = [faq for faq in blocks_of(page, "faq") if faq["question"] == "Are exosomes better than PRP?"]
    assert [child.block_type for child in prp["answer"]] == ["rich_text", "comparison_table", "rich_text"]
    assert "head to head studies" in prp["answer"][2].value.source
    assert html.count("Rate limiting factors") == 1


def test_a_fully_priced_list_is_replaced_by_its_budget_block(run_import, tmp_path):
    article = tmp_path / "budget.txt"
    article.write_text(
        "Budget options\n"
        "What else could I spend it on?\n"
        "For the same money you could choose-\n"
        "- Sun damage: one Fraxel HD, cost? $1490, far better results.\n"
        "- Acne scars: subcision, from $790, more predictable.\n"
    )

    run_import(article)

    page = TreatmentPage.objects.get().get_latest_revision_as_object()
    (budget,) = blocks_of(page, "budget_alternatives")
    assert [item["concern"] for item in budget["alternatives"]] == ["Sun damage", "Acne scars"]
    assert "Fraxel" not in json.dumps([block.value.source for block in page.body if block.block_type == "rich_text"])
    assert "Fraxel" not in json.dumps(
        [
            child.value.source
            for faq in blocks_of(page, "faq")
            for child in faq["answer"]
            if child.block_type == "rich_text"
        ]
    )
