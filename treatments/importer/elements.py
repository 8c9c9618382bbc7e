"""Splits an article's text or HTML into a flat list of elements (lines, headings, lists, tables) with positions."""

import html as htmllib
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i"}
UNWRAPPED_INLINE = {"span", "font", "u", "small", "big", "sup", "sub", "abbr", "code", "mark", "cite", "q", "s", "del"}
CONTAINERS = {"html", "body", "div", "section", "article", "main", "header", "footer", "aside", "center", "blockquote"}
DROPPED = {"script", "style", "noscript", "template"}
SILENT = {"hr", "meta", "link", "title", "head"}
MEDIA = ["img", "figure", "picture", "video", "iframe", "audio", "embed", "object"]
MARKUP_ONLY = (Comment, Declaration, Doctype, ProcessingInstruction)
SAFE_HREF = re.compile(r"^(https?:|mailto:|tel:|/|#|[\w\-./]+$)", re.I)


@dataclass
class Element:
    """One piece of an article in reading order."""

    kind: str  # line | heading | list | table | other
    position: str
    html: str = ""  # inline rich-text HTML, for lines and headings
    text: str = ""  # the same as plain text
    level: int = 0
    items: list = field(default_factory=list)  # list items as inline HTML
    ordered: bool = False
    rows: list = field(default_factory=list)  # table rows as lists of plain-text cells
    header_rows: int = 0
    caption: str = ""
    tag: str = ""  # the HTML tag of an "other" element
    note: str = ""  # why an "other" element was not recognised


def text_elements(text):
    """Every non-empty line of a text file is an element; Markdown '#' lines are headings."""
    elements = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        heading = re.match(r"^(#{1,6})\s+(.+?)\s*#*$", line)
        if heading:
            title = heading.group(2)
            elements.append(Element("heading", f"line {number}", escape(title), title, level=len(heading.group(1))))
        else:
            elements.append(Element("line", f"line {number}", escape(line), line))
    return elements


def escape(text):
    """Escape for rich text without touching quotes, so shortcodes keep their quote marks."""
    return htmllib.escape(text, quote=False)


def html_elements(markup):
    """Walk the HTML in reading order; text between blocks (WordPress's blank-line paragraphs) is split by line."""
    soup = BeautifulSoup(markup, "html.parser")
    walker = _Walker()
    walker.walk(soup)
    walker.flush()
    return walker.elements


class _Walker:
    def __init__(self):
        self.elements = []
        self.run = []  # inline nodes waiting for a block boundary
        self.count = 0

    def position(self):
        self.count += 1
        return f"element {self.count}"

    def walk(self, container):
        for node in container.children:
            if isinstance(node, MARKUP_ONLY):
                continue  # Gutenberg block delimiters and editor notes are markup, not content
            if isinstance(node, NavigableString) or (isinstance(node, Tag) and self.is_inline(node)):
                self.run.append(node)
                continue
            self.block(node)

    @staticmethod
    def is_inline(tag):
        return tag.name in INLINE_TAGS or tag.name in UNWRAPPED_INLINE or tag.name in {"a", "br"}

    def block(self, tag):
        name = tag.name
        if name in DROPPED or name in SILENT:
            if name in DROPPED and tag.get_text(strip=True):
                self.flush()
                self.dropped(tag)
            return
        self.flush()
        if name in CONTAINERS:
            self.walk(tag)
            self.flush()
        elif name == "p":
            media = [found.extract() for found in tag.find_all(MEDIA)]
            code = [found.extract() for found in tag.find_all(list(DROPPED))]
            self.run.extend(tag.children)
            self.flush()
            for found in media:
                self.other_element(found)
            for found in code:
                self.dropped(found)
        elif re.fullmatch(r"h[1-6]", name):
            html, text = inline_html(tag.children)
            if text.strip():
                self.elements.append(
                    Element("heading", self.position(), html.strip(), text.strip(), level=int(name[1]))
                )
        elif name in ("ul", "ol"):
            self.list_element(tag)
        elif name == "table":
            self.table_element(tag)
        else:
            self.other_element(tag)

    def dropped(self, tag):
        self.elements.append(Element("other", self.position(), tag=tag.name, note=f"<{tag.name}> removed"))

    def list_element(self, tag):
        items = []
        for li in tag.find_all("li", recursive=False) or [tag]:
            html, text = inline_html(li.children)
            if text.strip():
                items.append(html.strip().replace("\n", "<br/>"))
        if items:
            self.elements.append(Element("list", self.position(), items=items, ordered=tag.name == "ol"))

    def table_element(self, tag):
        rows, header_rows = [], 0
        for tr in tag.find_all("tr"):
            cells = [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"], recursive=False)]
            if not any(cells):
                continue
            if tr.find_parent("thead") is not None or (not rows and tr.find("td") is None):
                header_rows += 1
            rows.append(cells)
        caption = tag.find("caption")
        caption_text = " ".join(caption.get_text(" ").split()) if caption else ""
        if rows:
            self.elements.append(
                Element("table", self.position(), rows=rows, header_rows=header_rows, caption=caption_text)
            )

    def other_element(self, tag):
        if tag.name in MEDIA:
            image = tag if tag.name == "img" else tag.find("img")
            alt = image.get("alt", "") if image is not None else ""
            src = (image.get("src", "") if image is not None else tag.get("src", "")) or ""
            text = " ".join(tag.get_text(" ").split()) or alt
            note = f"<{tag.name}> not imported (media must be uploaded to the image library){': ' + src if src else ''}"
        else:
            text = " ".join(tag.get_text(" ").split())
            note = f"<{tag.name}> kept as plain text"
        self.elements.append(Element("other", self.position(), html=escape(text), text=text, tag=tag.name, note=note))

    def flush(self):
        """Close the pending inline run: each line of it becomes a line element."""
        if not self.run:
            return
        html, _ = inline_html(self.run)
        self.run = []
        for line in html.split("\n"):
            line = line.strip()
            text = plain(line)
            if text.strip():
                self.elements.append(Element("line", self.position(), line, text.strip()))


def plain(html):
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def inline_html(nodes):
    """Rich-text HTML for inline nodes: bold, italic and links kept, other tags unwrapped, <br> as a newline."""
    out = []
    for node in nodes:
        if isinstance(node, MARKUP_ONLY):
            continue
        if isinstance(node, NavigableString):
            out.append(escape(str(node)))
        elif isinstance(node, Tag):
            out.append(_inline_tag(node))
    html = "".join(out)
    return html, plain(html)


def _inline_tag(tag):
    if tag.name == "br":
        return "\n"
    if tag.name in DROPPED:
        return ""
    inner, text = inline_html(tag.children)
    if tag.name in INLINE_TAGS and text.strip():
        mark = INLINE_TAGS[tag.name]
        # a newline inside bold text must close and reopen the tag, or a line would carry half a tag
        return "\n".join(f"<{mark}>{part}</{mark}>" if part.strip() else part for part in inner.split("\n"))
    if tag.name == "a":
        href = (tag.get("href") or "").strip()
        if href and SAFE_HREF.match(href) and text.strip():
            attr = htmllib.escape(href, quote=True)
            return "\n".join(f'<a href="{attr}">{part}</a>' if part.strip() else part for part in inner.split("\n"))
    if tag.name in ("p", "div", "li"):
        return f"\n{inner}\n"
    return inner
