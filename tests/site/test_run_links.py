"""`PORT=8100 make run` prints links for port 8100, and the demo loader prints public URLs, not tree paths."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_passes_host_and_port_to_the_commands_that_print_links():
    plan = subprocess.run(  # noqa: S603  (fixed arguments, no user input)
        [shutil.which("make") or "make", "-n", "run", "PORT=8100", "HOST=127.0.0.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for command in ("ensure_admin", "load_demo"):
        line = next(line for line in plan.splitlines() if command in line)
        assert "http://127.0.0.1:8100" in line, line


@pytest.mark.django_db
def test_demo_loader_prints_public_urls(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8100/treatments/" in text
    assert "/clinic-home/" not in text
