"""`manage.py lint_content`: every live page checked against its site's advertising rules; non-zero on a block.

--site ID        only that site
--format F       text (default), json or md
--changed        only report what changed rule packs newly flag (pages and findings not flagged at the last run)

Each run records every pack's content hash and the findings it gave, so the next run notices an edited pack and lists
the pages it newly affects. Exits 1 when an unwaived blocking finding stands on a live page.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page, Site

from treatments.compliance import gate, rules
from treatments.compliance.models import AdvertisingRules, RulePackState


class Command(BaseCommand):
    help = "Check all live content against each site's advertising rules; exit 1 when a blocking finding stands."

    def add_arguments(self, parser):
        parser.add_argument("--site", type=int, help="Only this site (its id in Settings, Sites).")
        parser.add_argument("--format", choices=("text", "json", "md"), default="text")
        parser.add_argument(
            "--changed", action="store_true", help="Only list what rule packs changed since the last run newly flag."
        )

    def handle(self, *args, site=None, format="text", changed=False, **options):
        rules.reload_packs()  # a pack edited since this process started is read afresh
        sites = Site.objects.filter(pk=site) if site else Site.objects.order_by("pk")
        if site and not sites.exists():
            raise CommandError(
                f"There is no site with id {site}. Sites: {list(Site.objects.values_list('pk', flat=True))}"
            )
        report = {"sites": [], "blocking": 0, "changed_packs": [], "newly_affected": []}
        states = {state.code: state for state in RulePackState.objects.all()}
        seen = {}  # pack code -> {page id: [[rule, subject], ...]}
        for one_site in sites.select_related("root_page"):
            report["sites"].append(self.lint_site(one_site, report, seen))
        self.note_changes(report, states, seen)
        if changed:
            report["sites"] = []
        self.stdout.write(getattr(self, f"as_{format}")(report))
        if report["blocking"]:
            raise CommandError(
                f"{report['blocking']} blocking advertising-rules finding(s) on live pages.", returncode=1
            )

    def lint_site(self, site, report, seen):
        packs = AdvertisingRules.for_site(site).packs()
        entry = {"id": site.pk, "site": str(site), "packs": [pack.code for pack in packs], "pages": []}
        if not packs:
            return entry
        pages = Page.objects.live().descendant_of(site.root_page, inclusive=True).order_by("path").specific()
        for page in pages:
            findings = gate.findings_for(page, site, packs=packs)
            for pack in packs:
                keys = [list(f.key) for f in findings if f.rule.pack == pack.code]
                seen.setdefault(pack.code, {})[str(page.pk)] = keys
            if findings:
                blocking = sum(finding.blocks for finding in findings)
                report["blocking"] += blocking
                entry["pages"].append(
                    {
                        "id": page.pk,
                        "title": page.title,
                        "url": page.get_full_url() or page.url_path,
                        "blocking": blocking,
                        "findings": [finding.as_dict() for finding in findings],
                    }
                )
        return entry

    def note_changes(self, report, states, seen):
        """Compare each pack with its last run; list pages with findings they did not have; record this run."""
        packs = rules.all_packs()
        for code, by_page in seen.items():
            pack, state = packs[code], states.get(code)
            if state is not None and state.content_hash != pack.content_hash:
                report["changed_packs"].append(code)
                for page_id, keys in by_page.items():
                    before = {tuple(key) for key in state.findings.get(page_id, [])}
                    new = [key for key in keys if tuple(key) not in before]
                    if new:
                        report["newly_affected"].append({"pack": code, "page": int(page_id), "findings": new})
            findings = {**(state.findings if state else {}), **by_page}
            RulePackState.objects.update_or_create(
                code=code, defaults={"content_hash": pack.content_hash, "findings": findings}
            )

    # ---------------------------------------------------------------- output
    def as_json(self, report):
        return json.dumps(report, indent=2, ensure_ascii=False)

    def as_text(self, report):
        lines = []
        for site in report["sites"]:
            packs = ", ".join(site["packs"]) or "none switched on"
            lines.append(f"Site {site['id']} {site['site']}: rules {packs}")
            for page in site["pages"]:
                lines.append(f"  Page {page['id']} {page['title']} ({page['url']})")
                for f in page["findings"]:
                    state = "BLOCK" if f["blocks"] else ("waived" if f["waiver"] else f["severity"])
                    lines.append(f"    [{state}] {f['rule']} {f['title']}: {', '.join(f['matched'])}")
                    lines.append(f"        where: {'; '.join(f['where'])}")
                    if f["waiver"]:
                        lines.append(f"        waived by {f['waiver']['by']}: {f['waiver']['reason']}")
                    else:
                        lines.append(f"        fix: {f['fix']}")
        lines += self.changes_text(report)
        lines.append(f"{report['blocking']} blocking finding(s).")
        return "\n".join(lines)

    def changes_text(self, report):
        if not report["changed_packs"]:
            return []
        lines = [f"Rule packs changed since the last run: {', '.join(report['changed_packs'])}"]
        for item in report["newly_affected"] or [{"page": None}]:
            if item["page"] is None:
                lines.append("  No page is newly affected.")
            else:
                found = ", ".join(f"{rule} ({subject})" for rule, subject in item["findings"])
                lines.append(f"  Page {item['page']} newly affected by {item['pack']}: {found}")
        return lines

    def as_md(self, report):
        lines = ["# Advertising-rules findings", ""]
        for site in report["sites"]:
            lines += [f"## {site['site']} (rules: {', '.join(site['packs']) or 'none'})", ""]
            if not site["pages"]:
                lines += ["No findings.", ""]
                continue
            lines += ["| Page | Rule | Severity | Matched | Where | Status |", "|---|---|---|---|---|---|"]
            for page in site["pages"]:
                for f in page["findings"]:
                    status = f"waived by {f['waiver']['by']}: {f['waiver']['reason']}" if f["waiver"] else f["fix"]
                    cells = [f"[{page['title']}]({page['url']})", f"[{f['rule']}]({f['url']})", f["severity"],
                             ", ".join(f["matched"]), "; ".join(f["where"]), status]  # fmt: skip
                    lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
            lines.append("")
        lines += self.changes_text(report)
        lines.append(f"**{report['blocking']} blocking finding(s).**")
        return "\n".join(lines)
