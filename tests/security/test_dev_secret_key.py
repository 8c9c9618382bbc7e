"""Finding 5, first half: development settings hold no key from the repository; each checkout makes its own."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic_site.settings import local_secret

PROJECT = Path(__file__).resolve().parents[2]
PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def dev_secret_key(key_file, **env):
    """SECRET_KEY as a fresh interpreter on the development settings sees it, without SECRET_KEY set."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update(DJANGO_SETTINGS_MODULE="clinic_site.settings.dev", SECRET_KEY_FILE=str(key_file), **env)
    return subprocess.Popen(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", f"import django; django.setup(); {PRINT_KEY}"],
        cwd=PROJECT,
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def output(process):
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.strip()


def test_development_key_is_made_on_first_use_and_kept(tmp_path):
    key_file = tmp_path / ".secret-key"
    first = output(dev_secret_key(key_file))
    assert key_file.read_text().strip() == first
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o077 == 0, "the key file is readable by its owner only"
    assert output(dev_secret_key(key_file)) == first
    assert output(dev_secret_key(tmp_path / "elsewhere")) != first, "each checkout has its own key"
    assert first not in (PROJECT / "clinic_site/settings/dev.py").read_text()


def test_processes_starting_at_once_end_up_with_one_key(tmp_path):
    key_file = tmp_path / ".secret-key"
    processes = [dev_secret_key(key_file) for _ in range(6)]
    keys = {output(process) for process in processes}
    assert keys == {key_file.read_text().strip()}
    assert sorted(path.name for path in tmp_path.iterdir()) == [".secret-key"], "no temporary file is left"


def test_racing_creators_agree_even_when_all_miss_the_file(tmp_path, monkeypatch):
    """Every thread finds no file, then all write at once: exactly one key wins and all of them return it."""
    key_file = tmp_path / "key"
    everyone_looked = threading.Barrier(8)
    real_read = local_secret._read
    calls = threading.local()

    def read_after_everyone_looked(path):
        found = real_read(path)
        if not getattr(calls, "looked", False):
            calls.looked = True
            everyone_looked.wait(timeout=10)
        return found

    monkeypatch.setattr(local_secret, "_read", read_after_everyone_looked)
    results = []
    threads = [threading.Thread(target=lambda: results.append(local_secret.read_or_create(key_file))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert set(results) == {key_file.read_text().strip()}


def test_an_environment_key_wins_and_no_file_is_made(tmp_path):
    key_file = tmp_path / ".secret-key"
    assert output(dev_secret_key(key_file, SECRET_KEY="k" * 60)) == "k" * 60
    assert not key_file.exists()


@pytest.mark.parametrize("content", ["short", ""])
def test_a_broken_key_file_is_named(tmp_path, content):
    key_file = tmp_path / ".secret-key"
    key_file.write_text(content)
    if content:
        with pytest.raises(ImproperlyConfigured, match=str(key_file)):
            local_secret.read_or_create(key_file)
    else:  # an empty file (say, touched by hand) is no key; it cannot be replaced atomically, so it is named
        with pytest.raises(ImproperlyConfigured, match="holds no usable secret key"):
            local_secret.read_or_create(key_file)
