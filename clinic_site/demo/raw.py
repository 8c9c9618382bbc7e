"""Builders for raw StreamField JSON of treatment body blocks. The shape of each block comes from its own sample
(treatments.blocks.samples); the demo modules supply the article's text."""

from treatments.blocks.samples import body_block as block
from treatments.blocks.samples import body_child_block as child_of
from treatments.blocks.samples import sample, stream_child


def page_link(page, text):
    """A rich-text link to a page, in Wagtail's stored form (resolved to the page's URL when rendered)."""
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def rich_text(html):
    return block("rich_text", html)


def image_value(img, alt):
    return {**sample(child_of("image"))["image"], "image": img.pk, "alt_text": alt}


def image(img, alt, caption="", credit=""):
    return block("image", image=image_value(img, alt), caption=caption, credit=credit)


def faq(question, anchor, *answer):
    """A question; each answer part is an HTML string (rich text) or an `image(...)` block."""
    answer_block = child_of("faq").child_blocks["answer"]
    parts = [stream_child(answer_block, "rich_text", part) if isinstance(part, str) else part for part in answer]
    return block("faq", question=question, anchor=anchor, answer=parts)


def comparison_table(caption, header, rows, first_column_is_header=True):
    return block(
        "comparison_table",
        caption=caption,
        header=list(header),
        rows=[{"cells": list(cells)} for cells in rows],
        first_column_is_header=first_column_is_header,
    )


def cost_option(label, price_from, price_to=None, sessions=1, note=""):
    option = child_of("cost_comparison").child_blocks["options"].child_block
    return sample(option, label=label, unit_price_from=price_from, unit_price_to=price_to, sessions=sessions, note=note)


def cost_comparison(title, options, conclusion="", currency="USD"):
    return block("cost_comparison", title=title, currency=currency, options=options, conclusion=conclusion)


def alternative(concern, verdict, page=None, name="", price_from=None, price_to=None):
    item = child_of("budget_alternatives").child_blocks["alternatives"].child_block
    return sample(
        item,
        concern=concern,
        treatment_page=page.pk if page else None,
        treatment_name=name,
        price_from=price_from,
        price_to=price_to,
        verdict=verdict,
    )


def budget_alternatives(title, intro, alternatives, currency="USD"):
    return block("budget_alternatives", title=title, intro=intro, currency=currency, alternatives=alternatives)


def definition_list(title, items):
    definition = child_of("definition_list").child_blocks["items"].child_block
    return block(
        "definition_list",
        title=title,
        items=[sample(definition, term=term, description=text) for term, text in items],
    )


def pro_tip(clinician, title, body):
    return block("pro_tip", clinician=clinician.pk, title=title, body=body)


def product(item, note=""):
    return block("product", product=item.pk, note=note)


def gallery_link(heading, text, link_label="View our treatment gallery", treatment=None, case_count=0):
    return block(
        "gallery_link",
        heading=heading,
        text=text,
        link_label=link_label,
        treatment=treatment.pk if treatment else None,
        case_count=case_count,
    )


def callout(tone, title, body):
    return block("callout", tone=tone, title=title, body=body)
