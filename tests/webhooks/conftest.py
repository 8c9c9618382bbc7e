"""Fixtures for webhooks: a receiver on loopback, and retries without waiting."""

import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    with Receiver([200]) as running:
        yield running


@pytest.fixture(autouse=True)
def _retry_at_once(settings):
    settings.TREATMENTS_WEBHOOK_RETRY_DELAYS = (0, 0, 0, 0, 0)
