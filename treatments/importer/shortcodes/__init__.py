"""WordPress shortcodes: a registry of handlers, one small module each, turning `[tag …]…[/tag]` into HTML the
element walker recognises (figures, galleries, embeds, booking calls to action, product lists, accordions).

An unknown shortcode never reaches a visitor: its brackets are removed (an enclosing one keeps its content),
and it is listed for the editor in the import report.
"""

import html as htmllib
import re
from dataclasses import dataclass, field

# "[tag attrs]" or "[/tag]"; attributes may hold quoted "]" characters
TOKEN_RE = re.compile(
    r"\[(?P<close>/)?(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:[^\[\]\"']|\"[^\"]*\"|'[^']*')*?)(?P<self>/)?\]"
)
ATTR_RE = re.compile(
    r"([\w-]+)\s*=\s*\"([^\"]*)\"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'\"]+)|\"([^\"]*)\"|(\S+)"
)
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"  # what WordPress's texturize makes of "
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
CURLY = str.maketrans(dict.fromkeys(DOUBLE_QUOTES, '"') | dict.fromkeys(SINGLE_QUOTES, "'"))
LEFT_ALONE = {"show_products"}  # handled where product cards are made (treatments.shortcodes)

HANDLERS = {}
PREFIXES = {}


@dataclass
class Shortcode:
    name: str
    attrs: dict
    inner: str | None  # None for a self-closing shortcode
    raw: str  # the opening tag as written, for the report
    parents: tuple = ()  # names of the shortcodes it sits inside, innermost last

    def get(self, *names, default=""):
        for name in names:
            if self.attrs.get(name):
                return self.attrs[name]
        return default

    @property
    def positional(self):
        return [value for key, value in self.attrs.items() if key.startswith("_")]


@dataclass
class Expansion:
    """One body's expansion: the resulting HTML, unknown shortcodes removed, and notes for the report."""

    unknown: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    handled: dict = field(default_factory=dict)  # shortcode name -> count, for the report

    def expand(self, text, parents=()):
        return expand_text(text, self, parents)


def handles(*names, prefix=None):
    """Register a handler: `fn(shortcode, expansion) -> html`."""

    def register(function):
        for name in names:
            HANDLERS[name] = function
        if prefix:
            PREFIXES[prefix] = function
        return function

    return register


def handler_for(name):
    if name in HANDLERS:
        return HANDLERS[name]
    for prefix, function in PREFIXES.items():
        if name.startswith(prefix):
            return function
    return None


def parse_attrs(text):
    attrs, position = {}, 0
    for match in ATTR_RE.finditer(htmllib.unescape(text.translate(CURLY))):
        if match.group(1):
            attrs[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            attrs[match.group(3).lower()] = match.group(4)
        elif match.group(5):
            attrs[match.group(5).lower()] = match.group(6)
        else:
            attrs[f"_{position}"] = match.group(7) if match.group(7) is not None else match.group(8)
            position += 1
    return attrs


def find_close(text, name, start):
    """Where the matching `[/name]` starts and ends, counting nested `[name …]` of the same name; None if absent."""
    depth = 1
    for match in TOKEN_RE.finditer(text, start):
        if match.group("name").lower() != name:
            continue
        if match.group("close"):
            depth -= 1
            if depth == 0:
                return match.start(), match.end()
        elif not match.group("self"):
            depth += 1
    return None


def is_shortcode(name, attrs_text, closes):
    """A bracketed word is a shortcode when a handler knows it, it has attributes, it is closed later, or its name
    is joined by "_" or "-" as plugin tags are;
    "[sic]" or a footnote "[1]" stays text."""
    return handler_for(name) is not None or "=" in attrs_text or closes or "_" in name or "-" in name


def expand_text(text, expansion, parents=()):
    if not text or "[" not in text:
        return text or ""
    out, position = [], 0
    while True:
        match = TOKEN_RE.search(text, position)
        if match is None:
            out.append(text[position:])
            break
        name = match.group("name").lower()
        out.append(text[position : match.start()])
        if name in LEFT_ALONE:
            out.append(match.group(0))
            position = match.end()
            continue
        if match.group("close"):
            # a stray closing tag: a known one is markup to remove, anything else stays text
            out.append("" if handler_for(name) is not None else match.group(0))
            position = match.end()
            continue
        closing = None if match.group("self") else find_close(text, name, match.end())
        if not is_shortcode(name, match.group("attrs"), closing is not None):
            out.append(match.group(0))
            position = match.end()
            continue
        inner = text[match.end() : closing[0]] if closing else None
        shortcode = Shortcode(name, parse_attrs(match.group("attrs")), inner, match.group(0), parents)
        out.append(run_handler(shortcode, expansion))
        position = closing[1] if closing else match.end()
    return "".join(out)


def run_handler(shortcode, expansion):
    function = handler_for(shortcode.name)
    if function is None:
        expansion.unknown.append(shortcode.raw[:200])
        return expansion.expand(shortcode.inner, (*shortcode.parents, shortcode.name)) if shortcode.inner else ""
    expansion.handled[shortcode.name] = expansion.handled.get(shortcode.name, 0) + 1
    return function(shortcode, expansion)


def inner_html(shortcode, expansion):
    return expansion.expand(shortcode.inner or "", (*shortcode.parents, shortcode.name))


def attr(value):
    return htmllib.escape(value or "", quote=True)


def expand_shortcodes(content):
    """Expand every shortcode of one article body; returns (html, Expansion)."""
    expansion = Expansion()
    return expansion.expand(content), expansion


def strip_shortcodes(text):
    """Text (a title, an excerpt) with shortcode tags removed and enclosed text kept."""
    return " ".join(TOKEN_RE.sub(" ", text or "").split()) if "[" in (text or "") else (text or "")


# Importing the handler modules registers them.
from . import builders, caption, embeds, forms, gallery, woocommerce  # noqa: E402, F401
