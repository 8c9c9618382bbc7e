"""The one check every way of going live passes: direct publish, a clinician's approval, scheduled publishing.

`TreatmentPage.publish()` (through `AdvertisingRulesGate`) refuses a revision with an unwaived blocking finding.
The editor, the review task and the scheduler ask first (`blocking_findings`) so people get a message, not an
error; the gate itself is what guarantees it.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import Site

from .checks import run_packs
from .document import read_page
from .models import AdvertisingRules, AdvertisingWaiver

logger = logging.getLogger(__name__)

SCHEDULED = "wagtail.publish.scheduled"
REFUSED_ACTION = "treatments.advertising_rules.refused"


class PublishBlocked(PermissionDenied):
    """A revision that may not go live: its unwaived blocking findings are in `findings`."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(describe(findings))


def describe(findings):
    """One line for messages and logs: rule ids and the words they matched."""
    return "; ".join(f"{f.rule.id} ({', '.join(f.matched[:3])})" for f in findings)


def site_of(page):
    site = page.get_site() if page.pk or page.path else None
    return site or Site.objects.filter(is_default_site=True).first()


def packs_for_page(page, site=None):
    site = site or site_of(page)
    return AdvertisingRules.for_site(site).packs() if site else []


def findings_for(page, site=None, packs=None):
    """Every finding on `page` (a specific page, e.g. a revision's), each carrying its waiver when one exists."""
    packs = packs_for_page(page, site) if packs is None else packs
    if not packs:
        return []
    findings = run_packs(packs, read_page(page))
    if findings and page.pk:
        waivers = {}
        for waiver in AdvertisingWaiver.objects.filter(page_id=page.pk).order_by("waived_at", "pk"):
            waivers[(waiver.rule_id, waiver.subject)] = waiver  # the latest waiver of a finding stands
        for finding in findings:
            finding.waiver = waivers.get(finding.key)
    return findings


def blocking_findings(page, site=None):
    return [finding for finding in findings_for(page, site) if finding.blocks]


def check_revision(revision, log_action=True):
    """Raise PublishBlocked when `revision` may not go live; a scheduled publish is logged on the page and skipped
    instead (raising would stop the scheduler publishing every other page). Returns False to skip."""
    page = revision.as_object()
    blocked = blocking_findings(page)
    if not blocked:
        return True
    if log_action == SCHEDULED:
        logger.warning("Scheduled publishing of page %s held back by advertising rules: %s", page.pk, describe(blocked))
        log(
            instance=page,
            action=REFUSED_ACTION,
            revision=revision,
            data={"when": "scheduled publishing", "findings": [f.rule.id for f in blocked]},
        )
        return False
    raise PublishBlocked(blocked)


class AdvertisingRulesGate:
    """Mixed into a page model: its revisions go live only when no unwaived blocking finding stands."""

    def publish(self, revision, *args, **kwargs):
        if not check_revision(revision, log_action=kwargs.get("log_action", True)):
            return None
        return super().publish(revision, *args, **kwargs)


def refuse_approval(task_state):
    """For the review task: the findings page URL when approval must wait (the caller then does not approve)."""
    revision = task_state.revision
    page = revision.as_object() if revision else None
    if page is None or not isinstance(page, AdvertisingRulesGate) or not blocking_findings(page):
        return None
    return reverse("treatments_advertising_findings", args=[page.pk]) + "?refused=approve"
