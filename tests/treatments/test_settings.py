"""The settings package: production passes Django's deploy checks and refuses to start without a secret key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    """Run manage.py in a fresh interpreter with only the given settings variables set."""
    # Drop what a test run may have set: DJANGO_ALLOW_ASYNC_UNSAFE (browser tests) fails the deploy checks.
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
    clean = {key: value for key, value in os.environ.items() if key not in dropped}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="clinic_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="clinic.example.com",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="clinic_site.settings.production", ALLOWED_HOSTS="clinic.example.com"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"REDIS_URL": ""}, "filebased.FileBasedCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/12"}, "django_redis.cache.RedisCache"),
    ],
)
def test_cache_backend_follows_redis_url(env, expected):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "-c", code, DJANGO_SETTINGS_MODULE="clinic_site.settings.dev", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(expected)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"REDIS_URL": ""}, "db.DatabaseCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/12"}, "django_redis.cache.RedisCache"),
    ],
)
def test_production_caches_are_shared_by_every_worker(env, expected):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="clinic_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="clinic.example",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(expected)


def test_database_follows_database_url():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    result = run_manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="clinic_site.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/clinic_elsewhere",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django.db.backends.postgresql", "clinic_elsewhere"]
