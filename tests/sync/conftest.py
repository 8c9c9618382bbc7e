"""Fixtures for sync tests: the API client the API tests use."""

from tests.api.conftest import api  # noqa: F401
