"""`manage.py lint_content`: live content against each site's rules, exit status, formats, changed packs."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from tests.compliance.conftest import follow_rules, treatment
from treatments.compliance import rules
from treatments.compliance.models import AdvertisingWaiver

pytestmark = pytest.mark.django_db


def live(index, slug, intro, **kwargs):
    page = treatment(index, slug=slug, intro=intro, **kwargs)
    follow_rules()  # published before the site followed any rules, as an older page was
    page.get_latest_revision().publish()
    follow_rules("AU")
    return page


def lint(*args):
    out = io.StringIO()
    try:
        call_command("lint_content", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_json_lists_findings_and_exits_non_zero_when_one_blocks(au_site):
    live(au_site, "frown-lines", "Botox softens frown lines.")
    live(au_site, "peel", "A painless peel.")
    treatment(au_site, slug="draft", intro="Dysport in a draft is not live content.")
    out, error = lint("--format", "json")
    report = json.loads(out)
    pages = {page["url"].rstrip("/").rsplit("/", 1)[-1]: page for page in report["sites"][0]["pages"]}
    assert set(pages) == {"frown-lines", "peel"}
    (botox,) = [x for x in pages["frown-lines"]["findings"] if x["rule"] == "AU-TGA-POM"]
    assert botox["matched"] == ["Botox"] and botox["blocks"] and botox["url"].startswith("https://")
    assert [x["severity"] for x in pages["peel"]["findings"]] == ["warn"]
    assert report["blocking"] == 1
    assert error is not None and error.returncode == 1


def test_warnings_and_waived_blocks_exit_zero(au_site, clinician):
    page = live(au_site, "frown-lines", "Botox softens frown lines.")
    AdvertisingWaiver.objects.create(
        page=page, rule_id="AU-TGA-POM", subject="botox", reason="A reason long enough.", waived_by_name="Dr M"
    )
    out, error = lint()
    assert error is None
    assert "[waived] AU-TGA-POM" in out and "waived by Dr M: A reason long enough." in out
    assert "0 blocking finding(s)." in out


def test_markdown_report_and_a_bad_site_id(au_site):
    live(au_site, "frown-lines", "Botox softens frown lines.")
    out, _ = lint("--format", "md")
    assert out.startswith("# Advertising-rules findings") and "| [AU-TGA-POM](https://" in out
    with pytest.raises(CommandError, match="no site with id 999"):
        call_command("lint_content", "--site", "999", stdout=io.StringIO())


def test_a_changed_rule_pack_reports_the_pages_it_newly_affects(au_site, tmp_path, settings):
    live(au_site, "frown-lines", "Relaxes the muscles behind frown lines; ask about Jeuveau.")
    live(au_site, "peel", "A gentle peel.")
    lint()  # records each pack's hash and findings
    edited = tmp_path / "au.toml"
    shutil.copy(rules.PACKS_DIR / "au.toml", edited)
    edited.write_text(edited.read_text().replace('"Daxxify",', '"Daxxify", "Jeuveau",'))
    settings.TREATMENTS_RULE_PACK_DIRS = [str(tmp_path)]
    try:
        out, error = lint("--changed", "--format", "json")
        report = json.loads(out)
        assert report["changed_packs"] == ["AU"] and report["sites"] == []
        assert [(item["pack"], item["findings"]) for item in report["newly_affected"]] == [
            ("AU", [["AU-TGA-POM", "jeuveau"]])
        ]
        assert error is not None
        again, _ = lint("--changed")
        assert "Rule packs changed" not in again, "the new hash was recorded"
    finally:
        settings.TREATMENTS_RULE_PACK_DIRS = []
        rules.reload_packs()
