"""Splits an article's text or HTML into a flat list of elements (lines, headings, lists, tables) with positions."""

import html as htmllib
import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i"}
UNWRAPPED_INLINE = {"span", "font", "u", "small", "big", "sup", "sub", "abbr", "code", "mark", "cite", "q", "s", "del"}
CONTAINERS = {"html", "body", "div", "section", "article", "main", "header", "footer", "aside", "center", "nav"}
DROPPED = {"script", "style", "noscript", "template"}
SILENT = {"hr", "meta", "link", "title", "head"}
MEDIA = ["img", "figure", "picture", "video", "iframe", "audio", "embed", "object", "wp-embed", "wp-gallery"]
# Elements the shortcode handlers write (treatments.importer.shortcodes) for the walker to recognise.
SHORTCODE_TAGS = {"wp-embed", "wp-gallery", "wp-booking", "wp-products", "wp-faq", "wp-tab", "wp-image"}
VIDEO_HOSTS = re.compile(r"(youtube\.com|youtu\.be|vimeo\.com|soundcloud\.com|spotify\.com|instagram\.com)", re.I)
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
    cells: list = field(default_factory=list)  # table rows as lists of Cell, spans and markup kept
    images: list = field(default_factory=list)  # ImageRef of an image or a gallery
    url: str = ""  # an embed's address, a booking form's name
    children: list = field(default_factory=list)  # the answer's elements of a FAQ from an accordion or <details>
    question: str = ""
    pairs: list = field(default_factory=list)  # (term, description) of a definition list
    depth: int = 0  # how deeply a list nests
    attribution: str = ""


@dataclass
class Cell:
    """One table cell as written: inline HTML, and whether it heads or spans."""

    html: str
    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1


@dataclass
class ImageRef:
    """An image the article shows: where its file was, its alt text and caption; the file is found at mapping."""

    src: str
    alt: str = ""
    caption: str = ""
    attachment_id: str = ""


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


# A Gutenberg block delimiter: "<!-- wp:image {"id":12} -->", "<!-- /wp:image -->", "<!-- wp:embed {…} /-->"
GUTENBERG_RE = re.compile(r"^\s*(?P<close>/)?wp:(?P<name>[a-z][\w/-]*)\s*(?P<attrs>\{.*\})?\s*(?P<self>/)?\s*$", re.S)
EMBED_BLOCKS = r"embed|core-embed/[\w-]+|video"  # block names whose attributes may hold the embedded address


def gutenberg_delimiter(comment):
    """(name, attributes, "open" | "close" | "void") of a block delimiter comment, or None for another comment."""
    match = GUTENBERG_RE.match(str(comment))
    if match is None:
        return None
    try:
        attrs = json.loads(match.group("attrs")) if match.group("attrs") else {}
    except ValueError:
        attrs = {}
    shape = "close" if match.group("close") else "void" if match.group("self") else "open"
    return match.group("name"), attrs if isinstance(attrs, dict) else {}, shape


class _Walker:
    def __init__(self):
        self.elements = []
        self.run = []  # inline nodes waiting for a block boundary
        self.count = 0
        self.gutenberg = None  # (name, attributes) of the Gutenberg block being walked

    def position(self):
        self.count += 1
        return f"element {self.count}"

    def walk(self, container):
        for node in container.children:
            if isinstance(node, Comment):
                self.delimiter(node)
                continue
            if isinstance(node, MARKUP_ONLY):
                continue  # editor notes and declarations are markup, not content
            if isinstance(node, NavigableString) or (isinstance(node, Tag) and self.is_inline(node)):
                self.run.append(node)
                continue
            self.block(node)

    def delimiter(self, comment):
        """Gutenberg block comments are markup, but their attributes say what the HTML may not: an embed's
        address, an image's attachment id, a heading's level."""
        found = gutenberg_delimiter(comment)
        if found is None:
            return
        name, attrs, shape = found
        if shape == "open":
            self.flush()
            self.gutenberg = (name, attrs)
        elif shape == "close":
            self.flush()
            self.gutenberg = None
        elif re.fullmatch(EMBED_BLOCKS, name) and str(attrs.get("url", "")).startswith("http"):
            self.flush()  # an embed saved without HTML: the comment is all there is
            self.elements.append(Element("embed", self.position(), url=attrs["url"]))

    def block_attrs(self, *names):
        """The attributes of the Gutenberg block being walked, when it is one of `names` (a regex)."""
        if self.gutenberg is not None and re.fullmatch("|".join(names), self.gutenberg[0]):
            return self.gutenberg[1]
        return None

    @staticmethod
    def is_inline(tag):
        if tag.name == "a" and tag.find(["img", "picture"]) is not None:
            return False  # a linked image is an image
        return tag.name in INLINE_TAGS or tag.name in UNWRAPPED_INLINE or tag.name in {"a", "br"}

    def sub_elements(self, nodes):
        """Elements of a fragment (an accordion answer), numbered on from this walk's positions."""
        walker = _Walker()
        walker.count = self.count
        for node in nodes:
            if isinstance(node, NavigableString) or (isinstance(node, Tag) and walker.is_inline(node)):
                walker.run.append(node)
            elif not isinstance(node, MARKUP_ONLY):
                walker.block(node)
        walker.flush()
        self.count = walker.count
        return walker.elements

    def block(self, tag):
        name = tag.name
        if name in DROPPED or name in SILENT:
            if name in DROPPED and tag.get_text(strip=True):
                self.flush()
                self.dropped(tag)
            return
        self.flush()
        if name in ("p", "div") and self.block_attrs("heading") is not None:
            self.heading_element(tag, self.heading_level())  # a heading block whose HTML lost its <hN>
        elif name in SHORTCODE_TAGS:
            self.shortcode_element(tag)
        elif name in CONTAINERS and self.accordion_item(tag):
            pass
        elif name in CONTAINERS:
            self.walk(tag)
            self.flush()
        elif name == "blockquote":
            self.quote_element(tag)
        elif name == "pre":
            code = tag.find("code")
            language = next((c[9:] for c in (code or tag).get("class", []) if c.startswith("language-")), "")
            text = tag.get_text().strip("\n")
            if text.strip():
                self.elements.append(Element("code", self.position(), text=text, tag=language))
        elif name == "dl":
            self.definitions_element(tag)
        elif name == "details":
            summary = tag.find("summary")
            question = " ".join(summary.get_text(" ").split()) if summary else ""
            if summary is not None:
                summary.extract()
            self.faq_element(question, list(tag.children))
        elif name == "p":
            # outermost media only: a figure's own <img> goes with its figure
            wanted = MEDIA + sorted(SHORTCODE_TAGS)
            media = [found for found in tag.find_all(wanted) if found.find_parent(wanted) is None]
            media = [found.extract() for found in media]
            code = [found.extract() for found in tag.find_all(list(DROPPED))]
            self.run.extend(tag.children)
            self.flush(tag="p")
            for found in media:
                self.block(found)
            for found in code:
                self.dropped(found)
        elif re.fullmatch(r"h[1-6]", name):
            self.heading_element(tag, int(name[1]))
        elif name in ("ul", "ol"):
            self.list_element(tag)
        elif name == "table":
            self.table_element(tag)
        else:
            self.other_element(tag)

    def heading_element(self, tag, level):
        html, text = inline_html(tag.children)
        if text.strip():
            self.elements.append(Element("heading", self.position(), html.strip(), text.strip(), level=level))

    def heading_level(self):
        level = (self.block_attrs("heading") or {}).get("level", 2)
        return level if isinstance(level, int) and 1 <= level <= 6 else 2

    def dropped(self, tag):
        self.elements.append(Element("other", self.position(), tag=tag.name, note=f"<{tag.name}> removed"))

    def list_element(self, tag):
        items, depth = list_items(tag)
        if items:
            self.elements.append(Element("list", self.position(), items=items, ordered=tag.name == "ol", depth=depth))

    def quote_element(self, tag):
        cite = tag.find(["cite", "footer"])
        attribution = " ".join(cite.get_text(" ").split()) if cite is not None else ""
        if cite is not None:
            cite.extract()
        paragraphs = []
        for part in inline_html(tag.children)[0].split("\n"):
            if plain(part).strip():
                paragraphs.append(f"<p>{part.strip()}</p>")
        if paragraphs:
            text = " ".join(plain(part) for part in paragraphs)
            self.elements.append(
                Element("quote", self.position(), html="".join(paragraphs), text=text, attribution=attribution)
            )

    def definitions_element(self, tag):
        pairs, term = [], None
        for child in tag.find_all(["dt", "dd"]):
            text = " ".join(child.get_text(" ").split())
            if child.name == "dt":
                term = text
            elif term is not None:
                pairs.append((term, text))
                term = None
        if pairs:
            self.elements.append(Element("definitions", self.position(), pairs=pairs))

    def faq_element(self, question, answer_nodes):
        position = self.position()
        children = self.sub_elements(answer_nodes)
        self.elements.append(Element("faq_item", position, question=question, text=question, children=children))

    def accordion_item(self, tag):
        """Page builders' accordions and toggles (Elementor, Gutenberg plugins): a title and its content."""
        classes = " ".join(tag.get("class", []))
        if not re.search(
            r"elementor-(accordion|toggle)-item|wp-block-\w+-accordion-item|\bschema-faq-section", classes
        ):
            return False
        title = tag.find(class_=re.compile(r"(tab-title|accordion-title|faq-question|toggle-title)"))
        content = tag.find(class_=re.compile(r"(tab-content|accordion-content|faq-answer|toggle-content)"))
        if title is None or content is None:
            return False
        self.faq_element(" ".join(title.get_text(" ").split()), list(content.children))
        return True

    def shortcode_element(self, tag):
        name = tag.name
        if name == "wp-faq":
            self.faq_element(tag.get("data-question", ""), list(tag.children))
        elif name == "wp-tab":
            title = tag.get("data-title", "")
            if title:
                self.elements.append(Element("heading", self.position(), escape(title), title, level=3))
            self.walk(tag)
            self.flush()
        elif name == "wp-booking":
            # a form names itself in data-form; a button (Elementor's) gives its label and old address
            booking = Element("booking", self.position(), url=tag.get("data-form", ""), tag=name)
            booking.text, booking.caption = tag.get("data-label", ""), tag.get("data-href", "")
            self.elements.append(booking)
        elif name == "wp-products":
            ids = [int(part) for part in re.findall(r"\d+", tag.get("data-ids", ""))]
            self.elements.append(Element("products", self.position(), items=ids, tag=name))
        else:
            self.media_element(tag)

    def table_element(self, tag, caption_text=""):
        rows, cells_rows, header_rows = [], [], 0
        for tr in tag.find_all("tr"):
            if tr.find_parent("table") is not tag:
                continue  # a table nested in a cell is read as that cell's text
            found = tr.find_all(["th", "td"], recursive=False)
            cells = [" ".join(cell.get_text(" ").split()) for cell in found]
            if not any(cells):
                continue
            if tr.find_parent("thead") is not None or (header_rows == len(rows) and tr.find("td") is None):
                header_rows += 1
            rows.append(cells)
            cells_rows.append([table_cell(cell) for cell in found])
        caption = tag.find("caption")
        caption_text = " ".join(caption.get_text(" ").split()) if caption else caption_text
        if rows:
            self.elements.append(
                Element(
                    "table",
                    self.position(),
                    rows=rows,
                    header_rows=header_rows,
                    caption=caption_text,
                    cells=cells_rows,
                )
            )

    def media_element(self, tag):
        """Images, galleries and embeds; True when the tag was one of them."""
        name = tag.name
        classes = " ".join(tag.get("class", []))
        if name == "figure" and tag.find("table") is not None:
            caption = tag.find("figcaption")
            self.table_element(tag.find("table"), " ".join(caption.get_text(" ").split()) if caption else "")
            return True
        url = embed_url(tag) or self.embed_attr_url()
        if url:
            caption = tag.find("figcaption")
            self.elements.append(
                Element("embed", self.position(), url=url, caption=caption.get_text(" ").strip() if caption else "")
            )
            return True
        images = [image_ref(image, tag) for image in tag.find_all("img")] if name != "img" else [image_ref(tag, tag)]
        if name == "wp-gallery" or "gallery" in classes or len(images) > 1:
            ids = re.findall(r"\d+", tag.get("data-ids", ""))
            images += [ImageRef("", attachment_id=found) for found in ids]
            caption = tag.find("figcaption", recursive=False)
            if images:
                text = caption.get_text(" ").strip() if caption else ""
                self.elements.append(Element("gallery", self.position(), images=images, caption=text))
                return True
        if images:
            attrs = self.block_attrs("image") or {}
            if not images[0].attachment_id and str(attrs.get("id", "")).isdigit():
                images[0].attachment_id = str(attrs["id"])  # the attachment the image block points at
            self.elements.append(Element("image", self.position(), images=images[:1]))
            return True
        return False

    def embed_attr_url(self):
        attrs = self.block_attrs(EMBED_BLOCKS) or {}
        url = str(attrs.get("url") or attrs.get("src") or "")
        return url if url.startswith("http") else ""

    def other_element(self, tag):
        if tag.name in MEDIA and self.media_element(tag):
            return
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

    def flush(self, tag=""):
        """Close the pending inline run: each line of it becomes a line element (`tag` "p" when a <p> held it)."""
        if not self.run:
            return
        html, _ = inline_html(self.run)
        self.run = []
        for line in html.split("\n"):
            line = line.strip()
            text = plain(line)
            if text.strip():
                self.elements.append(Element("line", self.position(), line, text.strip(), tag=tag))


def list_items(tag, depth=1):
    """Items of a list as rich-text HTML, nested lists kept inside their item; and how deep the nesting goes."""
    items, deepest = [], depth
    for li in tag.find_all("li", recursive=False) or [tag]:
        nested = [child.extract() for child in li.find_all(["ul", "ol"], recursive=False)]
        html, text = inline_html(li.children)
        inner = html.strip().replace("\n", "<br/>")
        for sub in nested:
            sub_items, sub_depth = list_items(sub, depth + 1)
            deepest = max(deepest, sub_depth)
            if sub_items:
                inner += f"<{sub.name}>{''.join(f'<li>{item}</li>' for item in sub_items)}</{sub.name}>"
        if text.strip() or nested:
            items.append(inner)
    return items, deepest


def table_cell(cell):
    html, text = inline_html(cell.children)
    html = " ".join(html.replace("\n", " ").split())

    def span(name):
        try:
            return max(1, min(int(cell.get(name, 1) or 1), 50))
        except ValueError:
            return 1

    return Cell(html, " ".join(text.split()), cell.name == "th", span("colspan"), span("rowspan"))


def largest_src(image):
    """The largest candidate of an <img>'s srcset (WordPress lists every resized copy), else its src."""
    best, best_width = image.get("src", "") or image.get("data-src", ""), 0
    for candidate in (image.get("srcset") or "").split(","):
        parts = candidate.split()
        if len(parts) == 2 and parts[1].endswith("w") and parts[1][:-1].isdigit() and int(parts[1][:-1]) > best_width:
            best, best_width = parts[0], int(parts[1][:-1])
    return best


def image_ref(image, container):
    caption = container.find("figcaption") if container.name in ("figure", "wp-image") else None
    caption_text = " ".join(caption.get_text(" ").split()) if caption is not None else container.get("data-caption", "")
    found = re.search(r"wp-image-(\d+)", " ".join(image.get("class", [])))
    return ImageRef(
        largest_src(image),
        alt=" ".join((image.get("alt") or "").split()),
        caption=caption_text if container is not image else "",
        attachment_id=found.group(1) if found else image.get("data-id", ""),
    )


def embed_url(tag):
    """The address of a video, audio or post embedded by a Gutenberg embed block, an iframe or a shortcode."""
    if tag.name == "wp-embed":
        return tag.get("data-url", "")
    classes = " ".join(tag.get("class", []))
    if "wp-block-embed" in classes:
        wrapper = tag.find(class_="wp-block-embed__wrapper")
        text = (wrapper or tag).get_text(" ").split()
        if text and text[0].startswith("http"):
            return text[0]
    for media in [tag, *tag.find_all(["iframe", "video", "audio", "source", "embed"])]:
        src = media.get("src", "") or ""
        if media.name in ("iframe", "embed") and VIDEO_HOSTS.search(src):
            return src
        if media.name in ("video", "audio", "source") and src.startswith("http"):
            return src
    return ""


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
