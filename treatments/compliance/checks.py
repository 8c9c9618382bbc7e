"""The kinds of check a rule can use, and running a site's rules over a Document into findings.

Kinds (a rule's `kind`, with the parameters it reads from the rule's table):

- `phrases`: `terms` (words or phrases, matched whole, any case, hyphen or space alike) and/or `terms_list` (a
  list of the pack's `[lists]`) and/or `patterns` (regular expressions); `unless_nearby`: words that excuse a match
  in the same passage. One finding per distinct matched wording.
- `before_after`: before/after pictures lacking any of `disclaimers` in the text beside them; with `only_if_list`,
  any before/after picture on a page whose text names a term of that list.
- `missing_fields`: `fields` the page type has but left empty (only pages whose type has all of them).
- `practitioner_registration`: a practitioner chosen on the page whose registration number is empty.
- `prices`: prices (typed, or matching `patterns` in text) with none of `includes_words` beside them.
"""

import re
from dataclasses import dataclass, field

SEPARATOR = r"[\s\-\u2010\u2011\u2013]+"  # spaces, hyphens and en dashes alike


@dataclass
class Finding:
    """One rule broken by one wording (or one missing thing), at one or more places on the page."""

    rule: object
    subject: str
    matched: list = field(default_factory=list)
    where: list = field(default_factory=list)
    waiver: object = None

    @property
    def rule_id(self):
        return self.rule.id

    @property
    def blocks(self):
        return self.rule.blocks and self.waiver is None

    @property
    def key(self):
        return (self.rule.id, self.subject)

    def as_dict(self):
        waiver = self.waiver
        return {
            "rule": self.rule.id,
            "pack": self.rule.pack,
            "title": self.rule.title,
            "severity": self.rule.severity,
            "blocks": self.blocks,
            "subject": self.subject,
            "matched": self.matched,
            "where": self.where,
            "clause": self.rule.clause,
            "url": self.rule.url,
            "fix": self.rule.fix,
            "waiver": None
            if waiver is None
            else {
                "by": waiver.waived_by_name,
                "at": waiver.waived_at.isoformat(),
                "reason": waiver.reason,
                "revision": waiver.revision_id,
            },
        }


def term_pattern(term):
    """A whole-word, any-case pattern for a term; spaces and hyphens in it match either."""
    words = [re.escape(word) for word in re.split(r"[\s\-]+", term.strip()) if word]
    return rf"(?<!\w){SEPARATOR.join(words)}(?!\w)"


def _collect(findings, rule, subject, matched, where):
    finding = findings.setdefault(subject, Finding(rule, subject))
    if matched not in finding.matched:
        finding.matched.append(matched)
    if where not in finding.where:
        finding.where.append(where)


def _terms(rule, pack_lists):
    terms = list(rule.params.get("terms", []))
    if rule.params.get("terms_list"):
        terms += pack_lists.get(rule.params["terms_list"], [])
    return terms


def check_phrases(rule, doc, pack_lists):
    findings = {}
    # Longest terms first, and a span matched once is not matched again: "botulinum toxin" is one finding.
    terms = sorted(set(_terms(rule, pack_lists)), key=len, reverse=True)
    matchers = [(term.lower(), re.compile(term_pattern(term), re.I)) for term in terms]
    matchers += [(None, re.compile(pattern, re.I)) for pattern in rule.params.get("patterns", [])]
    excuses = [re.compile(term_pattern(word), re.I) for word in rule.params.get("unless_nearby", [])]
    for passage in doc.passages:
        if any(excuse.search(passage.text) for excuse in excuses):
            continue
        taken = []
        for subject, matcher in matchers:
            for match in matcher.finditer(passage.text):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                wording = match.group(0).strip()
                _collect(findings, rule, subject or wording.lower()[:80], wording, passage.where)
    return list(findings.values())


def check_before_after(rule, doc, pack_lists):
    pictures = [picture for picture in doc.pictures if picture.before_after]
    if not pictures:
        return []
    if rule.params.get("only_if_list"):
        named = [
            term
            for term in pack_lists.get(rule.params["only_if_list"], [])
            if re.search(term_pattern(term), doc.text, re.I)
        ]
        if not named:
            return []
        return [
            Finding(
                rule,
                "before/after",
                [f"before/after pictures on a page naming {named[0]}"],
                [p.where for p in pictures],
            )
        ]
    disclaimers = [re.compile(term_pattern(d), re.I) for d in rule.params.get("disclaimers", [])]
    bare = [p for p in pictures if not any(d.search(p.nearby) for d in disclaimers)]
    if not bare:
        return []
    return [
        Finding(rule, "before/after", ["before/after picture without a results disclaimer"], [p.where for p in bare])
    ]


def check_missing_fields(rule, doc, pack_lists):
    wanted = rule.params.get("fields", [])
    if not wanted or not all(name in doc.fields for name in wanted):
        return []  # a page type without these fields (a home page) is not a treatment page
    empty = [name for name in wanted if not doc.fields[name].strip()]
    return [
        Finding(rule, name, [f"no {name.replace('_', ' ')}"], [name.replace("_", " ").capitalize()]) for name in empty
    ]


def check_practitioner_registration(rule, doc, pack_lists):
    findings = {}
    for person in doc.practitioners:
        if not person.registration_number:
            _collect(findings, rule, person.name.lower(), f"{person.name} (no registration number)", person.where)
    return list(findings.values())


def check_prices(rule, doc, pack_lists):
    includes = [re.compile(term_pattern(word), re.I) for word in rule.params.get("includes_words", [])]
    findings = {}

    def explained(text):
        return any(word.search(text) for word in includes)

    for price in doc.prices:
        if not explained(price.includes):
            _collect(findings, rule, "price", f"price {price.label} without what it includes", price.where)
    patterns = [re.compile(pattern) for pattern in rule.params.get("patterns", [])]
    for passage in doc.passages:
        if explained(passage.text):
            continue
        for pattern in patterns:
            for match in pattern.finditer(passage.text):
                _collect(findings, rule, "price", match.group(0).strip(), passage.where)
    return list(findings.values())


KINDS = {
    "phrases": check_phrases,
    "before_after": check_before_after,
    "missing_fields": check_missing_fields,
    "practitioner_registration": check_practitioner_registration,
    "prices": check_prices,
}


def run_rule(rule, doc, pack_lists):
    return KINDS[rule.kind](rule, doc, pack_lists)


def run_packs(packs, doc):
    """Every finding of these packs on this document: blocking rules first, then in pack order."""
    findings = [finding for pack in packs for rule in pack.rules for finding in run_rule(rule, doc, pack.lists)]
    return sorted(findings, key=lambda finding: not finding.rule.blocks)
