"""Surrogate keys on every response, and the purges the change log sends once a change commits."""

import http.server
import logging
import threading

import pytest
from django.db import transaction

from galleries.consent import withdraw_consent
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from treatments.change_log import purges, record_everything

pytestmark = pytest.mark.django_db


def keys(response, header="xkey"):
    return set(response[header].split())


@pytest.fixture
def clinic(home_and_index):
    home, index = home_and_index
    gallery = GalleryPageFactory(parent=home)
    serum = f.ProductFactory()
    treatment = f.TreatmentPageFactory(parent=index, title="Microneedling", slug="microneedling")
    treatment.body = [f.product(serum)]
    treatment.save_revision().publish()
    case = consented_case("valid", treatments=[treatment])
    return home, index, gallery, treatment, serum, case


def test_each_api_response_names_what_it_shows(client, clinic):
    _home, _index, _gallery, treatment, serum, case = clinic
    assert keys(client.get(f"/api/v1/treatments/{treatment.pk}/")) == {f"treatment-{treatment.pk}"}
    assert keys(client.get("/api/v1/treatments/")) == {"treatments"}
    assert keys(client.get("/api/v1/treatments/by-slug/microneedling/")) == {"treatments"}
    assert keys(client.get(f"/api/v1/products/{serum.pk}/")) == {f"product-{serum.pk}"}
    assert keys(client.get(f"/api/v1/cases/{case.pk}/")) == {f"case-{case.pk}"}
    assert keys(client.get("/api/v1/cases/")) == {"cases"}
    # A treatment not yet live is purged by its key when it is published.
    assert keys(client.get("/api/v1/treatments/999999/")) == {"treatment-999999"}


def test_a_second_answer_from_the_response_cache_names_the_same_keys(client, clinic):
    treatment = clinic[3]
    first = client.get(f"/api/v1/treatments/{treatment.pk}/")
    again = client.get(f"/api/v1/treatments/{treatment.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert keys(again) == keys(first)


def test_each_html_page_names_what_it_shows(client, clinic):
    home, index, gallery, treatment, _serum, _case = clinic
    assert keys(client.get(treatment.url)) == {f"treatment-{treatment.pk}", "pages"}
    for page in (home, index, gallery):
        assert keys(client.get(page.url)) == {f"page-{page.pk}", "pages", "treatments", "cases"}
    for url in ("/search/?q=micro", "/sitemap.xml", "/no-such-page/"):
        assert keys(client.get(url)) == {"pages", "treatments", "cases"}, url


def test_the_header_name_follows_the_setting(client, clinic, settings):
    treatment = clinic[3]
    settings.TREATMENTS_SURROGATE_KEY_HEADER = "Surrogate-Key"
    response = client.get(treatment.url)
    assert keys(response, "Surrogate-Key") == {f"treatment-{treatment.pk}", "pages"}
    assert "xkey" not in response
    settings.TREATMENTS_SURROGATE_KEY_HEADER = "Cache-Tag"  # Cloudflare's list takes commas
    assert client.get(treatment.url)["Cache-Tag"] == f"pages,treatment-{treatment.pk}"
    settings.TREATMENTS_SURROGATE_KEY_HEADER = ""
    assert "Surrogate-Key" not in client.get(treatment.url)


def test_the_keys_cost_no_query(client, clinic, settings, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    treatment = clinic[3]
    for url in (treatment.url, f"/api/v1/treatments/{treatment.pk}/"):
        client.get(url)  # warm
        settings.TREATMENTS_SURROGATE_KEY_HEADER = ""
        with CaptureQueriesContext(connection) as without:
            client.get(url)
        settings.TREATMENTS_SURROGATE_KEY_HEADER = "xkey"
        with django_assert_num_queries(len(without.captured_queries)):
            assert "xkey" in client.get(url)


class Proxy(http.server.BaseHTTPRequestHandler):
    """A stand-in for Varnish on loopback that remembers each PURGE and BAN."""

    received = []
    status = 200

    def do_PURGE(self):
        self.received.append(("PURGE", set(self.headers.get("xkey-purge", "").split())))
        self.answer()

    def do_BAN(self):
        self.received.append(("BAN", set()))
        self.answer()

    def answer(self):
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """The test's transaction never commits: this runs what waits for the commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def proxy(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    Proxy.received, Proxy.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FRONTEND_CACHE_URL = f"http://127.0.0.1:{server.server_port}"
    yield Proxy
    server.shutdown()
    server.server_close()


def test_a_new_price_purges_the_product_and_every_treatment_showing_it_once_committed(clinic, proxy, committing):
    treatment, serum = clinic[3], clinic[4]
    proxy.received.clear()
    with committing(), transaction.atomic():
        serum.price = 57
        serum.save()
        assert proxy.received == [], "nothing is purged before the change commits"
    assert proxy.received == [("PURGE", {f"product-{serum.pk}", "products", f"treatment-{treatment.pk}", "treatments"})]


def test_a_withdrawal_purges_the_case_and_its_treatment(clinic, proxy, committing):
    treatment, case = clinic[3], clinic[5]
    proxy.received.clear()
    with committing():
        withdraw_consent(case.consent)
    purged = set().union(*(found for method, found in proxy.received if method == "PURGE"))
    assert {f"case-{case.pk}", "cases", f"treatment-{treatment.pk}", "treatments"} <= purged


def test_a_change_rolled_back_purges_nothing(clinic, proxy, committing):
    serum = clinic[4]
    proxy.received.clear()
    with committing(), pytest.raises(RuntimeError), transaction.atomic():
        serum.price = 57
        serum.save()
        raise RuntimeError("the editor's save failed")
    assert proxy.received == []


def test_a_page_that_is_not_a_treatment_purges_itself_and_every_html_page(clinic, proxy, committing):
    gallery = clinic[2]
    proxy.received.clear()
    gallery.title = "Results"
    with committing():
        gallery.save_revision().publish()
    assert ("PURGE", {f"page-{gallery.pk}", "pages"}) in proxy.received


def test_deleting_a_page_that_is_not_a_treatment_purges_it(clinic, proxy, committing):
    gallery = clinic[2]
    gallery_pk = gallery.pk
    proxy.received.clear()
    with committing():
        gallery.delete()
    assert ("PURGE", {f"page-{gallery_pk}", "pages"}) in proxy.received


def test_everything_changed_bans_everything(proxy, committing):
    with committing():
        record_everything("site.changed")
    assert ("BAN", set()) in proxy.received


def test_a_proxy_that_fails_is_logged_and_the_change_stands(clinic, proxy, caplog, committing):
    serum = clinic[4]
    proxy.status = 500
    with caplog.at_level(logging.WARNING, logger="treatments.change_log.purges"), committing():
        serum.price = 61
        serum.save()
    serum.refresh_from_db()
    assert serum.price == 61
    assert "Frontend cache PURGE" in caplog.text


def test_an_unreachable_proxy_is_logged_and_the_change_stands(clinic, settings, caplog, committing):
    serum = clinic[4]
    settings.FRONTEND_CACHE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    with caplog.at_level(logging.WARNING, logger="treatments.change_log.purges"), committing():
        serum.price = 62
        serum.save()
    assert "Frontend cache PURGE" in caplog.text


def test_nothing_is_sent_without_a_proxy(clinic, settings, monkeypatch, committing):
    settings.FRONTEND_CACHE_URL = ""
    sent = []
    monkeypatch.setattr(purges, "_request", lambda *args: sent.append(args))
    with committing():
        clinic[4].save()
    assert sent == []


def test_many_keys_are_split_so_no_purge_header_is_too_long(settings, monkeypatch):
    settings.FRONTEND_CACHE_URL = "http://127.0.0.1:9"
    sent = []
    monkeypatch.setattr(purges, "_request", lambda url, method, headers: sent.append(headers["xkey-purge"]))
    purges.send({f"treatment-{pk}" for pk in range(5000)})
    assert len(sent) > 1
    assert all(len(header) <= purges.MAX_HEADER_CHARS for header in sent)
    assert sum(len(header.split()) for header in sent) == 5000
