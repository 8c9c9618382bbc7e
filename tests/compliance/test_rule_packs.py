"""Every rule of every pack finds its positive examples and none of its negative ones; broken packs are named."""

import pytest

from treatments.compliance import checks, rules
from treatments.compliance.document import Document

ALL_RULES = [(pack, rule) for pack in rules.all_packs().values() for rule in pack.rules]


def test_the_three_jurisdictions_ship_with_rules():
    assert {"AU", "UK", "US"} <= set(rules.all_packs())
    assert len(ALL_RULES) >= 20


@pytest.mark.parametrize(("pack", "rule"), ALL_RULES, ids=[rule.id for _, rule in ALL_RULES])
def test_rule_examples(pack, rule):
    assert rule.positive and rule.negative, f"{rule.id} needs positive and negative examples"
    assert rule.url.startswith("https://") and rule.clause and rule.fix
    for example in rule.positive:
        assert checks.run_rule(rule, Document.from_example(example), pack.lists), f"{rule.id} misses {example!r}"
    for example in rule.negative:
        found = checks.run_rule(rule, Document.from_example(example), pack.lists)
        assert not found, f"{rule.id} wrongly flags {example!r}: {[f.matched for f in found]}"


def test_a_finding_names_the_words_it_matched_once_per_wording():
    au = rules.all_packs()["AU"]
    rule = next(rule for rule in au.rules if rule.id == "AU-TGA-POM")
    doc = Document.from_example({"text": ["Botulinum toxin (Botox) relaxes muscles.", "More on botox below."]})
    found = {finding.subject: finding for finding in checks.run_rule(rule, doc, au.lists)}
    assert set(found) == {"botulinum toxin", "botox"}, "the longer term wins; 'botulinum' alone is not a second hit"
    assert found["botox"].matched == ["Botox", "botox"]


def test_a_broken_pack_is_named_and_the_others_still_load(tmp_path, settings, caplog):
    (tmp_path / "bad.toml").write_text('code = "XX"\n[[rule]]\nid = "XX-1"\nseverity = "maybe"\n')
    (tmp_path / "nz.toml").write_text(
        'code = "NZ"\nname = "New Zealand"\n[[rule]]\nid = "NZ-1"\ntitle = "t"\nseverity = "warn"\nclause = "c"\n'
        'url = "https://example.org"\nchecks = "c"\nfix = "f"\nkind = "phrases"\nterms = ["miracle"]\n'
    )
    settings.TREATMENTS_RULE_PACK_DIRS = [str(tmp_path)]
    rules.reload_packs()
    try:
        packs = rules.all_packs()
        assert "NZ" in packs and "AU" in packs and "XX" not in packs
        assert "bad.toml" in caplog.text and "lacks" in caplog.text
    finally:
        settings.TREATMENTS_RULE_PACK_DIRS = []
        rules.reload_packs()


def test_parse_errors_name_the_file(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text("code = [")
    with pytest.raises(rules.RulePackError, match=r"broken\.toml"):
        rules.parse_pack(bad)
