"""Demo loader: the clinic is Australian, so its site follows the AU advertising rules (TGA and Ahpra).

Runs after the treatment articles. It writes risks, recovery and what prices include on the demo treatments that
lack them, and on the fractional laser page records a clinician's waiver of one blocking finding (a prescription-only
cream named in the preparation advice) before publishing it. The exosome article keeps its findings: it went live
before the rules were switched on; its findings are waived as such (see LEGACY_REASON) so the demo can be reloaded.
"""

from wagtail.log_actions import log
from wagtail.models import Site

from treatments.compliance import gate
from treatments.compliance.models import AdvertisingRules, AdvertisingWaiver
from treatments.models import Clinician, TreatmentPage

ORDER = 90

WAIVED_PAGE = "fractional-laser"
WAIVED_RULE, WAIVED_SUBJECT = "AU-TGA-POM", "tretinoin"
WAIVER_REASON = (
    "Tretinoin is named only in the preparation advice, as a cream some patients already use and must stop a week "
    "before treatment. It is not offered, priced or promoted here; the page is safer with it than without it."
)
WAIVER_BY = "Dr Maya Ellison"
# The exosome article is the reference article as the clinic wrote it, before the rules were on: its findings are
# waived as a demo of what lint_content lists, so reloading the demo after an edit can still publish it.
LEGACY_PAGE = "exosomes"
LEGACY_REASON = "Demo: the reference article as first written, kept as it was to show what the rules find."

# Written for the demo: what patients should expect, in plain words.
SAFETY = {
    "platelet-rich-plasma": (
        "Bruising and tenderness where the blood is drawn and where it is injected; rarely infection.",
        "Redness and swelling for one to three days. Most people go back to work the next day.",
        "Includes the blood draw, preparation and one treatment session.",
    ),
    "fractional-laser": (
        "Redness, swelling and a few days of peeling are expected. Darker skin can darken or lighten for some "
        "months; rarely infection or scarring.",
        "Plan five to seven social days off. Stop tretinoin a week before, and use sunscreen daily afterwards.",
        "Includes numbing cream, the session and a review visit two weeks later.",
    ),
    "polynucleotides": (
        "Small bumps at the injection points for a day or two, bruising, and rarely an allergic reaction.",
        "Bumps settle within 48 hours; make-up can go on the next day.",
        "Includes the consultation and one session.",
    ),
    "exosomes": (
        "Redness and swelling after the microneedling or laser used to apply it; the products themselves are not "
        "regulated as medicines, so their contents vary.",
        "Redness settles in one to three days; avoid sun and make-up for a day.",
        "Includes the session and the exosome product applied.",
    ),
    "collagen-stimulating-fillers": (
        "Swelling and bruising; lumps under the skin that can take months to settle; rarely blocked blood vessels.",
        "Swelling settles in a few days; massage the area as shown for five days. Results build over months.",
        "Includes the consultation, one vial and a review visit.",
    ),
}


def load(stdout):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    rules = AdvertisingRules.for_site(site)
    if "AU" not in rules.jurisdictions:
        rules.jurisdictions = [*rules.jurisdictions, "AU"]
        rules.save()
    stdout.write(f"  Advertising rules for {site}: {', '.join(rules.jurisdictions)}")
    for slug, (risks, recovery, includes) in SAFETY.items():
        page = TreatmentPage.objects.filter(slug=slug).first()
        if page is not None:
            stdout.write(f"  Risks and recovery on {slug}: {fill_safety(page, risks, recovery, includes)}")


def fill_safety(page, risks, recovery, includes):
    """Write the safety fields where empty, waive the demo's one finding, publish; idempotent."""
    draft = page.get_latest_revision_as_object()
    if draft.risks and draft.recovery and draft.price_includes and page.live and not page.has_unpublished_changes:
        return "unchanged"
    draft.risks, draft.recovery, draft.price_includes = (
        draft.risks or risks,
        draft.recovery or recovery,
        draft.price_includes or includes,
    )
    revision = draft.save_revision()
    if page.slug == WAIVED_PAGE:
        record_waiver(page, revision, WAIVED_RULE, WAIVED_SUBJECT, WAIVER_REASON)
    if page.slug == LEGACY_PAGE:  # so re-running the demo after an edit can publish it again
        for finding in gate.blocking_findings(revision.as_object()):
            record_waiver(page, revision, finding.rule.id, finding.subject, LEGACY_REASON)
    blocked = gate.blocking_findings(revision.as_object())
    if blocked:  # content another loader changed so that it breaks a rule: kept as a draft, said plainly
        return f"kept as a draft, advertising rules block it ({gate.describe(blocked)})"
    revision.publish()
    return "published"


def record_waiver(page, revision, rule_id, subject, reason):
    if AdvertisingWaiver.objects.filter(page=page, rule_id=rule_id, subject=subject).exists():
        return
    clinician = Clinician.objects.filter(name=WAIVER_BY).first()
    AdvertisingWaiver.objects.create(
        page=page,
        rule_id=rule_id,
        subject=subject,
        reason=reason,
        waived_by=clinician.user if clinician else None,
        waived_by_name=WAIVER_BY,
        revision=revision,
    )
    log(
        instance=page,
        action="treatments.advertising_rules.waive",
        revision=revision,
        data={"rule": rule_id, "subject": subject, "reason": reason},
    )
