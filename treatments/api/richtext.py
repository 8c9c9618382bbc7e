"""Rich text for apps: a structured node tree (paragraphs, headings, lists, links, citations, bold, italic,
products) and the same content as clean HTML rendered from that tree, so both always agree.

Internal links are resolved to public URLs (links to drafts or private pages keep their text and lose the link),
product shortcodes become product nodes, and no `linktype=` or `<embed>` markup ever leaves the API. The source is
cleaned by treatments/richtext_safety.py first: no unsafe link scheme, script or handler reaches an app.
"""

import re
from html.parser import HTMLParser

from django.utils.html import escape, format_html

from ..evidence.citations import LINK_TYPE as CITATION_LINK_TYPE
from ..evidence.citations import superscript
from ..richtext_safety import clean_stored
from ..shortcodes import replace_product_shortcodes

SHORTCODE_TAG = "x-products"
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}
BOLD_TAGS = {"b", "strong"}
ITALIC_TAGS = {"i", "em"}


class Element:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = []


class _TreeBuilder(HTMLParser):
    VOID = {"br", "embed", "img", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(source):
    """Wagtail's stored rich text as an element tree, with product shortcodes as `<x-products ids="…">`."""

    def mark(shortcode):
        return f'<{SHORTCODE_TAG} ids="{",".join(str(i) for i in shortcode.shop_ids)}"></{SHORTCODE_TAG}>'

    builder = _TreeBuilder()
    # Cleaned before anything reads it: stored rich text is not trusted to have come through the editor.
    builder.feed(replace_product_shortcodes(clean_stored(source or ""), mark))
    builder.close()
    return builder.root


def iter_elements(element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from iter_elements(child)


def citation_ids(root):
    """Reference ids a tree cites, in order, repeats included."""
    return [
        int(element.attrs["id"])
        for element in iter_elements(root)
        if element.tag == "a"
        and element.attrs.get("linktype") == CITATION_LINK_TYPE
        and str(element.attrs.get("id", "")).isdigit()
    ]


def references(root):
    """Ids a tree points at: {"page": {...}, "document": {...}, "shop_id": {...}, "url": {...}}."""
    found = {"page": set(), "document": set(), "shop_id": set(), "url": set()}
    for element in iter_elements(root):
        if element.tag == "a":
            kind = element.attrs.get("linktype")
            if kind == CITATION_LINK_TYPE:
                continue
            if kind in ("page", "document") and str(element.attrs.get("id", "")).isdigit():
                found[kind].add(int(element.attrs["id"]))
            elif element.attrs.get("href"):
                found["url"].add(element.attrs["href"])
        elif element.tag == SHORTCODE_TAG:
            found["shop_id"].update(int(i) for i in element.attrs.get("ids", "").split(",") if i.isdigit())
    return found


# ---------------------------------------------------------------- tree → nodes
class _Converter:
    """Turns an element tree into API nodes, resolving links and products through `resolver`."""

    def __init__(self, resolver):
        self.resolver = resolver

    def blocks(self, element):
        nodes, loose = [], []
        for child in element.children:
            if isinstance(child, Element) and (child.tag in BLOCK_TAGS or child.tag == SHORTCODE_TAG):
                nodes += self.paragraph(loose)
                loose = []
                nodes += self.block(child)
            else:
                loose.append(child)
        return nodes + self.paragraph(loose)

    def block(self, element):
        if element.tag in ("ul", "ol"):
            return [self.list(element)]
        if element.tag == SHORTCODE_TAG:
            return self.products(element)
        if element.tag.startswith("h") and element.tag != "p":
            level = int(element.tag[1])
            return self.split(self.inline(element.children), {"type": "heading", "level": level})
        return self.split(self.inline(element.children), {"type": "paragraph"})

    def paragraph(self, loose):
        if not loose:
            return []
        return self.split(self.inline(loose), {"type": "paragraph"})

    def split(self, inline, template):
        """Products cannot sit inside a paragraph in an app: they break it into two."""
        nodes, run = [], []
        for item in [*inline, None]:
            if item is None or item["type"] == "product":
                if any(node["type"] != "text" or node["text"].strip() for node in run):
                    nodes.append({**template, "children": _strip_edges(run)})
                run = []
                if item is not None:
                    nodes.append(item)
            else:
                run.append(item)
        return nodes

    def list(self, element):
        items = []
        for child in element.children:
            if not isinstance(child, Element) or child.tag != "li":
                continue
            inline = [part for part in child.children if not (isinstance(part, Element) and part.tag in ("ul", "ol"))]
            nested = [
                self.list(part) for part in child.children if isinstance(part, Element) and part.tag in ("ul", "ol")
            ]
            children = [node for node in self.inline(inline) if node["type"] != "product"]
            items.append({"type": "list_item", "children": _strip_edges(children), "lists": nested})
        return {"type": "list", "ordered": element.tag == "ol", "items": items}

    def products(self, element):
        ids = [int(i) for i in element.attrs.get("ids", "").split(",") if i.isdigit()]
        return [{"type": "product", "product": product} for product in map(self.resolver.product, ids) if product]

    def inline(self, children, bold=False, italic=False):
        nodes = []
        for child in children:
            if isinstance(child, str):
                text = re.sub(r"\s+", " ", child)
                if text:
                    nodes.append({"type": "text", "text": text, "bold": bold, "italic": italic})
                continue
            tag = child.tag
            if tag == "br":
                nodes.append({"type": "line_break"})
            elif tag == SHORTCODE_TAG:
                nodes += self.products(child)
            elif tag == "a" and child.attrs.get("linktype") == CITATION_LINK_TYPE:
                nodes += self.citation(child, bold, italic)
            elif tag == "a":
                nodes += self.link(child, bold, italic)
            elif tag not in ("embed", "img", "script", "style"):
                nodes += self.inline(child.children, bold or tag in BOLD_TAGS, italic or tag in ITALIC_TAGS)
        return _merge_text(nodes)

    def citation(self, element, bold, italic):
        """Cited words wrapped in a citation node; a citation of a reference that is gone keeps only its words."""
        children = self.inline(element.children, bold, italic)
        cite = getattr(self.resolver, "citation", None)
        found = cite(element.attrs) if cite is not None else None
        products = [node for node in children if node["type"] == "product"]
        children = [node for node in children if node["type"] != "product"]
        if found is None:
            return children + products
        return [{"type": "citation", **found, "children": children}, *products]

    def link(self, element, bold, italic):
        children = self.inline(element.children, bold, italic)
        target = self.resolver.link_target(element.attrs)
        products = [node for node in children if node["type"] == "product"]
        children = [node for node in children if node["type"] != "product"]
        if target is None:
            return children + products
        return [{"type": "link", "target": target, "children": children}, *products]


def _merge_text(nodes):
    merged = []
    for node in nodes:
        previous = merged[-1] if merged else None
        if (
            previous
            and node["type"] == "text"
            and previous["type"] == "text"
            and (previous["bold"], previous["italic"]) == (node["bold"], node["italic"])
        ):
            merged[-1] = {**previous, "text": previous["text"] + node["text"]}
        else:
            merged.append(node)
    return merged


def _strip_edges(nodes):
    nodes = list(nodes)
    if nodes and nodes[0]["type"] == "text":
        nodes[0] = {**nodes[0], "text": nodes[0]["text"].lstrip()}
    if nodes and nodes[-1]["type"] == "text":
        nodes[-1] = {**nodes[-1], "text": nodes[-1]["text"].rstrip()}
    return [node for node in nodes if node["type"] != "text" or node["text"]]


# ---------------------------------------------------------------- nodes → HTML
def render_html(nodes):
    return "".join(_render_block(node) for node in nodes)


def _render_block(node):
    kind = node["type"]
    if kind == "paragraph":
        return f"<p>{_render_inline(node['children'])}</p>"
    if kind == "heading":
        return f"<h{node['level']}>{_render_inline(node['children'])}</h{node['level']}>"
    if kind == "list":
        tag = "ol" if node["ordered"] else "ul"
        items = "".join(
            f"<li>{_render_inline(item['children'])}{''.join(_render_block(sub) for sub in item['lists'])}</li>"
            for item in node["items"]
        )
        return f"<{tag}>{items}</{tag}>"
    if kind == "product":
        return _render_product(node["product"])
    return ""


def _render_product(product):
    price = f" {product['price']} {product['currency']}" if product.get("price") else ""
    return format_html(
        '<aside class="product-card" data-product-id="{}" data-shop-id="{}"><a href="{}">{}</a>{}</aside>',
        product["id"],
        product["shop_id"],
        product.get("buy_url") or "#",
        product["name"],
        price,
    )


def _render_inline(nodes):
    out = []
    for node in nodes:
        if node["type"] == "text":
            text = escape(node["text"])
            if node["italic"]:
                text = f"<em>{text}</em>"
            if node["bold"]:
                text = f"<strong>{text}</strong>"
            out.append(text)
        elif node["type"] == "line_break":
            out.append("<br>")
        elif node["type"] == "link":
            out.append(f'<a href="{escape(node["target"]["url"])}">{_render_inline(node["children"])}</a>')
        elif node["type"] == "citation":
            out.append(_render_inline(node["children"]) + superscript(node["number"]))
    return "".join(out)


def represent(root, resolver):
    """The API value of one rich text: {"html": "<p>…</p>", "nodes": [{"type": "paragraph", …}]}."""
    nodes = _Converter(resolver).blocks(root)
    return {"html": render_html(nodes), "nodes": nodes}
