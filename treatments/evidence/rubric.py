"""How the science score stands on evidence: what each score needs from the references a page cites.

| score | the page must cite at least |
|---|---|
| 5 | a systematic review (or meta-analysis, or guideline) of moderate or high certainty, or two randomised |
|   | trials of moderate or high certainty |
| 4 | one randomised trial of moderate or high certainty, or a systematic review (or guideline) of any certainty |
| 3 | one randomised trial of any certainty, or two cohort or case-control studies |
| 2 | one cohort or case-control study, or a case series in patients |
| 1 | any source: laboratory or animal studies, expert opinion (mechanism or opinion only) |
| 0 | nothing |

A reference whose certainty is not given counts as low certainty; one whose study type is not given counts as
expert opinion. The editor is warned (never stopped) when a page's score is above what its citations support.
"""

from dataclasses import dataclass

from .models import Certainty, StudyType

STRONG = {Certainty.HIGH, Certainty.MODERATE}
REVIEW_TYPES = {StudyType.SYSTEMATIC_REVIEW, StudyType.GUIDELINE}


@dataclass(frozen=True)
class Level:
    score: int
    needs: str


LEVELS = (
    Level(5, "A systematic review or two randomised trials, of moderate or high certainty."),
    Level(4, "A randomised trial of moderate or high certainty, or a systematic review of any certainty."),
    Level(3, "A randomised trial, or two cohort or case-control studies."),
    Level(2, "A cohort or case-control study, or a case series in patients."),
    Level(1, "Mechanism or opinion only: laboratory or animal studies, expert opinion."),
    Level(0, "No published evidence."),
)


def _counts(references):
    counts = {"strong_review": 0, "review": 0, "strong_trial": 0, "trial": 0, "cohort": 0, "series": 0, "any": 0}
    for reference in references:
        kind = reference.study_type or StudyType.EXPERT_OPINION
        strong = reference.certainty in STRONG
        counts["any"] += 1
        if kind in REVIEW_TYPES:
            counts["review"] += 1
            counts["strong_review"] += strong
        elif kind == StudyType.RANDOMISED_TRIAL:
            counts["trial"] += 1
            counts["strong_trial"] += strong
        elif kind == StudyType.COHORT:
            counts["cohort"] += 1
        elif kind == StudyType.CASE_SERIES:
            counts["series"] += 1
    return counts


def supported_score(references):
    """The highest science score the cited `references` support (0 to 5)."""
    c = _counts(references)
    if c["strong_review"] or c["strong_trial"] >= 2:
        return 5
    if c["strong_trial"] or c["review"]:
        return 4
    if c["trial"] or c["cohort"] >= 2:
        return 3
    if c["cohort"] or c["series"]:
        return 2
    return 1 if c["any"] else 0


def needs(score):
    """What a score needs, in words."""
    return next(level.needs for level in LEVELS if level.score == score)


def score_warning(score, references):
    """A plain warning when `score` is above what `references` support; None when the evidence bears it out."""
    if not isinstance(score, int) or not 0 <= score <= 5:
        return None  # out of range: the form's own message says so, and no level describes it
    supported = supported_score(references)
    if score <= supported:
        return None
    cited = describe(references) or "no references"
    return (
        f"The science score is {score}, but this page cites {cited}, which supports a score of {supported} at most. "
        f"A score of {score} needs: {needs(score)[0].lower()}{needs(score)[1:]} "
        "Cite that evidence inline, or lower the score."
    )


def summary(references):
    """[(label, count, certainties)] of what a page cites, by study type in rubric order, for "How we rate evidence".

    `certainties` is e.g. "2 moderate, 1 low": only the certainties given.
    """
    rows = []
    for kind in StudyType:
        of_kind = [reference for reference in references if (reference.study_type or "") == kind.value]
        if not of_kind:
            continue
        rows.append((kind.label, len(of_kind), _certainty_words(of_kind)))
    unclassified = [reference for reference in references if not reference.study_type]
    if unclassified:
        rows.append(("Not yet classified", len(unclassified), _certainty_words(unclassified)))
    return rows


def _certainty_words(references):
    parts = []
    for certainty in Certainty:
        count = sum(1 for reference in references if reference.certainty == certainty.value)
        if count:
            parts.append(f"{count} {certainty.label.lower()}")
    return ", ".join(parts)


def describe(references):
    """'randomised controlled trial (1), laboratory or animal study (2)': the summary as one phrase."""
    return ", ".join(f"{label.lower()} ({count})" for label, count, _certainty in summary(references))
