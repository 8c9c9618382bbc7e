"""Recognises an article's structure (summary, questions, tables, lists, tips, products, costs) from its elements.

The result is an `Article`: summary fields plus a list of intermediate blocks, and notes on everything that was
kept as plain text so an editor can review it. Nothing is dropped: unrecognised content stays where it was.
"""

import re
from dataclasses import dataclass, field

from . import recognise as rx
from .elements import Element, escape, html_elements, text_elements

QUESTION_MAX = 200
EMPTY_CELL = "\u2014"  # table cells are required; a dash shows the source had nothing there


@dataclass
class Note:
    """Something an editor should look at, with where it was in the source."""

    position: str
    kind: str  # unrecognised | cost | table | summary | shortcode | media | booking | noise
    message: str
    text: str = ""

    def as_dict(self):
        return {"position": self.position, "kind": self.kind, "message": self.message, "text": self.text[:300]}


@dataclass
class Prose:
    parts: list = field(default_factory=list)
    kind: str = "rich_text"


@dataclass
class Question:
    question: str
    position: str = ""
    parts: list = field(default_factory=list)
    kind: str = "faq"


@dataclass
class ProTip:
    name: str
    title: str
    position: str = ""
    parts: list = field(default_factory=list)
    kind: str = "pro_tip"


@dataclass
class Table:
    header: list
    rows: list
    caption: str
    kind: str = "comparison_table"


@dataclass
class Products:
    shop_ids: list
    position: str
    kind: str = "product"


@dataclass
class GalleryLink:
    label: str
    kind: str = "gallery_link"


@dataclass
class Costs:
    options: list
    currency_symbol_text: str
    position: str
    kind: str = "cost_comparison"
    conclusion: str = ""  # the sentence the figures came from, which the block replaces


@dataclass
class Alternatives:
    alternatives: list
    currency_symbol_text: str
    position: str
    kind: str = "budget_alternatives"


@dataclass
class RichTable:
    rows: list  # lists of elements.Cell
    header_rows: int
    caption: str
    kind: str = "rich_table"


@dataclass
class Quote:
    html: str
    attribution: str = ""
    kind: str = "quote"


@dataclass
class Code:
    text: str
    language: str = ""
    kind: str = "code"


@dataclass
class Definitions:
    pairs: list
    kind: str = "definition_list"


@dataclass
class Images:
    images: list  # elements.ImageRef
    position: str
    caption: str = ""
    kind: str = "image"


@dataclass
class Embed:
    url: str
    caption: str = ""
    kind: str = "embed"


@dataclass
class Booking:
    form: str  # the form plugin and id a booking call to action stands in for; "" for a button
    position: str
    label: str = ""  # a button's own text
    href: str = ""  # where a button led on the old site
    kind: str = "booking_cta"


# Blocks an answer may hold (treatments.blocks.faq.AnswerBlock); others close the question and follow it.
ANSWER_KINDS = {
    "comparison_table",
    "rich_table",
    "cost_comparison",
    "definition_list",
    "quote",
    "code",
    "embed",
    "image",
}
CONTENT_KINDS = {"line", "list", "table", "quote", "code", "definitions", "image", "gallery", "embed"}
CHAT_LINE_RE = re.compile(r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*)?[A-Z][\w.'\- ]{0,30}:\s+\S")
END_FAQ = "end_faq"


@dataclass
class Article:
    title: str
    summary: dict = field(default_factory=dict)
    science_score: int = 0
    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    shortcodes: dict = field(default_factory=dict)  # shortcode name -> how many a handler turned into blocks

    def block_kinds(self):
        return [block.kind for block in self.blocks]


def parse_article(title, content, *, is_html):
    """Recognise the structure of one article's body; shortcodes are expanded first (see importer.shortcodes)."""
    from .shortcodes import expand_shortcodes

    expansion = None
    if "[" in content:
        content, expansion = expand_shortcodes(content)
    elements = html_elements(content) if is_html else text_elements(content)
    article = Builder(title, elements, is_html=is_html).build()
    if expansion is not None:
        for raw in expansion.unknown:
            article.notes.append(
                Note("body", "shortcode", "unknown shortcode removed from the page (kept here for the editor)", raw)
            )
        for message in expansion.notes:
            article.notes.append(Note("body", "shortcode", message))
        article.shortcodes = dict(expansion.handled)
    return article


class Builder:
    """Walks the elements once, keeping the block that currently receives paragraphs."""

    def __init__(self, title, elements, is_html=False):
        self.is_html = is_html
        self.article = Article(title=title)
        self.elements = elements
        self.index = 0
        self.current = None  # the Prose, Question or ProTip receiving paragraphs
        self.deferred = []  # blocks derived from text (cost comparisons) that follow the current question

    # -------------------------------------------------------------- helpers
    def note(self, element, kind, message, text=None):
        self.article.notes.append(Note(element.position, kind, message, element.text if text is None else text))

    def add_part(self, html):
        if self.current is None:
            self.current = Prose()
            self.article.blocks.append(self.current)
        self.current.parts.append(html)

    def start(self, block, receives_text=False):
        """Put a block in the stream; text-derived blocks waiting for the previous question go first."""
        self.article.blocks.extend(self.deferred)
        self.deferred = []
        self.article.blocks.append(block)
        self.current = block if receives_text else None

    def place(self, block):
        """A structured block in the middle of an answer: it goes right here, and later text starts a new block."""
        self.article.blocks.append(block)
        self.current = None

    def attach(self, block):
        """A block inside the question being answered stays in its answer; elsewhere it goes into the stream."""
        if isinstance(self.current, Question) and block.kind in ANSWER_KINDS:
            self.current.parts.append(block)
        else:
            self.place(block)

    # -------------------------------------------------------------- questions
    def is_chat_line(self, text):
        return bool(CHAT_LINE_RE.match(text))

    def question_text(self, element):
        """The question a line asks, when it is structurally one: a bold lead-in in HTML, a line of its own in text."""
        text = element.text
        if not text.endswith("?") or len(text) > QUESTION_MAX or self.is_chat_line(text):
            return None
        if self.is_html and element.tag == "p":
            # a paragraph asking something is prose ("Ready to book?"); a bold lead-in is a question
            bold = re.fullmatch(r"\s*<b>(.*?)</b>\s*", element.html, re.S)
            return text if bold and "<b>" not in bold.group(1) else None
        return None if re.search(r"[.!?]\s", text[:-1][-120:]) else text

    def answer_follows(self):
        """The next element is content that answers: not another question, a form, a chat line or nothing."""
        if self.index >= len(self.elements):
            return False
        following = self.elements[self.index]
        if following.kind not in CONTENT_KINDS:
            return following.kind == "faq_item" and False
        if following.kind == "line":
            text = following.text
            if self.is_chat_line(text) or (text.endswith("?") and len(text) <= QUESTION_MAX and len(text) < 120):
                return False
        return True

    def on_faq_item(self, element):
        """An accordion or toggle item, or <details>: a FAQ when its title asks and its content answers."""
        question = element.question.strip()
        content = [child for child in element.children if child.kind in CONTENT_KINDS]
        if question.endswith("?") and len(question) <= QUESTION_MAX and content:
            self.start(Question(question, element.position), receives_text=True)
            end = Element(END_FAQ, element.position)
        else:
            if question:
                self.add_part(f"<h3>{escape(question)}</h3>")
            end = None
        self.elements[self.index : self.index] = element.children + ([end] if end else [])

    def on_end_faq(self, element):
        if isinstance(self.current, Question):
            self.current = None

    # -------------------------------------------------------------- media, quotes and other structures
    def on_quote(self, element):
        self.attach(Quote(element.html, element.attribution[:200]))

    def on_code(self, element):
        self.attach(Code(element.text, element.tag[:40]))

    def on_definitions(self, element):
        self.attach(Definitions(element.pairs))

    def on_image(self, element):
        self.attach(Images(element.images, element.position))

    def on_gallery(self, element):
        self.place(Images(element.images, element.position, caption=element.caption[:250], kind="image_gallery"))

    def on_embed(self, element):
        self.attach(Embed(element.url, element.caption[:250]))

    def on_booking(self, element):
        self.place(Booking(element.url, element.position, label=element.text, href=element.caption))

    def on_products(self, element):
        if element.items:
            self.place(Products(element.items, element.position))

    # -------------------------------------------------------------- the walk
    def build(self):
        while self.index < len(self.elements):
            element = self.elements[self.index]
            self.index += 1
            handler = getattr(self, f"on_{element.kind}", self.on_other)
            handler(element)
        self.article.blocks.extend(self.deferred)
        self.article.blocks = [block for block in self.article.blocks if not self.is_empty(block)]
        return self.article

    @staticmethod
    def is_empty(block):
        return isinstance(block, Prose) and not block.parts

    def on_heading(self, element):
        if self.is_title(element):
            return
        text = element.text
        if text.endswith("?") and len(text) <= QUESTION_MAX and element.level <= 4 and self.answer_follows():
            self.start(Question(text, element.position), receives_text=True)
        elif rx.protip_name(text):
            self.start(ProTip(rx.protip_name(text), text[:150], element.position), receives_text=True)
        elif element.level <= 2:
            self.start(Prose([f"<h2>{element.html}</h2>"]), receives_text=True)
        else:
            self.add_part(f"<h{min(element.level, 4)}>{element.html}</h{min(element.level, 4)}>")

    def is_title(self, element):
        """The article's own title repeated as its first line or heading is not content."""
        first = not self.article.blocks and not self.article.summary
        return first and " ".join(element.text.split()).lower() == " ".join(self.article.title.split()).lower()

    def on_line(self, element):
        text = element.text
        if self.is_title(element):
            return
        if not self.article.summary and rx.summary_label_count(text) >= 2:
            return self.summary(element)
        if rx.pipe_cells(text) and self.pipe_table(element):
            return None
        if rx.list_item(text):
            return self.dash_list(element)
        shop_ids = rx.standalone_shop_ids(text)
        if shop_ids:
            return self.place(Products(shop_ids, element.position))
        if rx.is_gallery_link(text):
            return self.gallery(element)
        name = rx.protip_name(text)
        if name:
            return self.start(ProTip(name, text[:150], element.position), receives_text=True)
        question = self.question_text(element)
        if question and self.answer_follows():
            return self.start(Question(question, element.position), receives_text=True)
        self.paragraph(element)
        return None

    def paragraph(self, element):
        self.check_inline(element)
        if rx.has_money(element.text) and self.costs(element):
            return  # the cost block holds this text as its conclusion
        self.add_part(f"<p>{element.html}</p>")

    def check_inline(self, element):
        if re.search(r"\[(?!show_products)[a-z_\-]+[\s\]]", element.text, re.I) and "[" in element.text:
            self.note(element, "shortcode", "a WordPress shortcode the importer does not know is kept as text")

    def summary(self, element):
        lines = [element.text]
        while "science" not in " ".join(lines).lower() and self.index < len(self.elements):
            following = self.elements[self.index]
            if following.kind != "line" or rx.summary_label_count(following.text) < 1:
                break
            lines.append(following.text)
            self.index += 1
        fields, unknown = rx.parse_summary(" | ".join(lines))
        score, score_note = rx.parse_score(fields.pop("science_score", ""))
        self.article.summary = fields or {"_seen": ""}
        self.article.science_score = score
        if score_note:
            self.note(element, "summary", score_note)
        if unknown:
            kept = " | ".join(unknown)
            self.note(element, "summary", "summary parts with unknown labels are kept as text", kept)
            self.add_part(f"<p>{escape(kept)}</p>")

    def pipe_table(self, first):
        rows, position = [rx.pipe_cells(first.text)], self.index
        while position < len(self.elements):
            following = self.elements[position]
            cells = rx.pipe_cells(following.text) if following.kind == "line" else None
            if cells is None:
                break
            rows.append(cells)
            position += 1
        rows = [row for row in rows if not rx.is_separator_row(row)]
        if len(rows) < 2:
            return False
        self.index = position
        self.table(first, rows[0], rows[1:])
        return True

    def on_table(self, element):
        rows = element.rows
        labels = sum(1 for row in rows if row and rx.summary_label_count(f"{row[0]}:"))
        if not self.article.summary and labels >= 3 and all(len(row) >= 2 for row in rows):
            pairs = " | ".join(f"{row[0]}: {row[1]}" for row in rows)
            return self.summary(Element("line", element.position, text=pairs))
        if len(rows) < 2:
            self.note(element, "table", "a table with a single row is kept as text", " | ".join(rows[0]))
            return self.add_part(f"<p>{escape(' | '.join(rows[0]))}</p>")
        if element.cells and needs_rich_table(element):
            self.attach(RichTable(element.cells, element.header_rows, element.caption[:200]))
            return None
        self.table(element, rows[0], rows[1:], caption=element.caption)
        return None

    def table(self, element, header, rows, caption=""):
        header = list(header)
        while header and not header[-1]:
            header.pop()
        header = [cell or EMPTY_CELL for cell in header]
        width = len(header)
        if width < 2 or any(len(cell) > 120 for cell in header) or any(len(c) > 300 for row in rows for c in row):
            text = " / ".join(" | ".join(row) for row in [header, *rows])
            self.note(element, "table", "a table too narrow or with too-long cells is kept as text", text)
            for row in [header, *rows]:
                self.add_part(f"<p>{escape(' | '.join(row))}</p>")
            return
        fixed = []
        for number, row in enumerate(rows, start=1):
            cells = list(row)
            while len(cells) > width and not cells[-1]:
                cells.pop()
            if len(cells) != width:
                message = f"row {number} had {len(cells)} cells for {width} headings; adjusted"
                self.note(element, "table", message, " | ".join(cells))
                extra = cells[width - 1 :] if len(cells) > width else []
                cells = (
                    [*cells[: width - 1], " | ".join(extra)] if extra else cells + [EMPTY_CELL] * (width - len(cells))
                )
            fixed.append([cell or EMPTY_CELL for cell in cells])
        self.attach(Table(header, fixed, caption or self.caption_for(header, fixed)))

    def caption_for(self, header, rows):
        previous = self.current.parts[-1] if self.current is not None and self.current.parts else ""
        previous_text = re.sub(r"<[^>]+>", "", previous).strip()
        last_sentence = re.split(r"(?<=[.!?])\s+", previous_text)[-1]
        if last_sentence.endswith(":") and len(last_sentence) <= 200:
            return last_sentence.rstrip(":").strip()
        names = " vs ".join(row[0] for row in rows if row[0])
        return names if names and len(names) <= 200 else "Comparison"

    def dash_list(self, first):
        items, texts, ordered = [], [], rx.list_item(first.text)[1]
        position = self.index - 1
        while position < len(self.elements):
            element = self.elements[position]
            found = rx.list_item(element.text) if element.kind == "line" else None
            if found is None or found[1] != ordered:
                break
            items.append(self.list_item_html(element))
            texts.append(found[0])
            self.check_inline(element)
            position += 1
        self.index = position
        tag = "ol" if ordered else "ul"
        self.add_part(f"<{tag}>{''.join(f'<li>{item}</li>' for item in items)}</{tag}>")
        self.priced_list(first, texts)

    @staticmethod
    def list_item_html(element):
        html = re.sub(r"^\s*(?:[-\u2022*\u2013\u00b7\u25aa\u25cf\u2023\u2043]|\d{1,2}[.)])\s+", "", element.html)
        if html.startswith("<b>"):
            return html
        lead = rx.LEAD_IN_RE.match(html)
        if lead and "<" not in lead.group("lead"):
            return f"<b>{lead.group('lead')}:</b> {lead.group('rest')}"
        return html

    def on_list(self, element):
        tag = "ol" if element.ordered else "ul"
        self.add_part(f"<{tag}>{''.join(f'<li>{item}</li>' for item in element.items)}</{tag}>")
        self.priced_list(element, [rx.plain_text(item) for item in element.items])

    def priced_list(self, element, texts):
        """A list of "concern: treatment, $price, verdict" items also becomes a budget alternatives block."""
        priced = [text for text in texts if rx.has_money(text)]
        if not priced:
            return
        alternatives = [found for found in map(rx.parse_alternative, texts) if found]
        if len(alternatives) >= 2 and len(alternatives) == len(texts):
            # every item read: the block replaces the list rather than repeating it
            self.current.parts.pop()
            self.deferred.append(Alternatives(alternatives, " ".join(priced), element.position))
            self.note(element, "cost", "budget alternatives made from this list (it replaces the list)")
        elif alternatives:
            message = (
                f"only {len(alternatives)} of {len(texts)} items name a treatment, price and verdict; kept as a list"
            )
            self.note(element, "cost", message, " / ".join(priced))
        else:
            self.note(element, "cost", "prices in a list are kept as text", " / ".join(priced))

    def on_other(self, element):
        if element.kind == END_FAQ:
            return self.on_end_faq(element)
        if element.tag in ("script", "style", "noscript", "template", "head"):
            return self.note(element, "unrecognised", f"{element.note} (code, not article text)")
        kind = "media" if "not imported" in element.note else "unrecognised"
        self.note(element, kind, element.note)
        if element.text:
            self.add_part(f"<p>{element.html}</p>")
        return None

    def gallery(self, element):
        if sum(1 for block in self.article.blocks if isinstance(block, GalleryLink)) >= 3:
            self.note(element, "unrecognised", "more than three gallery links; this one is kept as text")
            return self.add_part(f"<p>{element.html}</p>")
        self.place(GalleryLink(element.text.strip()[:60]))
        return None

    def costs(self, element):
        """A paragraph comparing priced options becomes a cost block holding the paragraph as its conclusion."""
        options = rx.parse_costs(element.text)
        if options and len(element.text) <= 500:
            self.attach(Costs(options, element.text, element.position, conclusion=element.text))
            self.note(element, "cost", "cost comparison made from this text (kept as its conclusion)", element.text)
            return True
        self.note(element, "cost", "a cost statement is kept as text", element.text)
        return False


def needs_rich_table(element):
    """A comparison table holds a rectangle of plain text under one header row; anything else keeps its shape
    (merged cells, several header rows, ragged rows, links or emphasis) in a rich table, never merged."""
    rows = element.cells
    widths = {len(row) for row in rows}
    spans = any(cell.colspan > 1 or cell.rowspan > 1 for row in rows for cell in row)
    markup = any(cell.html != escape(cell.text) for row in rows for cell in row)
    long_cells = any(len(cell.text) > 120 for cell in rows[0]) or any(len(c.text) > 300 for row in rows for c in row)
    return spans or markup or len(widths) > 1 or element.header_rows > 1 or long_cells
