"""Reads RIS and BibTeX files (as PubMed and reference managers export them) into References.

Each entry is checked and saved on its own: a bad entry is reported with its line and skipped, the rest are
imported. An entry matching an existing reference (same DOI, else same PMID, else same title and year) updates
it instead of adding a copy, so importing the same file twice changes nothing.
"""

import re
from dataclasses import dataclass, field

import bibtexparser
import rispy
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Reference, StudyType, normalise_doi, normalise_pmid

BIBLIOGRAPHIC = ("title", "authors", "year", "journal", "doi", "pmid", "url")
RIS_START = re.compile(r"^TY  -")
RIS_END = re.compile(r"^ER  -")
PMID_IN_TEXT = re.compile(r"PMID:?\s*(\d{1,9})", re.IGNORECASE)

# Words in a title that say what kind of study it is: a first guess an editor confirms.
STUDY_TYPE_HINTS = (
    (re.compile(r"systematic review|meta-analy", re.IGNORECASE), StudyType.SYSTEMATIC_REVIEW),
    (re.compile(r"randomi[sz]ed|controlled trial|split-face", re.IGNORECASE), StudyType.RANDOMISED_TRIAL),
    (re.compile(r"guideline|consensus", re.IGNORECASE), StudyType.GUIDELINE),
    (re.compile(r"cohort|case-control|retrospective", re.IGNORECASE), StudyType.COHORT),
    (re.compile(r"case series|case report", re.IGNORECASE), StudyType.CASE_SERIES),
    (
        re.compile(r"\bin vitro\b|\bmice\b|\bmouse\b|\brats?\b|animal model|fibroblast", re.IGNORECASE),
        StudyType.LABORATORY,
    ),
)


@dataclass
class Entry:
    line: int
    fields: dict


@dataclass
class Problem:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def summary(self):
        skipped = len(self.problems)
        return (
            f"{len(self.created)} added, {len(self.updated)} updated, {len(self.unchanged)} already up to date, "
            f"{skipped} skipped"
        )


# ---------------------------------------------------------------- reading the formats
def vancouver_name(name):
    """'Lim, Davin M.' → 'Lim DM'; a name without a comma is kept as written."""
    name = re.sub(r"[{}]", "", name or "").strip()
    if "," not in name:
        return name
    family, given = (part.strip() for part in name.split(",", 1))
    initials = "".join(word[0] for word in re.split(r"[\s.\-]+", given) if word)
    return f"{family} {initials.upper()}".strip()


def _year(value):
    found = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(value or ""))
    return int(found.group(1)) if found else None


def guess_study_type(title):
    for pattern, study_type in STUDY_TYPE_HINTS:
        if pattern.search(title or ""):
            return study_type.value
    return ""


def _first(record, *keys):
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value).strip()
    return ""


def _from_ris(record):
    urls = record.get("urls") or []
    doi = _first(record, "doi") or next((url for url in urls if "doi.org/" in url), "")
    notes = " ".join(str(part) for key in ("notes", "note", "custom2", "research_notes") for part in _list(record, key))
    accession = _first(record, "accession_number")
    pmid = accession if accession.isdigit() else ""
    if not pmid and (found := PMID_IN_TEXT.search(notes)):
        pmid = found.group(1)
    authors = record.get("authors") or record.get("first_authors") or []
    return {
        "title": _first(record, "title", "primary_title", "short_title"),
        "authors": ", ".join(vancouver_name(name) for name in authors),
        "year": _year(_first(record, "year", "publication_year", "date")),
        "journal": _first(
            record, "journal_name", "secondary_title", "alternate_title3", "alternate_title1", "publisher"
        ),
        "doi": doi,
        "pmid": pmid,
        "url": next((url for url in urls if "doi.org/" not in url), ""),
    }


def _list(record, key):
    value = record.get(key)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def read_ris(text):
    """(entries, problems): one entry per TY … ER record, numbered by the line its TY tag is on."""
    entries, problems, chunk, start = [], [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if RIS_START.match(line):
            if start is not None:
                problems.append(Problem(start, "this record has no end (an 'ER  -' line) before the next one"))
            chunk, start = [line], number
        elif start is None:
            if line.strip():
                problems.append(Problem(number, "text outside a record; a record starts with a 'TY  -' line"))
        else:
            chunk.append(line)
            if RIS_END.match(line):
                _read_ris_record(chunk, start, entries, problems)
                chunk, start = [], None
    if start is not None:
        problems.append(Problem(start, "this record has no end: add an 'ER  -' line after it"))
    return entries, problems


def _read_ris_record(lines, start, entries, problems):
    # Editors and some exporters drop the space after a bare "ER  -"; rispy needs it.
    lines = ["ER  - " if RIS_END.match(line) else line for line in lines]
    try:
        records = rispy.loads("\n".join(lines) + "\n")
    except Exception as error:  # rispy raises plain exceptions on malformed records
        problems.append(Problem(start, f"this record could not be read ({error})"))
        return
    for record in records:
        entries.append(Entry(start, _from_ris(record)))


def _bib(value):
    return re.sub(r"\s+", " ", re.sub(r"[{}]", "", value or "")).strip()


def read_bibtex(text):
    """(entries, problems): one entry per @type{…} block, numbered by the line it starts on."""
    library = bibtexparser.parse_string(text)
    problems = [Problem(block.start_line + 1, _bibtex_error(block)) for block in library.failed_blocks]
    entries = []
    for entry in library.entries:
        values = {key.lower(): _bib(item.value) for key, item in entry.fields_dict.items()}
        authors = [vancouver_name(name) for name in re.split(r"\s+and\s+", values.get("author", "")) if name]
        entries.append(
            Entry(
                entry.start_line + 1,
                {
                    "title": values.get("title", ""),
                    "authors": ", ".join(authors),
                    "year": _year(values.get("year") or values.get("date")),
                    "journal": values.get("journal") or values.get("booktitle") or values.get("publisher", ""),
                    "doi": values.get("doi", ""),
                    "pmid": values.get("pmid", ""),
                    "url": values.get("url", ""),
                },
            )
        )
    return entries, problems


def _bibtex_error(block):
    error = getattr(block, "error", None)
    reason = (getattr(error, "abort_reason", "") or str(error or "")).strip()
    return f"this entry could not be read: {reason or 'check its braces, quotes and commas'}"


def read(name, text):
    """Entries and problems of a file, its format told by its extension (.ris, .bib) or, failing that, its text."""
    lower = (name or "").lower()
    if lower.endswith(".ris") or (not lower.endswith((".bib", ".bibtex")) and RIS_START.search(text or "")):
        return read_ris(text)
    if lower.endswith((".bib", ".bibtex")) or "@" in (text or ""):
        return read_bibtex(text)
    return [], [Problem(0, "this is neither an RIS file (records start with 'TY  -') nor BibTeX (@article{…})")]


# ---------------------------------------------------------------- saving
def find_existing(fields):
    doi, pmid = normalise_doi(fields.get("doi")), normalise_pmid(fields.get("pmid"))
    if doi:
        found = Reference.objects.filter(doi=doi).first()
        if found:
            return found
    if pmid:
        found = Reference.objects.filter(pmid=pmid).first()
        if found:
            return found
    if fields.get("title"):
        return Reference.objects.filter(title__iexact=fields["title"], year=fields.get("year")).first()
    return None


def _label(fields):
    title = fields.get("title") or "untitled"
    return f"“{title[:60]}{'…' if len(title) > 60 else ''}”"


def save_entry(entry):
    """('created' | 'updated' | 'unchanged', reference), or raises ValidationError with plain messages."""
    fields = entry.fields
    if not fields.get("title"):
        raise ValidationError("it has no title (TI in RIS, title in BibTeX)")
    reference = find_existing(fields)
    outcome = "updated"
    if reference is None:
        reference, outcome = Reference(study_type=guess_study_type(fields["title"])), "created"
    before = {name: getattr(reference, name) for name in BIBLIOGRAPHIC}
    for name in BIBLIOGRAPHIC:
        if fields.get(name) not in (None, ""):
            setattr(reference, name, fields[name])
    reference.full_clean()
    if outcome == "updated" and before == {name: getattr(reference, name) for name in BIBLIOGRAPHIC}:
        return "unchanged", reference
    reference.save()
    return outcome, reference


def _messages(error):
    if hasattr(error, "message_dict"):
        names = {"doi": "DOI", "pmid": "PMID", "url": "URL", "__all__": ""}
        return "; ".join(
            f"{names.get(name, name)}: {' '.join(messages)}".lstrip(": ")
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def import_text(name, text):
    """Import every good entry of one file; returns an ImportReport listing what was skipped and why."""
    report = ImportReport()
    entries, report.problems = read(name, text)
    for entry in entries:
        try:
            with transaction.atomic():
                outcome, reference = save_entry(entry)
        except ValidationError as error:
            report.problems.append(Problem(entry.line, f"{_label(entry.fields)} skipped: {_messages(error)}"))
            continue
        getattr(report, outcome).append(reference)
    report.problems.sort(key=lambda problem: problem.line)
    return report
