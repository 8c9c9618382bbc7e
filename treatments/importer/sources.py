"""Reads WordPress WXR exports, HTML files and text files into raw articles, refusing bad files clearly."""

import html
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError  # only the exception: parsing goes through defusedxml

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.text import slugify

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
WXR_MARKER = "wordpress.org/export/"
IMPORTED_POST_TYPES = {"post", "page"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}


class SourceError(Exception):
    """A file that cannot be imported at all; the message says what is wrong and names the file."""

    def __init__(self, name, message):
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


@dataclass
class RawArticle:
    """One article as found in a source, before any recognition."""

    key: str  # "wp:<guid>" for WordPress exports, "file:<path>" for files: re-imports update the same page
    source_name: str  # the file name, as shown in reports
    title: str
    slug: str
    url: str  # the original permalink, so links between imported articles can become page links
    content: str
    is_html: bool
    excerpt: str = ""
    position: str = ""  # where in the source, e.g. "item 3"


def read_path(path, *, max_bytes=DEFAULT_MAX_BYTES, encoding=None):
    """Read one file from disk; a file over `max_bytes` is refused before it is read."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(name, f"cannot be read ({exc.strerror or exc}).") from exc
    if not path.is_file():
        raise SourceError(name, "is not a file.")
    check_size(name, size, max_bytes)
    return read_source(name, path.read_bytes(), key=f"file:{path.resolve()}", max_bytes=max_bytes, encoding=encoding)


def check_size(name, size, max_bytes):
    if max_bytes and size > max_bytes:
        raise SourceError(name, f"is too large ({size:,} bytes; the limit is {max_bytes:,}). Split the export.")


def read_source(name, data, *, key, max_bytes=DEFAULT_MAX_BYTES, encoding=None):
    """Turn the bytes of one source into raw articles: a WXR export gives many, a file gives one."""
    check_size(name, len(data), max_bytes)
    if looks_binary(data):
        raise SourceError(name, "looks like a binary file, not text, HTML or a WordPress export (WXR).")
    head = data[:4096].decode("utf-8", errors="replace")
    if WXR_MARKER in head or name.lower().endswith(".xml") or head.lstrip().startswith("<?xml"):
        if WXR_MARKER not in head and "<rss" not in head:
            raise SourceError(name, "is XML but not a WordPress export (WXR): no <rss> with the WordPress namespace.")
        return read_wxr(name, data)
    text = decode_text(name, data, encoding)
    is_html = Path(name).suffix.lower() in HTML_SUFFIXES or bool(re.search(r"<(html|body|p|h[1-6])[\s>]", head, re.I))
    title = html_title(text) if is_html else first_line(text)
    if len(title) > 120 or "|" in title or title.endswith("?"):
        title = ""  # the first line is content (a summary or a question), not a title: use the file name
    stem = Path(name).stem
    return [
        RawArticle(
            key=key,
            source_name=name,
            title=title or stem.replace("-", " ").capitalize(),
            slug=slugify(stem),
            url="",
            content=text,
            is_html=is_html,
        )
    ]


def looks_binary(data):
    """NUL bytes or many control characters in the first 8 KB: an image, a PDF, a zip."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def decode_text(name, data, encoding=None):
    """Decode as the given encoding, a BOM's, the HTML's declared charset, or UTF-8; never guess silently."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise SourceError(name, f"unknown encoding {encoding!r}.") from exc
        except UnicodeDecodeError as exc:
            raise SourceError(name, f"is not valid {encoding} ({describe_decode_error(data, exc)}).") from exc
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise SourceError(
            name,
            f"is not UTF-8 text ({describe_decode_error(data, exc)}). "
            "Save it as UTF-8, or name its encoding (command: --encoding cp1252).",
        ) from exc


def describe_decode_error(data, exc):
    line = data[: exc.start].count(b"\n") + 1
    return f"byte 0x{data[exc.start]:02x} on line {line}"


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:255]
    return ""


def html_title(text):
    """The first <h1>, else the <title> without the " | Site name" WordPress themes append."""
    for pattern in (r"<h1[^>]*>(.*?)</h1>", r"<title[^>]*>(.*?)</title>"):
        match = re.search(pattern, text, re.I | re.S)
        if match:
            plain = html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
            plain = re.split(r"\s+[|\u2013\u2014]\s+|\s+-\s+", plain)[0]
            return " ".join(plain.split())[:255]
    return ""


# ---------------------------------------------------------------- WordPress exports
def local(tag):
    """An element's name without its namespace: WXR versions 1.0 to 1.2 use different namespace URIs."""
    return tag.rsplit("}", 1)[-1]


def child_text(element, name, prefix=None):
    for child in element:
        tag = child.tag
        if local(tag) == name and (prefix is None or prefix in tag):
            return (child.text or "").strip() if name != "encoded" else (child.text or "")
    return ""


def read_wxr(name, data):
    """Posts and pages of a WXR export; attachments, menus and trashed posts are skipped."""
    try:
        head = data[:200].decode("ascii", errors="replace").lower()
        if "encoding=" not in head or "utf-8" in head:
            data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            name, f"is not UTF-8 although the export says it is ({describe_decode_error(data, exc)})."
        ) from exc
    try:
        root = SafeET.fromstring(data)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = re.sub(r":? line \d+, column \d+$", "", str(exc))
        raise SourceError(name, f"is malformed XML (line {line}, column {column}): {reason}.") from exc
    except DefusedXmlException as exc:
        raise SourceError(name, f"is refused: it uses XML features that are unsafe to parse ({exc}).") from exc
    channel = root.find("channel")
    if local(root.tag) != "rss" or channel is None:
        raise SourceError(name, "is XML but not a WordPress export (WXR): no <rss><channel>.")
    articles = []
    for number, item in enumerate(channel.iter("item"), start=1):
        article = wxr_article(name, item, number)
        if article is not None:
            articles.append(article)
    return articles


def wxr_article(name, item, number):
    post_type = child_text(item, "post_type") or "post"
    status = child_text(item, "status")
    if post_type not in IMPORTED_POST_TYPES or status in SKIPPED_STATUSES:
        return None
    guid = child_text(item, "guid") or child_text(item, "post_id") or f"{name}#{number}"
    title = child_text(item, "title")
    content = child_text(item, "encoded", prefix="content")
    excerpt = child_text(item, "encoded", prefix="excerpt")
    slug = child_text(item, "post_name") or slugify(title)
    return RawArticle(
        key=f"wp:{guid}",
        source_name=name,
        title=title or f"Untitled article {number}",
        slug=slug[:255],
        url=child_text(item, "link"),
        content=content,
        is_html=True,
        excerpt=re.sub(r"<[^>]+>", "", excerpt).strip(),
        position=f"item {number}",
    )
