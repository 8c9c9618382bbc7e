"""What an import did, per file and per article, as data, JSON or Markdown."""

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ArticleResult:
    """One article's outcome: the page it became, its blocks, and what an editor should review."""

    key: str
    source_name: str
    position: str = ""
    title: str = ""
    action: str = ""  # create | update
    page_id: int | None = None
    blocks: list = field(default_factory=list)
    structure: dict = field(default_factory=dict)  # block kind -> count, answers' blocks as "faq>kind"
    notes: list = field(default_factory=list)
    created: list = field(default_factory=list)  # clinicians and placeholder products made for it
    error: str = ""
    forward_links: bool = False
    links_to_chunk: bool = False  # links to pages written with its own chunk (their ids are filled in then)

    @property
    def ok(self):
        return not self.error

    def fail(self, message):
        self.error = message
        self.page_id = None
        self.blocks, self.created = [], []

    def as_dict(self, edit_url=None):
        return {
            "source": self.source_name,
            "position": self.position,
            "key": self.key,
            "title": self.title,
            "action": self.action if self.ok else "failed",
            "page_id": self.page_id,
            "edit_url": edit_url(self.page_id) if edit_url and self.page_id else None,
            "blocks": self.blocks,
            "structure": self.structure,
            "created": self.created,
            "notes": self.notes,
            "error": self.error,
        }


@dataclass
class BatchReport:
    """Everything one run did; `failed` is true when any file or article could not be imported."""

    dry_run: bool = False
    parent_title: str = ""
    files_read: int = 0
    file_errors: list = field(default_factory=list)
    file_notes: list = field(default_factory=list)  # a file read with repairs: control characters, damaged items
    articles: list = field(default_factory=list)
    seconds: float = 0.0

    def add_file_error(self, name, message):
        self.file_errors.append({"file": name, "error": message})

    def add_file_note(self, name, message):
        self.file_notes.append({"file": name, "note": message})

    @property
    def failed_articles(self):
        return [article for article in self.articles if not article.ok]

    @property
    def failed(self):
        return bool(self.file_errors or self.failed_articles)

    def counts(self):
        done = [article for article in self.articles if article.ok]
        return {
            "created": sum(1 for article in done if article.action == "create"),
            "updated": sum(1 for article in done if article.action == "update"),
            "unchanged": sum(1 for article in done if article.action == "unchanged"),
            "failed_articles": len(self.failed_articles),
            "failed_files": len(self.file_errors),
            "notes": sum(len(article.notes) for article in done),
        }

    def as_dict(self, edit_url=None):
        return {
            "dry_run": self.dry_run,
            "parent": self.parent_title,
            "counts": self.counts(),
            "seconds": round(self.seconds, 3),
            "file_errors": self.file_errors,
            "file_notes": self.file_notes,
            "articles": [article.as_dict(edit_url) for article in self.articles],
        }

    def summary_line(self):
        counts = self.counts()
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb} {counts['created'] + counts['updated']} article(s) as drafts "
            f"({counts['created']} new, {counts['updated']} updated, {counts['unchanged']} unchanged) "
            f"under {self.parent_title!r}; "
            f"{counts['failed_files']} file(s) and {counts['failed_articles']} article(s) failed; "
            f"{counts['notes']} note(s) to review. {self.seconds:.2f}s."
        )


def to_json(report, edit_url=None):
    return json.dumps(report.as_dict(edit_url), indent=2, ensure_ascii=False)


def to_markdown(report, edit_url=None):
    data = report.as_dict(edit_url)
    lines = ["# Article import report", "", report.summary_line(), ""]
    if data["dry_run"]:
        lines += ["Dry run: nothing was saved.", ""]
    if data["file_errors"]:
        lines += ["## Files that could not be imported", ""]
        lines += [f"- `{error['file']}`: {error['error']}" for error in data["file_errors"]]
        lines.append("")
    if data["file_notes"]:
        lines += ["## Files read with repairs", ""]
        lines += [f"- `{note['file']}`: {note['note']}" for note in data["file_notes"]]
        lines.append("")
    for article in data["articles"]:
        lines += _article_markdown(article)
    return "\n".join(lines).rstrip() + "\n"


def _article_markdown(article):
    heading = f"## {article['title'] or article['key']} ({article['action']})"
    where = f"{article['source']} {article['position']}".strip()
    lines = [heading, "", f"- Source: `{where}`"]
    if article["error"]:
        return [*lines, f"- **Error:** {article['error']}", ""]
    if article["edit_url"]:
        lines.append(f"- Edit: {article['edit_url']}")
    lines.append(f"- Blocks: {', '.join(article['blocks']) or 'none'}")
    if article["structure"]:
        lines.append("- Became: " + ", ".join(f"{count} \u00d7 {kind}" for kind, count in article["structure"].items()))
    for record in article["created"]:
        lines.append(f"- Created {record['kind']} **{record['name']}**: {record['flag']}")
    if article["notes"]:
        lines += ["", "| where | kind | note | text |", "|---|---|---|---|"]
        for note in article["notes"]:
            text = note["text"].replace("|", "\\|").replace("\n", " ")[:120]
            lines.append(f"| {note['position']} | {note['kind']} | {note['message']} | {text} |")
    return [*lines, ""]


def write_report(report, path, edit_url=None):
    """Write JSON for a .json path, Markdown for .md (the extension decides)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(to_json(report, edit_url), encoding="utf-8")
    elif suffix in (".md", ".markdown"):
        path.write_text(to_markdown(report, edit_url), encoding="utf-8")
    else:
        raise ValueError(f"--report {path}: use a .json or .md file name.")
