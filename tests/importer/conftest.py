"""Fixtures for importer tests: sample paths, the seed article, and a command runner that captures output."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SAMPLES = Path(__file__).parent / "samples"
REPO_ROOT = Path(__file__).resolve().parents[2]
# shared/ sits beside the repository (/work/main); a worktree (/work/wt/<name>) is one level deeper
SEED_CANDIDATES = [root / "shared" / "seed" / "exosomes-article.txt" for root in REPO_ROOT.parents[:2]]
SEED = next((path for path in SEED_CANDIDATES if path.exists()), SEED_CANDIDATES[0])


class Outcome:
    def __init__(self, stdout, stderr, error):
        self.stdout, self.stderr, self.error = stdout, stderr, error

    @property
    def failed(self):
        return self.error is not None


@pytest.fixture
def run_import(treatment_index):
    """Run `import_articles` like a shell would; a CommandError (exit status 1) is returned, not raised."""

    def run(*args):
        out, err = StringIO(), StringIO()
        try:
            call_command("import_articles", *[str(arg) for arg in args], "--no-progress", stdout=out, stderr=err)
            error = None
        except CommandError as exc:
            error = exc
        return Outcome(out.getvalue(), err.getvalue(), error)

    return run


@pytest.fixture
def seed_path():
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED} (a clone without shared/ beside it)")
    return SEED
