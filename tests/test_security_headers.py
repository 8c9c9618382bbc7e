"""Security headers on every kind of response: CSP by path, Permissions-Policy, and the cross-origin headers."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from galleries.photos import photo_url
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from tests.factories.images import ImageFactory

pytestmark = pytest.mark.django_db

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_strict(policy):
    """No inline or eval'd script or style, nothing from another origin, no plugins."""
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], f"{directive}: {policy[directive]}"
    for directive in ("default-src", "connect-src", "font-src"):
        assert policy[directive] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert all("'unsafe-eval'" not in sources for sources in policy.values())


def assert_always_headers(response):
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, f"{name} on {response.request['PATH_INFO']}"
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "interest-cohort"):
        assert f"{feature}=()" in permissions, f"{feature} not off on {response.request['PATH_INFO']}"


@pytest.fixture
def public_site(home_and_index):
    home, index = home_and_index
    treatment = f.TreatmentPageFactory(parent=index, title="Exosome therapy", slug="exosomes")
    treatment.body = [f.faq("Do they work?", "<p>Evidence is early.</p>")]
    treatment.save_revision().publish()
    gallery = GalleryPageFactory(parent=home)
    case = consented_case(treatments=[treatment])
    return {"home": home, "index": index, "treatment": treatment, "gallery": gallery, "case": case}


@pytest.fixture
def editor_client(db):
    user = User.objects.create_superuser("admin", "admin@clinic.example", "pw")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "path",
    ["/", "/treatments/", "/treatments/exosomes/", "/results/", "/search/?q=exosome", "/no-such-page/"],
)
def test_public_pages_get_the_strict_policy_and_every_header(client, public_site, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert_strict(directives(response))
    assert_always_headers(response)
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/api/v1/treatments/", "/api/v1/treatments/exosomes/", "/api/v1/nothing-here/"])
def test_api_responses_get_the_strict_policy_and_every_header(client, public_site, path):
    response = client.get(path, HTTP_ACCEPT="application/json")
    assert response.status_code in {200, 404}
    assert response["Content-Type"].startswith("application/json")
    assert_strict(directives(response))
    assert_always_headers(response)
    # Apps' web front ends on other origins may fetch it (CORS still decides what they may read).
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_a_url_refused_before_any_view_still_gets_the_headers(client, db):
    response = client.get("/api/v1/treatments/?search=a%00b")
    assert response.status_code == 400
    assert_strict(directives(response))
    assert_always_headers(response)


def test_case_photos_get_every_header_and_stay_same_origin(client, public_site):
    pair = public_site["case"].photo_pairs.first()
    response = client.get(photo_url(pair.pk, "before", "sm", "jpeg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert_always_headers(response)
    # No other site can pull a patient's photo into its pages.
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.urls("tests.galleries.media_urls")
def test_public_renditions_get_every_header_and_may_be_shown_elsewhere(client, db):
    rendition = ImageFactory().get_rendition("width-200")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert_always_headers(response)
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_api_docs_run_swagger_ui_from_files_under_their_own_policy(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"], "Swagger UI's start-up script must be a file, not inline"
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["connect-src"] == ["'self'"]
    assert_always_headers(response)
    html = response.content.decode()
    assert "<script>" not in html, "an inline script would be refused by the docs' policy"
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_admin_gets_its_own_policy_still_without_eval(editor_client, home_and_index, path):
    response = editor_client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"], "Wagtail 8's widgets write inline scripts"
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    assert_always_headers(response)


def test_admin_sign_in_page_is_served_under_the_admin_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-eval'" not in directives(response)["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == ["'none'"]


def test_frame_ancestors_follows_x_frame_options(client, public_site, settings):
    """Wagtail's live preview frames pages same-origin: production's SAMEORIGIN gives frame-ancestors 'self'."""
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"
    response = client.get("/treatments/exosomes/")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == ["'self'"]

    settings.X_FRAME_OPTIONS = "DENY"
    response = client.get("/treatments/exosomes/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == ["'none'"]


def test_wagtail_preview_may_be_framed_by_the_admin(editor_client, public_site):
    """The live preview renders the page through the middleware a second time, for the page's own URL: the
    header the browser gets is the one for the admin URL it asked, framable by the admin as X-Frame-Options says."""
    treatment = public_site["treatment"]
    revision = treatment.latest_revision
    response = editor_client.get(f"/admin/pages/{treatment.pk}/revisions/{revision.pk}/view/")
    assert response.status_code == 200
    assert b"Exosome therapy" in response.content
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"], "the admin URL's policy, not the page URL's"
    assert policy["frame-ancestors"] == ["'none'" if response.headers["X-Frame-Options"] == "DENY" else "'self'"]


def test_public_templates_render_no_inline_script_or_style(client, public_site):
    """What the policy would refuse: inline <script> (JSON-LD data blocks aside), <style>, style= and on*=."""
    from bs4 import BeautifulSoup

    for path in ["/", "/treatments/", "/treatments/exosomes/", "/results/", "/search/?q=exosome", "/nope/"]:
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", f"inline script on {path}"
        assert not soup.find_all("style"), f"<style> on {path}"
        for element in soup.find_all(True):
            assert "style" not in element.attrs, f"style= on {path}: {element}"
            handlers = [name for name in element.attrs if name.startswith("on")]
            assert not handlers, f"event handler on {path}: {element}"


def test_server_error_page_has_no_inline_style():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<style" not in html
    assert "error-page.css" in html


def test_media_origins_join_img_src(settings):
    from importlib import reload

    import clinic_site.settings.base as base

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDIA_URL", "https://media.clinic.example/m/")
        patch.setenv("CSP_EXTRA_IMG_SRC", "https://bucket.example")
        reloaded = reload(base)
        img_src = reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    reload(base)
    assert img_src == ["'self'", "https://media.clinic.example", "https://bucket.example"]
