"""Test run: fast hashing, isolated media and cache, DATABASE_URL honoured for PostgreSQL runs."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-test-media-"))  # noqa: F405
GALLERIES_PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-test-private-"))  # noqa: F405
# WhiteNoise warns on every request when STATIC_ROOT is missing; tests never collect static files.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="clinic-test-static-"))  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# One process per test worker: a cache of its own, emptied around every test (tests/conftest.py). The tests that
# start servers of their own give them the shared caches a site runs on.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "clinic-tests"},
        "responses": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "clinic-tests"},
    }
TREATMENTS_CHECK_SHARED_CACHE = False  # the per-process cache above is on purpose
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Mounted so tests check it shows nothing /api/v1/ would not (the old name too, while clinic_site/api.py reads it).
TREATMENTS_API_WAGTAIL_V2 = True
# Tasks run at once, in the test's own process and transaction; tests of the worker use the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SILENCED_SYSTEM_CHECKS = ["treatments.W002"]  # retries sent at once are what tests want
