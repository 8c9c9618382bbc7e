"""Headless preview: a signed, expiring token shows one page's latest draft; anything else gets a 403."""

import pytest
from django.core import signing
from django.test import override_settings
from wagtail.models import Page

from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments.api.preview import make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(treatment_index):
    page = publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes"))
    page.title = "Exosomes (draft rewrite)"
    page.save_revision()
    return Page.objects.get(pk=page.pk).specific


def test_a_valid_token_shows_the_latest_draft(api, drafted):
    response = api.get("/api/v1/preview/", {"token": make_token(drafted)})
    assert response.status_code == 200
    assert response.json()["title"] == "Exosomes (draft rewrite)"
    assert "no-store" in response["Cache-Control"]
    assert api.get(f"/api/v1/treatments/{drafted.pk}/").json()["title"] == "Exosomes"


def test_a_never_published_page_can_be_previewed(api, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Brand new", live=False)
    page.save_revision()
    assert api.get("/api/v1/preview/", {"token": make_token(page)}).json()["title"] == "Brand new"


def test_a_tampered_token_gets_403(api, drafted):
    token = make_token(drafted)
    forged = signing.dumps({"page": drafted.pk}, salt="some.other.salt", compress=True)
    for bad in [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "nonsense"]:
        response = api.get("/api/v1/preview/", {"token": bad})
        assert response.status_code == 403
        assert response.json()["error"]["status"] == 403


def test_an_expired_token_gets_403(api, drafted):
    token = make_token(drafted)
    with override_settings(TREATMENTS_API_PREVIEW_MAX_AGE=-1):
        response = api.get("/api/v1/preview/", {"token": token})
    assert response.status_code == 403
    assert "expired" in response.json()["error"]["message"]


def test_a_preview_is_never_cached_for_other_clients(api, drafted):
    api.get("/api/v1/preview/", {"token": make_token(drafted)})
    assert api.get(f"/api/v1/treatments/{drafted.pk}/").json()["title"] == "Exosomes"


def test_editors_get_tokens_and_strangers_do_not(api, drafted, django_user_model):
    assert api.get(f"/api/v1/preview/token/{drafted.pk}/").status_code in (401, 403)
    stranger = django_user_model.objects.create_user("stranger", password="x")
    api.force_authenticate(stranger)
    assert api.get(f"/api/v1/preview/token/{drafted.pk}/").status_code == 403
    editor = django_user_model.objects.create_superuser("editor", password="x")
    api.force_authenticate(editor)
    with override_settings(TREATMENTS_API_PREVIEW_FRONTEND_URL="https://app.example/preview?t={token}"):
        data = api.get(f"/api/v1/preview/token/{drafted.pk}/").json()
    assert data["frontend_url"] == f"https://app.example/preview?t={data['token']}"
    api.force_authenticate(None)
    assert api.get(data["preview_api_url"]).json()["title"] == "Exosomes (draft rewrite)"


def test_editors_open_the_app_preview_from_a_button(api, drafted, django_user_model, rf):
    from treatments.api.admin import page_header_buttons

    editor = django_user_model.objects.create_superuser("editor", password="x")
    with override_settings(TREATMENTS_API_PREVIEW_FRONTEND_URL="https://app.example/preview?t={token}"):
        buttons = [button for button in page_header_buttons(drafted, editor, "edit") if button.is_shown(editor)]
        assert [button.label for button in buttons] == ["Preview in app"]
        api.force_authenticate(editor)
        response = api.get(buttons[0].url)
    assert response.status_code == 302
    token = response["Location"].split("t=", 1)[1]
    api.force_authenticate(None)
    assert api.get("/api/v1/preview/", {"token": token}).json()["title"] == "Exosomes (draft rewrite)"


def test_no_preview_button_without_a_front_end(drafted, django_user_model):
    from treatments.api.admin import page_header_buttons

    editor = django_user_model.objects.create_superuser("editor", password="x")
    with override_settings(TREATMENTS_API_PREVIEW_FRONTEND_URL=""):
        assert not any(button.is_shown(editor) for button in page_header_buttons(drafted, editor, "edit"))


def test_the_page_editor_shows_the_button(client, drafted, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", password="x")
    client.force_login(editor)
    with override_settings(TREATMENTS_API_PREVIEW_FRONTEND_URL="https://app.example/preview?t={token}"):
        response = client.get(f"/admin/pages/{drafted.pk}/edit/")
    assert response.status_code == 200
    assert "Preview in app" in response.content.decode()
