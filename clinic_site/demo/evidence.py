"""Demo loader: the references the exosome article cites, its "what the studies show" question, review intervals,
and one treatment left past its review date. Runs before the treatments loader, which uses the helpers below.

The studies are real; the entries, their classification and the text citing them are our own. Only identifiers
we could vouch for are filled in: the rest of the entries leave DOI and PMID empty rather than guess.
"""

import datetime

from treatments.evidence.models import Reference

from . import raw

ORDER = 5

REFERENCES = {
    "kwon-2020": {
        "title": "Combination treatment with human adipose tissue stem cell-derived exosomes and fractional CO2 "
        "laser for acne scars: a 12-week prospective, double-blind, randomized, split-face study",
        "authors": "Kwon HH, Yang SH, Lee J, et al.",
        "year": 2020,
        "journal": "Acta Dermato-Venereologica",
        "doi": "10.2340/00015555-3666",
        "study_type": "randomised_trial",
        "participants": 25,
        "certainty": "low",
    },
    "park-2023": {
        "title": "Efficacy of combined treatment with human adipose tissue stem cell-derived exosome-containing "
        "solution and microneedling for facial skin aging: a 12-week prospective, randomized, split-face study",
        "authors": "Park GH, Kwon HH, et al.",
        "year": 2023,
        "journal": "Journal of Cosmetic Dermatology",
        "study_type": "randomised_trial",
        "certainty": "low",
    },
    "kim-2017": {
        "title": "Exosomes derived from human umbilical cord blood mesenchymal stem cells stimulates rejuvenation "
        "of human skin",
        "authors": "Kim YJ, Yoo SM, et al.",
        "year": 2017,
        "journal": "Biochemical and Biophysical Research Communications",
        "study_type": "laboratory",
        "certainty": "very_low",
    },
    "fda-2019": {
        "title": "Public safety notification on exosome products",
        "authors": "U.S. Food and Drug Administration",
        "year": 2019,
        "journal": "U.S. Food and Drug Administration",
        "url": "https://www.fda.gov/vaccines-blood-biologics/safety-availability-biologics/"
        "public-safety-notification-exosome-products",
        "study_type": "expert_opinion",
    },
}

# Review intervals: fast-moving evidence is checked more often. One page is left past its review date, so the
# "Reviews due" panel and the visitors' notice have something to show.
REVIEWS = {
    "exosomes": {"review_interval_months": 6},
    "polynucleotides": {"review_interval_months": 12, "last_reviewed": datetime.date(2025, 3, 10)},
}


def load(stdout):
    for key in REFERENCES:
        reference(key)
    stdout.write(f"  {len(REFERENCES)} references")


def reference(key):
    """The demo reference `key`, created or brought back to its demo values (found by title, so never doubled)."""
    values = REFERENCES[key]
    found = Reference.objects.filter(title=values["title"]).first() or Reference(title=values["title"])
    changed = found.pk is None or any(getattr(found, name) != value for name, value in values.items())
    if changed:
        for name, value in values.items():
            setattr(found, name, value)
        found.full_clean()
        found.save()
    return found


def cite(key, words):
    """Rich text citing the demo reference `key` on `words`, in Wagtail's stored form."""
    return f'<a linktype="reference" id="{reference(key).pk}">{words}</a>'


def review_fields(slug):
    """Review interval and, for the past-due page, the old review date, merged into a demo treatment's values."""
    return REVIEWS.get(slug, {})


def studies_faq():
    """The exosome article's question on what has been studied, citing the references above."""
    return raw.faq(
        "What do the studies show?",
        "what-do-the-studies-show",
        "<p>Very little has been tested in people. The best evidence comes from "
        f"{cite('kwon-2020', 'a split-face trial in 25 patients with acne scars')}, where the side given exosomes "
        "after a CO2 laser settled faster and improved a little more, and from "
        f"{cite('park-2023', 'a similar trial of exosomes with microneedling for ageing skin')}. Both were small, "
        "short and run by the same group, so we rate their certainty as low.</p>"
        "<p>Much of the excitement comes from "
        f"{cite('kim-2017', 'laboratory work on skin cells')}, which shows a mechanism, not a result in patients. "
        "No exosome product is approved for cosmetic use, and regulators have "
        f"{cite('fda-2019', 'warned against unapproved exosome products')}.</p>",
    )
