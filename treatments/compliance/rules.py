"""Rule packs: one TOML file per jurisdiction in `packs/`, loaded, validated and hashed.

A pack has a `code` (AU, UK, US), a `name`, named term `lists`, and `[[rule]]` tables. A rule says what it cites
(`clause`, `url`), how bad it is (`severity`: block or warn), what it checks (`checks`, in words, and `kind` with its
parameters, see `checks.py`), how to fix it (`fix`) and carries `examples.positive` / `examples.negative`, which a test
runs. A broken file is reported by name and the other packs still load.
"""

import hashlib
import logging
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..conf import treatments_settings

logger = logging.getLogger(__name__)

PACKS_DIR = Path(__file__).resolve().parent / "packs"
SEVERITIES = ("block", "warn")
REQUIRED = ("id", "title", "severity", "clause", "url", "checks", "fix", "kind")


class RulePackError(ValueError):
    """A pack file that cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    title: str
    severity: str
    clause: str
    url: str
    checks: str
    fix: str
    kind: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    positive: tuple = ()
    negative: tuple = ()

    @property
    def blocks(self):
        return self.severity == "block"


@dataclass(frozen=True)
class RulePack:
    code: str
    name: str
    path: Path
    content_hash: str
    rules: tuple
    lists: dict = field(default_factory=dict, hash=False, compare=False)


def pack_dirs():
    """Where packs live: ours, then any a site adds with TREATMENTS_RULE_PACK_DIRS (a same-code pack replaces ours)."""
    return [PACKS_DIR, *(Path(p) for p in treatments_settings.RULE_PACK_DIRS)]


def parse_pack(path):
    """One pack from its file; RulePackError names the file and the problem."""
    raw = Path(path).read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RulePackError(f"{path}: not valid TOML ({error})") from error
    code = str(data.get("code", "")).strip().upper()
    if not code:
        raise RulePackError(f'{path}: the pack needs a code, e.g. code = "AU"')
    lists = {name: [str(term) for term in terms] for name, terms in data.get("lists", {}).items()}
    rules, seen = [], set()
    for number, entry in enumerate(data.get("rule", []), start=1):
        missing = [key for key in REQUIRED if not entry.get(key)]
        if missing:
            raise RulePackError(f"{path}: rule {number} ({entry.get('id', 'no id')}) lacks {', '.join(missing)}")
        if entry["severity"] not in SEVERITIES:
            raise RulePackError(f"{path}: rule {entry['id']} has severity {entry['severity']!r}; use block or warn")
        if entry["id"] in seen:
            raise RulePackError(f"{path}: rule id {entry['id']} is used twice")
        seen.add(entry["id"])
        params = {key: value for key, value in entry.items() if key not in (*REQUIRED, "examples")}
        for key in ("terms_list", "only_if_list"):
            if key in params and params[key] not in lists:
                raise RulePackError(
                    f"{path}: rule {entry['id']} names the list {params[key]!r}, which is not in [lists]"
                )
        examples = entry.get("examples", {})
        rules.append(
            Rule(
                **{key: entry[key] for key in REQUIRED},
                pack=code,
                params=params,
                positive=tuple(examples.get("positive", ())),
                negative=tuple(examples.get("negative", ())),
            )
        )
    from .checks import KINDS  # the kinds are code; a pack naming an unknown one is a broken pack

    unknown = [rule.id for rule in rules if rule.kind not in KINDS]
    if unknown:
        raise RulePackError(f"{path}: rules {', '.join(unknown)} use a kind this version does not know")
    return RulePack(
        code=code,
        name=str(data.get("name", code)),
        path=Path(path),
        content_hash=hashlib.sha256(raw).hexdigest(),
        rules=tuple(rules),
        lists=lists,
    )


@cache
def _load_all(dirs):
    packs = {}
    for directory in dirs:
        for path in sorted(Path(directory).glob("*.toml")):
            try:
                pack = parse_pack(path)
            except (OSError, RulePackError) as error:
                logger.error("Advertising rule pack skipped: %s", error)
                continue
            packs[pack.code] = pack
    return packs


def all_packs():
    """Every usable pack by code."""
    return _load_all(tuple(str(d) for d in pack_dirs()))


def reload_packs():
    """Forget the loaded packs (tests and `lint_content` read changed files)."""
    _load_all.cache_clear()


def pack_choices():
    return [(code, pack.name) for code, pack in sorted(all_packs().items())]


def packs_for(codes):
    """The packs for these codes, in order; unknown codes are skipped (a pack file was removed)."""
    packs = all_packs()
    return [packs[code] for code in codes if code in packs]


def find_rule(rule_id):
    for pack in all_packs().values():
        for rule in pack.rules:
            if rule.id == rule_id:
                return rule
    return None
