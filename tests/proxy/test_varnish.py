"""Varnish with the shipped VCL in front of a live server: repeats are served by Varnish, and the change log's
purges make the next request after a publish, a new price or a consent withdrawal show the change."""

import re
import shutil
import socket
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from galleries.consent import withdraw_consent
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from tests.factories.treatments import site_tree

VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"
XKEY = [
    *Path("/usr/lib").glob("varnish/vmods/libvmod_xkey.so"),
    *Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"),
]

pytestmark = [
    pytest.mark.proxy,
    pytest.mark.skipif(VARNISHD is None or not XKEY, reason="varnish or varnish-modules missing (make proxy-deps)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def price_shown(html):
    """The price on the page's product card."""
    found = re.search(r'class="product-card__price">([^<]*)<', html)
    assert found, "the page shows the product card"
    return found.group(1)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def vcl_for(backend_port, folder):
    """The shipped VCL with only its backend line pointed at the live server."""
    text, count = re.subn(
        r"^backend default \{.*\}$",
        f'backend default {{ .host = "127.0.0.1"; .port = "{backend_port}"; }}',
        VCL.read_text(),
        flags=re.M,
    )
    assert count == 1, "the VCL has one backend line for a deployer to edit"
    path = folder / "test.vcl"
    path.write_text(text)
    return path


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    port = free_port()
    workdir = tmp_path / "varnish"
    workdir.mkdir()
    backend_port = int(live_server.url.rsplit(":", 1)[1])
    vcl = vcl_for(backend_port, tmp_path)
    command = [VARNISHD, "-F", "-j", "none", "-n", str(workdir), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0"]
    process = subprocess.Popen(  # noqa: S603 - Debian's varnishd, fixed arguments
        [*command, "-f", str(vcl), "-s", "malloc,32m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"varnishd did not start: {process.stderr.read().decode()}") from None
                time.sleep(0.1)
        settings.FRONTEND_CACHE_URL = url
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url, **kwargs):
    """(status, X-Cache, body) through Varnish."""
    answer = requests.get(url, timeout=10, **kwargs)
    return answer.status_code, answer.headers.get("X-Cache"), answer.content.decode(errors="replace")


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def clinic():
    home, index = site_tree()
    GalleryPageFactory(parent=home)
    serum = f.ProductFactory(name="Recovery serum", price=Decimal("49.00"))
    treatment = f.TreatmentPageFactory(parent=index, title="Microneedling", slug="microneedling")
    treatment.body = [f.product(serum), f.gallery_link(case_count=3)]
    publish(treatment)
    case = consented_case("valid", title="Forehead lines", treatments=[treatment])
    return treatment, serum, case


def twice(url):
    """The first answer and whether the second came from Varnish."""
    first = get(url)
    second = get(url)
    assert second[2] == first[2]
    return first, second[1]


def test_varnish_serves_repeats_and_forgets_exactly_what_changed(varnish, clinic):
    treatment, serum, case = clinic
    page = f"{varnish}{treatment.url}"
    api = f"{varnish}/api/v1/treatments/{treatment.pk}/"
    case_api = f"{varnish}/api/v1/cases/{case.pk}/"
    listing = f"{varnish}/api/v1/treatments/"
    product_api = f"{varnish}/api/v1/products/{serum.pk}/"

    for url in (page, api, case_api, listing, product_api):
        (status, _, _), cached = twice(url)
        assert status == 200, url
        assert cached == "HIT", f"{url} is served by Varnish the second time"

    # A publish: the treatment's page, its JSON and the list show the new title at once.
    treatment.title = "Microneedling with PRP"
    publish(treatment)
    assert "Microneedling with PRP" in get(page)[2]
    assert get(api)[2].count("Microneedling with PRP") >= 1
    assert "Microneedling with PRP" in get(listing)[2]
    assert get(product_api)[1] == "HIT", "a product the publish did not touch stays cached"

    # A product's new price: the treatment showing it is purged, HTML and JSON.
    assert "49" in price_shown(get(page)[2])
    serum.price = Decimal("57.00")
    serum.save()
    status, cache, body = get(page)
    # Only the product card's price: "49" may be anywhere else in a page (a fingerprint, an id).
    assert cache == "MISS" and "57" in price_shown(body) and "49" not in price_shown(body)
    assert '"57.00"' in get(product_api)[2]

    # A consent withdrawal: the case leaves the treatment's page and the cases API at the next request.
    marker = f'id="case-{case.pk}"'
    assert marker in get(page)[2]
    withdraw_consent(case.consent)
    assert marker not in get(page)[2]
    assert get(case_api)[0] == 404
    assert str(case.pk) not in [str(item) for item in re.findall(r'"id":\s*(\d+)', get(f"{varnish}/api/v1/cases/")[2])]


def test_signed_in_visitors_and_case_photos_are_never_cached(varnish, clinic):
    treatment, _serum, case = clinic
    signed_in = [get(f"{varnish}{treatment.url}", headers={"Cookie": "sessionid=abc"})[1] for _ in range(2)]
    assert signed_in == ["MISS", "MISS"]
    photo = f"{varnish}/case-photos/website/{case.photo_pairs.get().pk}/before-md.jpeg"
    assert [get(photo)[1] for _ in range(2)] == ["MISS", "MISS"]


def test_a_ban_clears_everything(varnish, clinic):
    treatment, _serum, _case = clinic
    page = f"{varnish}{treatment.url}"
    assert twice(page)[1] == "HIT"
    assert requests.request("BAN", f"{varnish}/", timeout=5).status_code == 200
    assert get(page)[1] == "MISS"
