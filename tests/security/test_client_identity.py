"""Finding 4: rate limits count the connecting address; X-Forwarded-For is believed only through trusted proxies."""

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments.api.throttling import client_address

_spoofed = (f"203.0.113.{n % 250}, 198.51.100.{n % 200}" for n in itertools.count(1))


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def url(treatment_index):
    page = publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes"))
    return f"/api/v1/treatments/{page.pk}/"


def test_a_new_forwarded_for_per_request_is_still_throttled(api, url):
    with override_settings(TREATMENTS_API_ANON_RATE="3/min"):
        statuses = [
            api.get(url, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=next(_spoofed)).status_code for _ in range(5)
        ]
    assert statuses == [200, 200, 200, 429, 429]


def test_clients_behind_one_trusted_proxy_are_told_apart_by_what_the_proxy_saw(api, url):
    proxy = "10.0.0.2"
    with override_settings(TREATMENTS_API_ANON_RATE="2/min", TREATMENTS_API_TRUSTED_PROXIES=1):
        # The proxy appends the address it saw; whatever the client put before it is ignored.
        first = [
            api.get(url, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"{next(_spoofed)}, 192.0.2.7").status_code
            for _ in range(3)
        ]
        other = api.get(url, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.8").status_code
    assert first == [200, 200, 429]
    assert other == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "192.0.2.1"),
        (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),
        (2, "1.1.1.1, 2.2.2.2, 3.3.3.3", "2.2.2.2"),
        (3, "2.2.2.2", "2.2.2.2"),  # fewer hops than proxies: the leftmost one there is
        (1, "", "192.0.2.1"),  # no header: the connecting address
        (1, " , ", "192.0.2.1"),
    ],
)
def test_client_address_rule(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TREATMENTS_API_TRUSTED_PROXIES=proxies):
        assert client_address(request) == expected


@pytest.mark.parametrize("value", [-1, "1", 1.5, True])
def test_a_wrong_trusted_proxies_setting_is_named(value):
    with (
        override_settings(TREATMENTS_API_TRUSTED_PROXIES=value),
        pytest.raises(ImproperlyConfigured, match="API_TRUSTED_PROXIES"),
    ):
        client_address(RequestFactory().get("/"))


def test_the_environment_variable_is_checked_at_start(monkeypatch):
    from clinic_site.settings.base import env_int

    monkeypatch.setenv("API_TRUSTED_PROXIES", "two")
    with pytest.raises(ImproperlyConfigured, match="API_TRUSTED_PROXIES must be a whole number"):
        env_int("API_TRUSTED_PROXIES", 0)
    monkeypatch.setenv("API_TRUSTED_PROXIES", "2")
    assert env_int("API_TRUSTED_PROXIES", 0) == 2
