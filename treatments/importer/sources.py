"""Reads WordPress WXR exports, HTML files and text files into raw articles, refusing bad files clearly."""

import codecs
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError  # only the exception: parsing goes through defusedxml

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.text import slugify

from .elementor import ElementorPage

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # an upload through the admin
DISK_MAX_BYTES = 100 * 1024 * 1024  # a file on disk (the command): WXR exports are streamed, never held whole
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

    key: str  # "wp:<site>:<post id>" for WordPress exports, "file:<path>" for files: re-imports update the same page
    source_name: str  # the file name, as shown in reports
    title: str
    slug: str
    url: str  # the original permalink, so links between imported articles can become page links
    content: str
    is_html: bool
    excerpt: str = ""
    position: str = ""  # where in the source, e.g. "item 3"
    legacy_key: str = ""  # the GUID-only key pages imported before site + post id keys were recorded under
    meta: dict = field(default_factory=dict)  # the item's postmeta (e.g. Elementor's data)
    attachments: dict = field(default_factory=dict, repr=False)  # the export's attachments by post id
    media_fingerprint: str = ""  # what the media folder held for this article's images, when one is given
    notes: list = field(default_factory=list)  # (kind, message, text) found while reading, for the report


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
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if size and is_wxr(name, head) and not looks_binary(head):
        check_wxr_head(name, head.decode("utf-8", errors="replace"))
        return read_wxr_file(name, path)
    return read_source(name, path.read_bytes(), key=f"file:{path.resolve()}", max_bytes=max_bytes, encoding=encoding)


def is_wxr(name, head_bytes):
    head = head_bytes.decode("utf-8", errors="replace")
    return WXR_MARKER in head or name.lower().endswith(".xml") or head.lstrip().startswith("<?xml")


def check_wxr_head(name, head):
    if WXR_MARKER not in head and "<rss" not in head:
        raise SourceError(name, "is XML but not a WordPress export (WXR): no <rss> with the WordPress namespace.")


def check_size(name, size, max_bytes):
    if max_bytes and size > max_bytes:
        raise SourceError(name, f"is too large ({size:,} bytes; the limit is {max_bytes:,}). Split the export.")


def read_source(name, data, *, key, max_bytes=DEFAULT_MAX_BYTES, encoding=None):
    """Turn the bytes of one source into raw articles: a WXR export gives many, a file gives one."""
    check_size(name, len(data), max_bytes)
    if looks_binary(data):
        raise SourceError(name, "looks like a binary file, not text, HTML or a WordPress export (WXR).")
    if not data.strip():
        raise SourceError(name, "is empty: there is nothing to import.")
    head = data[:4096].decode("utf-8", errors="replace")
    if is_wxr(name, data[:4096]):
        check_wxr_head(name, head)
        return read_wxr(name, data)
    text = decode_text(name, data, encoding)
    if not re.sub(r"<[^>]*>|&nbsp;|\s", "", text):
        raise SourceError(name, "has no text (only markup or white space): there is nothing to import.")
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
            slug=slugify(stem, allow_unicode=True),
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
    """The first <h1> whole, else the <title> without the " | Site name" WordPress themes append.

    Dashes are kept: "Botox \u2013 anti-wrinkle injections" is one title, not a title and a site name.
    """
    for pattern in (r"<h1[^>]*>(.*?)</h1>", r"<title[^>]*>(.*?)</title>"):
        match = re.search(pattern, text, re.I | re.S)
        if match:
            plain = clean_text(match.group(1))
            if pattern.startswith("<title"):
                plain = re.split(r"\s+\|\s+", plain)[0]
            return plain[:255]
    return ""


# ---------------------------------------------------------------- WordPress exports
# Bytes XML 1.0 forbids. They never occur inside a UTF-8 multi-byte sequence, so removing them byte-wise is safe.
ILLEGAL_XML_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
ITEM_OPEN = re.compile(rb"<item[\s>]")
ITEM_CLOSE = b"</item>"
RSS_OPEN = re.compile(rb"<rss\b[^>]*>", re.S)


class WxrArticles(list):
    """The articles of one export, with what recovery had to say: items that could not be read, bytes removed."""

    def __init__(self, articles=(), *, broken=(), warnings=(), attachments=None):
        super().__init__(articles)
        self.broken = list(broken)  # (position, message) of items that could not be read
        self.warnings = list(warnings)  # file-level notes, e.g. control characters removed
        self.attachments = attachments if attachments is not None else {}


def local(tag):
    """An element's name without its namespace: WXR versions 1.0 to 1.2 use different namespace URIs."""
    return tag.rsplit("}", 1)[-1]


def child_text(element, name, prefix=None):
    for child in element:
        tag = child.tag
        if local(tag) == name and (prefix is None or prefix in tag):
            return (child.text or "").strip() if name != "encoded" else (child.text or "")
    return ""


def item_meta(item):
    """An item's <wp:postmeta> as a dict (attachment file, alt text, Elementor data)."""
    meta = {}
    for child in item:
        if local(child.tag) == "postmeta":
            meta[child_text(child, "meta_key")] = child_text(child, "meta_value")
    return meta


class _CleanStream:
    """Reads a byte stream for the XML parser, dropping forbidden control bytes and noting the lines they were on."""

    def __init__(self, raw, name, check_utf8=False):
        self.raw = raw
        self.name = name
        self.line = 1
        self.removed_lines = []
        self.decoder = codecs.getincrementaldecoder("utf-8")() if check_utf8 else None

    def read(self, size=-1):
        chunk = self.raw.read(size)
        if self.decoder is not None:
            try:
                self.decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line = self.line + chunk.count(b"\n", 0, max(exc.start, 0))
                raise SourceError(
                    self.name,
                    f"is not UTF-8 although the export says it is (byte 0x{chunk[exc.start]:02x} on line {line}).",
                ) from exc
        if ILLEGAL_XML_BYTES.search(chunk):
            for match in ILLEGAL_XML_BYTES.finditer(chunk):
                self.removed_lines.append(self.line + chunk.count(b"\n", 0, match.start()))
            self.line += chunk.count(b"\n")
            return ILLEGAL_XML_BYTES.sub(b"", chunk)
        self.line += chunk.count(b"\n")
        return chunk


def removed_note(lines):
    shown = ", ".join(str(line) for line in sorted(set(lines))[:10])
    return f"{len(lines)} control character(s) removed (line {shown}); they cannot appear in XML or on a page."


def check_declared_utf8(name, head_bytes, stream_bytes):
    try:
        head = head_bytes[:200].decode("ascii", errors="replace").lower()
        if "encoding=" not in head or "utf-8" in head:
            stream_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            name, f"is not UTF-8 although the export says it is ({describe_decode_error(stream_bytes, exc)})."
        ) from exc


def read_wxr(name, data):
    """Posts and pages of a WXR export, streamed; a damaged export is recovered item by item (see `recover_wxr`)."""
    import io

    check_declared_utf8(name, data, data)
    return read_wxr_stream(name, io.BytesIO(data), lambda: data)


def read_wxr_file(name, path):
    """A WXR export on disk, parsed as a stream so a 100 MB export never sits in memory as a tree."""
    with open(path, "rb") as handle:
        head = handle.read(200)
        if "encoding=" in head.decode("ascii", errors="replace").lower() and b"utf-8" not in head.lower():
            handle.seek(0)
            return read_wxr(name, handle.read())  # a legacy encoding: the parser decodes it from the declaration
        handle.seek(0)
        return read_wxr_stream(name, handle, lambda: Path(path).read_bytes(), check_utf8=True)


def read_wxr_stream(name, raw, read_all, check_utf8=False):
    stream = _CleanStream(raw, name, check_utf8)
    parsed = WxrArticles()
    site = ""
    number = 0
    saw_channel = False
    try:
        events = SafeET.iterparse(stream, events=("start", "end"))
        depth = 0
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1 and local(element.tag) != "rss":
                    raise SourceError(name, "is XML but not a WordPress export (WXR): no <rss><channel>.")
                saw_channel = saw_channel or (depth == 2 and local(element.tag) == "channel")
                continue
            depth -= 1
            tag = local(element.tag)
            if depth == 2 and tag in ("base_site_url", "base_blog_url", "link") and not site:
                site = (element.text or "").strip()
            if tag == "item" and depth == 2:
                number += 1
                collect(name, element, number, site, parsed)
                element.clear()
        if not saw_channel:
            raise SourceError(name, "is XML but not a WordPress export (WXR): no <rss><channel>.")
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = re.sub(r":? line \d+, column \d+$", "", str(exc))
        return recover_wxr(name, read_all(), (f"line {line}, column {column}", reason))
    except DefusedXmlException as exc:
        raise SourceError(name, f"is refused: it uses XML features that are unsafe to parse ({exc}).") from exc
    if stream.removed_lines:
        parsed.warnings.append(removed_note(stream.removed_lines))
    return finish(parsed)


def collect(name, item, number, site, parsed):
    """Add one <item> to the export's articles (posts and pages) or attachments (images)."""
    if (child_text(item, "post_type") or "post") == "attachment":
        post_id = child_text(item, "post_id")
        meta = item_meta(item)
        parsed.attachments[post_id] = {
            "url": child_text(item, "attachment_url") or child_text(item, "guid"),
            "file": meta.get("_wp_attached_file", ""),
            "alt": clean_text(meta.get("_wp_attachment_image_alt", "")),
            "caption": clean_text(child_text(item, "encoded", prefix="excerpt")),
            "title": clean_text(child_text(item, "title")),
        }
        return
    article = wxr_article(name, item, number, site)
    if article is not None:
        article.attachments = parsed.attachments
        parsed.append(article)


def finish(parsed):
    for article in parsed:
        article.attachments = parsed.attachments
    return parsed


def recover_wxr(name, data, problem):
    """Recover mode: every <item> that is well-formed on its own is read; the others are named with their line."""
    if ILLEGAL_XML_BYTES.search(data):
        lines = [data.count(b"\n", 0, match.start()) + 1 for match in ILLEGAL_XML_BYTES.finditer(data)]
        warnings = [removed_note(lines)]
        data = ILLEGAL_XML_BYTES.sub(b"", data)
    else:
        warnings = []
    opening = RSS_OPEN.search(data)
    starts = [match.start() for match in ITEM_OPEN.finditer(data)]
    where, reason = problem
    if opening is None or not starts:
        raise SourceError(name, f"is malformed XML ({where}): {reason}.")
    site = site_of(data[: starts[0]])
    wrap_open, wrap_close = opening.group(0) + b"<channel>", b"</channel></rss>"
    parsed = WxrArticles(warnings=warnings)
    line, previous = 1, 0
    for number, start in enumerate(starts, start=1):
        line += data.count(b"\n", previous, start)
        previous = start
        following = starts[number] if number < len(starts) else len(data)
        end = data.find(ITEM_CLOSE, start, following)
        chunk = data[start : end + len(ITEM_CLOSE)] if end != -1 else data[start:following]
        try:
            item = SafeET.fromstring(wrap_open + chunk + wrap_close).find("channel")[0]
        except (ParseError, IndexError) as exc:
            title = re.search(rb"<title>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</title>", chunk, re.S)
            label = f" ({clean_text(title.group(1).decode('utf-8', 'replace'))!r})" if title else ""
            reason = "not closed (the export is cut off)" if end == -1 else re.sub(r":? line \d+.*$", "", str(exc))
            parsed.broken.append((f"item {number}", f"could not be read (line {line}){label}: {reason}"))
            continue
        except DefusedXmlException as exc:
            raise SourceError(name, f"is refused: it uses XML features that are unsafe to parse ({exc}).") from exc
        collect(name, item, number, site, parsed)
    if not parsed:
        broken = "; ".join(f"{where} {message}" for where, message in parsed.broken)
        raise SourceError(name, f"is malformed XML ({where}): {reason}. {broken}".strip())
    parsed.warnings.append(
        f"is damaged XML ({where}: {reason}); recover mode read {len(parsed)} well-formed item(s), "
        f"{len(parsed.broken)} could not be read and are named in the report."
    )
    return finish(parsed)


def site_of(channel_head):
    for tag in (rb"wp:base_site_url", rb"wp:base_blog_url", rb"link"):
        match = re.search(rb"<" + tag + rb">\s*(.*?)\s*</" + tag + rb">", channel_head, re.S)
        if match:
            return match.group(1).decode("utf-8", "replace").strip()
    return ""


def clean_text(value):
    """Plain text from a WordPress title or excerpt: tags removed, entities (even double-escaped ones) decoded."""
    text = value or ""
    for _ in range(2):  # "&amp;pound;" is how some exports escape "&pound;"
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def wordpress_slug(value):
    """A WordPress post_name is percent-encoded UTF-8 ("%c3%a9pilation"); Wagtail takes the unicode slug."""
    return slugify(unquote(value or ""), allow_unicode=True)


def site_key(site):
    parts = urlsplit(site.strip()) if site else None
    if not parts or not parts.netloc:
        return site.strip().rstrip("/")
    return (parts.netloc + parts.path).lower().rstrip("/")


def wxr_article(name, item, number, site=""):
    post_type = child_text(item, "post_type") or "post"
    status = child_text(item, "status")
    if post_type not in IMPORTED_POST_TYPES or status in SKIPPED_STATUSES:
        return None
    guid = child_text(item, "guid")
    post_id = child_text(item, "post_id")
    # a GUID is not unique in real exports (copied posts, staging sites); the site's post id is
    fallback = guid or post_id or f"{name}#{number}"
    key = f"wp:{site_key(site)}:{post_id}" if post_id and site else f"wp:{fallback}"
    title = clean_text(child_text(item, "title"))
    content = child_text(item, "encoded", prefix="content")
    excerpt = clean_text(child_text(item, "encoded", prefix="excerpt"))
    slug = wordpress_slug(child_text(item, "post_name")) or slugify(title, allow_unicode=True)
    meta = item_meta(item) if "elementor" in content or not content.strip() else {}
    built, notes = ElementorPage.from_meta(meta)
    if built is not None:
        # Elementor's data is the page as its editor built it; the post content is only a copy for old themes
        content = built
        notes.insert(0, ("summary", "built with Elementor: its widgets were read from the Elementor data", ""))
    return RawArticle(
        key=key,
        source_name=name,
        title=title or f"Untitled article {number}",
        slug=slug[:255],
        url=child_text(item, "link"),
        content=content,
        is_html=True,
        excerpt=excerpt,
        position=f"item {number}",
        legacy_key=f"wp:{guid}" if guid else "",
        meta=meta,
        notes=notes,
    )
