"""Shared fixtures: a site tree, and a clean cache for every test."""

import pytest
from django.core.cache import cache

from tests.factories.treatments import site_tree


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_and_index(db):
    return site_tree()


@pytest.fixture
def treatment_index(home_and_index):
    return home_and_index[1]
