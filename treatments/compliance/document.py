"""What a page says to a visitor, read generically from its fields and every block of its StreamFields.

Checks never look at models or blocks: they read a `Document` of passages (text with where it sits), pictures
(before/after or not, with the text next to them), practitioners named (with their registration number), prices
(with what they include) and the page's named text fields. Any block the site adds is walked the same way:
streams, lists and structs are recursed, rich text and tables become text, snippets with a registration number are
practitioners, images are pictures.
"""

import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

BEFORE_AFTER_RE = re.compile(r"\bbefore\b.{0,40}\bafter\b|\bafter\b.{0,20}\bbefore\b|before\s*/\s*after", re.I | re.S)
# Page fields a visitor sees beside the page's own: the title and what search engines show.
PAGE_FIELDS = ("title", "seo_title", "search_description")
NOT_READ = {"slug", "currency"}
# Struct children that are link names, not words a visitor reads (an FAQ's anchor).
NOT_READ_CHILDREN = {"anchor", "anchor_id", "slug"}


@dataclass
class Passage:
    where: str
    text: str


@dataclass
class Picture:
    where: str
    before_after: bool
    nearby: str = ""


@dataclass
class Practitioner:
    where: str
    name: str
    registration_number: str = ""


@dataclass
class Price:
    where: str
    label: str
    includes: str = ""


@dataclass
class Document:
    passages: list = field(default_factory=list)
    pictures: list = field(default_factory=list)
    practitioners: list = field(default_factory=list)
    prices: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)

    @property
    def text(self):
        return "\n".join(passage.text for passage in self.passages)

    @classmethod
    def from_example(cls, example):
        """A document from a rule pack's example: a string is one passage, a table names what is on the page."""
        if isinstance(example, str):
            return cls(passages=[Passage("Example", example)])
        where, get = "Example", example.get
        return cls(
            passages=[Passage(where, text) for text in get("text", ())],
            pictures=[Picture(where, bool(p.get("before_after")), p.get("nearby", "")) for p in get("pictures", ())],
            practitioners=[Practitioner(where, p["name"], p.get("registration_number", "")) for p in get("practitioners", ())],  # noqa: E501
            prices=[Price(where, p.get("label", "Price"), p.get("includes", "")) for p in get("prices", ())],
            fields=dict(get("fields", {})),
        )  # fmt: skip


def html_text(html):
    """Visible text of rich text or HTML: tags dropped, block ends kept as spaces so words do not run together."""
    html = re.sub(r"</(p|li|h\d|td|th|div|blockquote)>|<br\s*/?>", " ", str(html or ""), flags=re.I)
    return re.sub(r"\s+", " ", strip_tags(html)).strip()


def read_page(page):
    """The Document of one page (a specific page instance, live or a revision's)."""
    doc = Document()
    model = type(page)
    for model_field in model._meta.concrete_fields:
        name = model_field.name
        local = model_field.model is not Page
        if name in NOT_READ or not (local or name in PAGE_FIELDS):
            continue
        value = getattr(page, name, None)
        where = capfirst(str(model_field.verbose_name))
        if isinstance(model_field, StreamField):
            walk(model_field.stream_block, value, where, doc)
        elif isinstance(model_field, RichTextField):
            _add_text(doc, where, html_text(value), name)
        elif isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
            _add_text(doc, where, value or "", name)
        elif isinstance(model_field, models.ForeignKey):
            _add_record(doc, where, getattr(page, name, None))
        elif isinstance(model_field, models.DecimalField) and name.startswith("price") and value is not None:
            _add_page_price(doc, page, value)
    return doc


def _add_page_price(doc, page, value):
    if not any(price.where == "Prices" for price in doc.prices):  # price from and price to are one price
        doc.prices.append(Price("Prices", f"{value}", getattr(page, "price_includes", "") or ""))


def _add_text(doc, where, text, name=None):
    text = str(text or "").strip()
    if name is not None:
        doc.fields[name] = text
    if text:
        doc.passages.append(Passage(where, text))


def _add_record(doc, where, record):
    """A chosen snippet: a practitioner when it has a registration number field, else its name is text."""
    if record is None:
        return
    if hasattr(record, "registration_number"):
        name = getattr(record, "name", "") or str(record)
        doc.practitioners.append(Practitioner(where, name, (record.registration_number or "").strip()))
        _add_text(doc, where, name)
    elif hasattr(record, "file"):  # an image field, such as the hero image
        doc.pictures.append(Picture(where, bool(BEFORE_AFTER_RE.search(getattr(record, "title", "") or ""))))
    else:
        _add_text(
            doc, where, " ".join(str(getattr(record, n, "")) for n in ("name", "description") if getattr(record, n, ""))
        )


def walk(block, value, where, doc):
    """Add what `value` (of `block`) says to `doc`. Generic over block kinds: no list of the site's blocks."""
    if value is None:
        return
    if hasattr(value, "file") and hasattr(value, "title"):  # an image, from any image block (ImageBlock is a struct)
        described = f"{value.title or ''} {getattr(value, 'contextual_alt_text', '') or ''}"
        doc.pictures.append(Picture(where, bool(BEFORE_AFTER_RE.search(described))))
    elif isinstance(block, blocks.StreamBlock):
        _walk_stream(value, where, doc)
    elif isinstance(block, blocks.ListBlock):
        for number, item in enumerate(value, start=1):
            walk(block.child_block, item, f"{where} {number}", doc)
    elif isinstance(block, blocks.StructBlock):
        _walk_struct(block, value, where, doc)
    elif isinstance(block, blocks.RichTextBlock):
        _add_text(doc, where, html_text(getattr(value, "source", value)))
    elif isinstance(block, blocks.ChooserBlock):
        _add_record(doc, where, value)
    elif isinstance(value, dict) and isinstance(value.get("data"), list):  # table blocks: rows of cells
        _add_text(doc, where, " ".join(str(cell) for row in value["data"] for cell in (row or []) if cell))
    elif isinstance(value, str):
        _add_text(doc, where, html_text(value) if "<" in value else value)


def _walk_stream(stream, where, doc):
    """Each child, then pictures learn the text beside them (their own block and the blocks either side)."""
    spans = []
    for number, child in enumerate(stream, start=1):
        label = capfirst(str(child.block.label or child.block_type))
        start = (len(doc.passages), len(doc.pictures))
        walk(child.block, child.value, f"{where} / {number}. {label}", doc)
        spans.append((start, (len(doc.passages), len(doc.pictures))))
    for index, ((p_start, pic_start), (p_end, pic_end)) in enumerate(spans):
        first = spans[index - 1][0][0] if index > 0 else p_start
        last = spans[index + 1][1][0] if index + 1 < len(spans) else p_end
        beside = " ".join(passage.text for passage in doc.passages[first:last])
        for picture in doc.pictures[pic_start:pic_end]:
            picture.nearby = f"{picture.nearby} {beside}".strip()


def _walk_struct(block, value, where, doc):
    pictures_before = len(doc.pictures)
    passages_before = len(doc.passages)
    for name, child_block in block.child_blocks.items():
        if name in NOT_READ_CHILDREN:
            continue
        walk(child_block, value.get(name), f"{where} / {capfirst(str(child_block.label or name))}", doc)
    own_text = " ".join(passage.text for passage in doc.passages[passages_before:])
    for picture in doc.pictures[pictures_before:]:
        # A caption or alt text saying "before and after" makes the struct's image a before/after picture.
        picture.before_after = picture.before_after or bool(BEFORE_AFTER_RE.search(own_text))
        picture.nearby = f"{picture.nearby} {own_text}".strip()
    if (value.get("case_count") or 0) > 0:  # a gallery link showing before/after cases inline
        doc.pictures.append(Picture(f"{where} (before/after cases)", True, own_text))
    for name, child_block in block.child_blocks.items():
        if isinstance(child_block, blocks.DecimalBlock) and "price" in name and value.get(name) is not None:
            doc.prices.append(Price(where, str(value.get(name)), own_text))
            break
