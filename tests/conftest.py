"""Shared fixtures: a site tree, a clean cache for every test, and a live server that answers one request at a time."""

import os

import pytest
from django.core.cache import cache
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.factories.treatments import site_tree
from treatments.change_log import reading as change_log_reading


class OneRequestAtATimeServer(WSGIServer):
    """pytest-django lends the test's own database connection to the live server, and the threaded server would
    share that one connection between parallel requests (a gallery's photos load together), interleaving their
    transactions in a way production, with a connection per thread, never sees. Answered one at a time, every
    request runs in the server thread on the lent connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)  # the server thread itself installs the lent connections


LiveServerThread.server_class = OneRequestAtATimeServer


def _redis_database_per_worker():
    """`make test` runs the suite in parallel workers (pytest-xdist) that share one Redis server: each takes a database
    of its own (15, 14, ...), so one worker's `cache.clear()` (a FLUSHDB) never empties another's cache mid-test."""
    worker, url = os.environ.get("PYTEST_XDIST_WORKER", ""), os.environ.get("REDIS_TEST_URL", "")
    if not worker.startswith("gw") or not url:
        return
    base, _, database = url.rpartition("/")
    number = (int(database or 0) - int(worker[2:])) % 16
    os.environ["REDIS_TEST_URL"] = f"{base}/{number}"


_redis_database_per_worker()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    change_log_reading.forget()
    yield
    cache.clear()
    change_log_reading.forget()


@pytest.fixture
def home_and_index(db):
    return site_tree()


@pytest.fixture
def treatment_index(home_and_index):
    return home_and_index[1]
