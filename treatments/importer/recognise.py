"""Pattern recognisers for one line of an article: summary card, science score, ProTip, gallery link, costs, lists."""

import html as htmllib
import re
from decimal import Decimal, InvalidOperation

from ..shortcodes import find_product_shortcodes

SUMMARY_LABELS = {
    "best used": "best_used",
    "caution": "caution",
    "cautions": "caution",
    "best for": "best_for",
    "comments": "comments",
    "comment": "comments",
    "mode of action": "mode_of_action",
    "science score": "science_score",
    "science": "science_score",
}
_LABEL_RE = re.compile(r"(?:^|\|)\s*(best used|cautions?|best for|comments?|mode of action|science score)\s*:", re.I)
_PAIR_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(.*?)\s*$", re.S)

PROTIP_RE = re.compile(
    r"^(?P<name>[A-Z][\w.\- ]{0,40}?)\s*[\u2019'`\u2032]s\s+pro\s*-?\s*tips?\b"
    r"(?:\s*[:\-\u2013]?\s*(?:on|for|about)\b.*)?$",
    re.I,
)
GALLERY_RE = re.compile(r"^\W*view\s+(?:our|the|more)\b.{0,60}?\bgaller(?:y|ies)\b.{0,30}$", re.I)
LIST_MARKER_RE = re.compile(
    r"^(?:[-\u2022*\u2013\u00b7\u25aa\u25cf\u2023\u2043]|(?P<number>\d{1,2})[.)])\s+(?P<rest>.+)$"
)
LEAD_IN_RE = re.compile(r"^(?P<lead>[^:.!?<>]{2,40}):\s+(?P<rest>.+)$")
MONEY_RE = re.compile(
    r"(?P<symbol>[$\u20ac\u00a3])\s?(?P<low>\d[\d,]*(?:\.\d{1,2})?)"
    r"(?:\s*(?:to|-|\u2013|\u2014)\s*[$\u20ac\u00a3]?\s?(?P<high>\d[\d,]*(?:\.\d{1,2})?))?"
)
UNITS = "tube|bottle|jar|vial|session|course|treatment|pack|syringe|ampoule"
_AFTER_RE = re.compile(
    rf"^\s*(?:(?P<unit>{UNITS})s?\s+)?of\s+(?P<label>[A-Za-z][\w\- ]{{1,40}}?)"
    r"(?=\s+(?:to|vs|versus|and|or|in|for|at)\b|[.,;?!&(]|$)"
)
_BEFORE_RE = re.compile(
    rf"^\s*(?:(?:a|an|one|the)\s+)?(?:(?P<unit>{UNITS})s?\s+of\s+)?(?P<label>[A-Za-z][\w\- ]{{1,40}}?)"
    r"(?:\s+(?:is|are))?\s+"
    r"(?:in the range of|at|costs?|priced at|from)\s*$",
    re.I,
)
_SESSIONS_RE = re.compile(r"(\d{1,2})\s+(?:sessions?|treatments?)\s+of\s+([A-Za-z][\w\-]*)", re.I)


def summary_label_count(text):
    return len(_LABEL_RE.findall(text))


def parse_summary(text):
    """Summary fields from 'Best used: … | Caution: … | Science Score: **'; unknown labels come back apart."""
    fields, unknown = {}, []
    for piece in text.split("|"):
        if not piece.strip():
            continue
        match = _PAIR_RE.match(piece)
        field = SUMMARY_LABELS.get(" ".join(match.group(1).lower().split())) if match else None
        if field is None:
            unknown.append(piece.strip())
        else:
            fields[field] = match.group(2).strip()
    return fields, unknown


def parse_score(raw):
    """A science score 0-5 from asterisks, stars, 'n/5' or digits, and a note when it had to be guessed or clamped."""
    value = (raw or "").strip().strip("|").strip()
    if not value:
        return 0, "the science score is empty; set to 0"
    compact = value.replace(" ", "")
    if re.fullmatch(r"[*\u2605\u2606\u2729\u272a\u272d\u2b50\u00bd]+", compact):
        filled = sum(compact.count(star) for star in "*\u2605\u2729\u272a\u272d\u2b50")
        return _clamp(filled + (1 if "\u00bd" in compact else 0), value, rounded="\u00bd" in compact)
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)(?:(?:/|outof)(\d+))?", compact.lower())
    if not match:
        return 0, f"science score {value!r} not recognised; set to 0"
    number = Decimal(match.group(1).replace(",", "."))
    scale = int(match.group(2) or 5)
    if scale == 0:
        return 0, f"science score {value!r} not recognised; set to 0"
    scaled = number * 5 / scale
    return _clamp(int(scaled.to_integral_value()), value, rounded=scaled != scaled.to_integral_value() or scale != 5)


def _clamp(score, raw, rounded=False):
    if score > 5 or score < 0:
        return max(0, min(5, score)), f"science score {raw!r} is outside 0-5; clamped to {max(0, min(5, score))}"
    if rounded:
        return score, f"science score {raw!r} rounded to {score} out of 5"
    return score, ""


def protip_name(text):
    """The clinician's name in "Davin's ProTip on …", or None."""
    if len(text) > 160:
        return None
    match = PROTIP_RE.match(text.strip())
    return match.group("name").strip() if match else None


def is_gallery_link(text):
    return len(text) <= 120 and bool(GALLERY_RE.match(text.strip()))


def standalone_shop_ids(text):
    """Shop ids when a line is nothing but product shortcodes; None when the shortcode sits inside a sentence."""
    shortcodes = find_product_shortcodes(text)
    if not shortcodes:
        return None
    rest, position = [], 0
    for shortcode in shortcodes:
        rest.append(text[position : shortcode.start])
        position = shortcode.end
    rest.append(text[position:])
    if re.sub(r"[\s\u00a0\]\[.,;:]+", "", "".join(rest)):
        return None
    return [shop_id for shortcode in shortcodes for shop_id in shortcode.shop_ids]


def list_item(text):
    """(item text, ordered) when a line starts with a list marker, else None."""
    match = LIST_MARKER_RE.match(text.strip())
    if not match:
        return None
    return match.group("rest"), match.group("number") is not None


def pipe_cells(text):
    """Cells of a pipe-table row, or None when the line is not one (fewer than two pipes)."""
    if text.count("|") < 2:
        return None
    cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
    return cells


def is_separator_row(cells):
    return all(re.fullmatch(r":?-{2,}:?", cell.replace(" ", "")) for cell in cells if cell) and any(cells)


def plain_text(html):
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def has_money(text):
    return bool(MONEY_RE.search(text))


def parse_costs(text):
    """Cost options from text like "a $70 tube of X … a bottle of Y in the range of $600 to $800 … 3 sessions of Y".

    Returns a list of options (label, unit, price_from, price_to, sessions) when at least two priced, named
    options are found; amounts without a name (usually totals) are left to the text.
    """
    options = []
    for match in MONEY_RE.finditer(text):
        label, unit = _label_for(text, match)
        if not label or any(option["label"].lower() == label.lower() for option in options):
            continue
        low, high = _decimal(match.group("low")), _decimal(match.group("high"))
        if low is None:
            continue
        options.append({"label": label, "unit": unit, "price_from": low, "price_to": high, "sessions": 1})
    if len(options) < 2:
        return []
    for count, word in _SESSIONS_RE.findall(text):
        for option in options:
            if word.lower().rstrip("s") in option["label"].lower():
                option["sessions"] = int(count)
    return options


def _label_for(text, match):
    after = _AFTER_RE.match(text[match.end() :])
    if after:
        return after.group("label").strip(), after.group("unit") or ""
    before_text = text[: match.start()]
    clause = re.split(r"[,;?.!(]|\bto\b|\bvs\b|\bversus\b|\band\b", before_text)[-1]
    before = _BEFORE_RE.match(clause)
    if before:
        return before.group("label").strip(), before.group("unit") or ""
    return "", ""


def _decimal(raw):
    if not raw:
        return None
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


def parse_alternative(text):
    """A budget alternative from "Sun damage: one Fraxel HD, cost? $1490, much better results.", or None.

    Needs a concern (the lead-in), a treatment, a price and a verdict; anything less stays plain text.
    """
    match = re.match(r"^\s*(?P<concern>[^:$]{2,60}):\s*(?P<rest>.+)$", text)
    if not match:
        return None
    segments = [segment.strip() for segment in re.split(r",\s*", match.group("rest")) if segment.strip()]
    priced = next((index for index, segment in enumerate(segments) if MONEY_RE.search(segment)), None)
    if priced is None:
        return None
    price = MONEY_RE.search(segments[priced])
    before_price = segments[priced][: price.start()]
    before_price = re.sub(r"\b(?:cost|costs|from|at|for)\W*$", "", before_price, flags=re.I).strip(" ?:-")
    treatment = before_price if before_price else ", ".join(segments[:priced])
    treatment = re.sub(r"^(?:one|a|an)\s+", "", treatment, flags=re.I).strip(" .")
    verdict = ", ".join(segments[priced + 1 :]).strip(" .")
    if not treatment or not verdict or len(treatment) > 120 or len(verdict) > 200:
        return None
    return {
        "concern": match.group("concern").strip()[:120],
        "treatment_name": treatment,
        "price_from": _decimal(price.group("low")),
        "price_to": _decimal(price.group("high")),
        "verdict": verdict[:1].upper() + verdict[1:],
    }


def money_currency(text, default):
    match = MONEY_RE.search(text)
    symbol = match.group("symbol") if match else "$"
    return {"\u20ac": "EUR", "\u00a3": "GBP"}.get(symbol, default)
