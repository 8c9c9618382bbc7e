"""Maps a recognised `Article` onto TreatmentPage fields and the body's raw StreamField JSON."""

import re
import uuid

from django.utils.text import slugify

from ..conf import default_currency
from . import parse as p
from .elements import escape

SUMMARY_MAX = {"best_used": 160, "caution": 160, "best_for": 160, "comments": 255, "mode_of_action": 160}
LINK_RE = re.compile(r'<a href="([^"]*)">')


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


class Mapper:
    """Builds raw block JSON; `resolver` looks up clinicians, products and link targets (and records what it made)."""

    def __init__(self, article, resolver, notes, media=None, booking_url=""):
        self.article = article
        self.booking_url = booking_url  # the site's booking or contact page, "" when it has none
        self.resolver = resolver
        self.notes = notes  # list of parse.Note, added to when values had to be shortened
        self.media = media  # a media.MediaLibrary finding image files, or None
        self.anchors = set()

    def fields(self, excerpt=""):
        values = {"title": self.article.title[:255], "science_score": self.article.science_score}
        for name, limit in SUMMARY_MAX.items():
            value = " ".join(self.article.summary.get(name, "").split())
            if len(value) > limit:
                self.notes.append(p.Note("summary", "summary", f"{name} shortened to {limit} characters", value))
                value = value[: limit - 1] + "\u2026"
            values[name] = value
        values["intro"] = self.intro(excerpt)
        return values

    def intro(self, excerpt):
        """The page intro: the export's excerpt, else the first sentence of the first paragraph (flagged)."""
        if excerpt:
            return excerpt[:600]
        for candidate in self.article.blocks:
            for part in getattr(candidate, "parts", []):
                if not isinstance(part, str):
                    continue
                text = re.sub(r"<[^>]+>", "", part).strip()
                if part.startswith("<p>") and text:
                    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
                    self.notes.append(
                        p.Note("intro", "summary", "intro taken from the first paragraph; rewrite it", sentence)
                    )
                    return sentence[:600]
        self.notes.append(p.Note("intro", "summary", "no text for the intro; it reads 'Imported article'"))
        return "Imported article"

    def body(self):
        raw = []
        for item in self.article.blocks:
            raw.extend(getattr(self, f"map_{item.kind}")(item))
        return raw

    def html(self, parts):
        return "".join(LINK_RE.sub(self.link, part) for part in parts)

    def link(self, match):
        page_id = self.resolver.page_for_link(match.group(1))
        return f'<a linktype="page" id="{page_id}">' if page_id else match.group(0)

    def map_rich_text(self, item):
        return [block("rich_text", self.html(item.parts))]

    def map_faq(self, item):
        if not item.parts:
            # a question with no answer cannot be a FAQ block; it stays as a heading for the editor to finish
            self.notes.append(
                p.Note(
                    item.position, "unrecognised", "a question with no answer text is kept as a heading", item.question
                )
            )
            return [block("rich_text", f"<h2>{escape(item.question)}</h2>")]
        anchor = slugify(item.question)[:72].strip("-") or "question"
        base, number = anchor, 2
        while anchor in self.anchors:
            anchor, number = f"{base}-{number}", number + 1
        self.anchors.add(anchor)
        answer = self.answer(item.parts)
        return [block("faq", {"question": item.question[:200], "anchor": anchor, "answer": answer})]

    def answer(self, parts):
        """An answer's stream: runs of text become rich text; tables, quotes, images and costs keep their blocks."""
        blocks, run = [], []
        for part in parts:
            if isinstance(part, str):
                run.append(part)
                continue
            if run:
                blocks.append(block("rich_text", self.html(run)))
                run = []
            blocks.extend(getattr(self, f"map_{part.kind}")(part))
        if run:
            blocks.append(block("rich_text", self.html(run)))
        return blocks or [block("rich_text", "<p></p>")]

    def map_rich_table(self, item):
        rows = []
        for number, cells in enumerate(item.rows):
            header_row = number < item.header_rows
            rows.append(
                {
                    "header": header_row,
                    "cells": [
                        {
                            "text": self.html([cell.html]) if cell.html else "",
                            "header": cell.header or header_row,
                            "colspan": cell.colspan,
                            "rowspan": cell.rowspan,
                        }
                        for cell in cells
                    ],
                }
            )
        return [block("rich_table", {"caption": item.caption, "rows": rows})]

    def map_quote(self, item):
        return [block("quote", {"quote": self.html([item.html]), "attribution": item.attribution})]

    def map_code(self, item):
        return [block("code", {"language": item.language, "code": item.text})]

    def map_definition_list(self, item):
        items = []
        for term, description in item.pairs:
            if len(term) > 120 or len(description) > 600:
                self.notes.append(p.Note("definitions", "table", "a long definition was shortened", term))
            items.append({"term": term[:120] or "\u2014", "description": description[:600] or "\u2014"})
        return [block("definition_list", {"title": "", "items": items})]

    def map_embed(self, item):
        url = item.url if not item.url.startswith("//") else f"https:{item.url}"
        return [block("embed", {"url": url[:200], "title": "", "caption": item.caption})]

    def map_booking_cta(self, item):
        if item.form:
            message = f"a form ({item.form}) cannot be imported: a booking call to action stands in its place"
            self.notes.append(p.Note(item.position, "shortcode", message))
        url = self.booking_target(item)
        if not url:
            self.notes.append(
                p.Note(
                    item.position,
                    "booking",
                    "the site has no live booking or contact page: the booking button has no link; choose one",
                    item.href,
                )
            )
        label = " ".join((item.label or "").split())[:60] or "Book now"
        value = {"heading": "Book a consultation", "text": "", "button_label": label, "url": url}
        return [block("booking_cta", value)]

    def booking_target(self, item):
        """Where the button leads: an outside booking service it named, else the site's own live booking or contact
        page. An address on the old site is never kept: it would not exist here (imported pages are drafts)."""
        href = (item.href or "").strip()
        if href.startswith(("http://", "https://")) and not self.resolver.links.is_old_site(href):
            return href[:300]
        if href:
            self.notes.append(p.Note(item.position, "booking", "the button's old address is not kept", href))
        return self.booking_url

    def image_values(self, item):
        values = []
        for ref in item.images:
            found = self.media.image_for(ref, item.position, self.notes) if self.media else None
            if found is None:
                if not self.media:
                    self.notes.append(
                        p.Note(
                            item.position,
                            "media",
                            "image not imported: give --media-dir (a copy of wp-content/uploads) to import images",
                            ref.src or f"attachment {ref.attachment_id}",
                        )
                    )
                continue
            image, alt, caption = found
            values.append(
                {
                    "image": {"image": image.pk, "alt_text": alt[:255], "decorative": not alt},
                    "caption": caption[:250],
                    "credit": "",
                }
            )
        return values

    def map_image(self, item):
        return [block("image", value) for value in self.image_values(item)]

    def map_image_gallery(self, item):
        values = self.image_values(item)
        if len(values) == 1:
            return [block("image", values[0])]
        return [block("image_gallery", {"caption": item.caption, "images": values})] if values else []

    def map_pro_tip(self, item):
        if not item.parts:
            self.notes.append(
                p.Note(item.position, "unrecognised", "a ProTip with no text is kept as text", item.title)
            )
            return [block("rich_text", f"<p><b>{escape(item.title)}</b></p>")]
        clinician = self.resolver.clinician(item.name)
        body = self.html(item.parts)
        return [block("pro_tip", {"clinician": clinician.pk, "title": item.title, "body": body})]

    def map_comparison_table(self, item):
        return [
            block(
                "comparison_table",
                {
                    "caption": item.caption[:200],
                    "header": item.header,
                    "rows": [{"cells": cells} for cells in item.rows],
                    "first_column_is_header": True,
                },
            )
        ]

    def map_product(self, item):
        products = self.resolver.products(item.shop_ids, item.position)
        return [block("product", {"product": product.pk, "note": ""}) for product in products]

    def map_gallery_link(self, item):
        value = {"heading": "See real results", "text": "", "link_label": item.label, "treatment": None}
        return [block("gallery_link", {**value, "case_count": 0})]

    def map_cost_comparison(self, item):
        from .recognise import money_currency

        options = [
            {
                "label": option_label(option)[:120],
                "unit_price_from": str(option["price_from"]),
                "unit_price_to": str(option["price_to"]) if option["price_to"] is not None else None,
                "sessions": option["sessions"],
                "note": f"Price per {option['unit']}" if option["unit"] else "",
            }
            for option in item.options
        ]
        title = " or ".join(option["label"] for option in options[:3])
        value = {
            "title": f"{title}: what it costs"[:150],
            "currency": money_currency(item.currency_symbol_text, default_currency()),
            "options": options,
            "conclusion": " ".join(item.conclusion.split())[:500],
        }
        return [block("cost_comparison", value)]

    def map_budget_alternatives(self, item):
        from .recognise import money_currency

        alternatives = [
            {
                "concern": found["concern"],
                "treatment_page": None,
                "treatment_name": found["treatment_name"],
                "price_from": str(found["price_from"]) if found["price_from"] is not None else None,
                "price_to": str(found["price_to"]) if found["price_to"] is not None else None,
                "verdict": found["verdict"],
            }
            for found in item.alternatives
        ]
        value = {
            "title": "Other ways to spend the same budget",
            "intro": "",
            "currency": money_currency(item.currency_symbol_text, default_currency()),
            "alternatives": alternatives,
        }
        return [block("budget_alternatives", value)]


def option_label(option):
    label = option["label"]
    return label[:1].upper() + label[1:]


def inline_shop_ids(raw_blocks):
    """Shop ids of shortcodes left inside rich text, so unknown ones get placeholder products too."""
    from ..rendering import shortcode_shop_ids

    return shortcode_shop_ids(raw_blocks)
