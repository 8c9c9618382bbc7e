"""Builders for raw StreamField JSON of treatment body blocks, in the shapes the blocks store."""


def page_link(page, text):
    """A rich-text link to a page, in Wagtail's stored form (resolved to the page's URL when rendered)."""
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def rich_text(html):
    return {"type": "rich_text", "value": html}


def image_value(img, alt):
    return {"image": img.pk, "alt_text": alt, "decorative": False}


def image(img, alt, caption="", credit=""):
    return {"type": "image", "value": {"image": image_value(img, alt), "caption": caption, "credit": credit}}


def faq(question, anchor, *answer):
    """A question; each answer part is an HTML string (rich text) or an `image(...)` block."""
    parts = [rich_text(part) if isinstance(part, str) else part for part in answer]
    return {"type": "faq", "value": {"question": question, "anchor": anchor, "answer": parts}}


def comparison_table(caption, header, rows, first_column_is_header=True):
    return {
        "type": "comparison_table",
        "value": {
            "caption": caption,
            "header": list(header),
            "rows": [{"cells": list(cells)} for cells in rows],
            "first_column_is_header": first_column_is_header,
        },
    }


def cost_option(label, price_from, price_to=None, sessions=1, note=""):
    return {
        "label": label,
        "unit_price_from": price_from,
        "unit_price_to": price_to,
        "sessions": sessions,
        "note": note,
    }


def cost_comparison(title, options, conclusion="", currency="USD"):
    return {
        "type": "cost_comparison",
        "value": {"title": title, "currency": currency, "options": options, "conclusion": conclusion},
    }


def alternative(concern, verdict, page=None, name="", price_from=None, price_to=None):
    return {
        "concern": concern,
        "treatment_page": page.pk if page else None,
        "treatment_name": name,
        "price_from": price_from,
        "price_to": price_to,
        "verdict": verdict,
    }


def budget_alternatives(title, intro, alternatives, currency="USD"):
    return {
        "type": "budget_alternatives",
        "value": {"title": title, "intro": intro, "currency": currency, "alternatives": alternatives},
    }


def definition_list(title, items):
    return {
        "type": "definition_list",
        "value": {"title": title, "items": [{"term": term, "description": text} for term, text in items]},
    }


def pro_tip(clinician, title, body):
    return {"type": "pro_tip", "value": {"clinician": clinician.pk, "title": title, "body": body}}


def product(item, note=""):
    return {"type": "product", "value": {"product": item.pk, "note": note}}


def gallery_link(heading, text, link_label="View our treatment gallery", treatment=None, case_count=0):
    return {
        "type": "gallery_link",
        "value": {
            "heading": heading,
            "text": text,
            "link_label": link_label,
            "treatment": treatment.pk if treatment else None,
            "case_count": case_count,
        },
    }


def callout(tone, title, body):
    return {"type": "callout", "value": {"tone": tone, "title": title, "body": body}}
