"""Finding 5, second half: preview tokens. A malformed payload is a 403 in the API's error shape (never a 500),
a token dated in the future is refused, and an editor revokes every preview link of a page from its editor."""

import datetime
import zlib

import pytest
import time_machine
from django.core import signing
from django.utils import timezone
from rest_framework.test import APIClient
from wagtail.models import Page

from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments.api.preview import SALT, make_token
from treatments.api.preview_keys import current_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def drafted(treatment_index):
    page = publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes"))
    page.title = "Exosomes (draft rewrite)"
    page.save_revision()
    return Page.objects.get(pk=page.pk).specific


def preview(api, token):
    return api.get("/api/v1/preview/", {"token": token})


def assert_refused(response, words=""):
    assert response.status_code == 403, response.content
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (403, "invalid_preview_token")
    assert words in error["message"]


def signed(payload):
    return signing.dumps(payload, salt=SALT, compress=True)


@pytest.mark.parametrize(
    "page_value",
    ["1", "abc", {"id": 1}, [1], 10**30, 2**63, -1, 0, True, 1.5, None],
    ids=[
        "digit-string",
        "string",
        "object",
        "list",
        "huge",
        "int64-overflow",
        "negative",
        "zero",
        "bool",
        "float",
        "null",
    ],
)
def test_a_correctly_signed_token_with_a_malformed_page_is_a_403(api, drafted, page_value):
    assert_refused(preview(api, signed({"page": page_value, "key": current_key(drafted.pk)})))


@pytest.mark.parametrize(
    "payload", [[1, 2], "page", 7, None, {}, {"page": 1}, {"key": "x"}], ids=lambda p: type(p).__name__ + str(p)[:8]
)
def test_a_correctly_signed_token_of_another_shape_is_a_403(api, drafted, payload):
    assert_refused(preview(api, signed(payload)))


def test_a_signed_value_that_is_not_a_payload_at_all_is_a_403(api, drafted):
    signer = signing.TimestampSigner(salt=SALT)
    not_base64 = signer.sign("!!!not base64!!!")
    not_zlib = signer.sign("." + signing.b64_encode(b"plainly not compressed").decode())
    not_json = signer.sign(signing.b64_encode(b"{page: 1").decode())
    not_text = signer.sign("." + signing.b64_encode(zlib.compress(b"\xff\xfe\x00")).decode())
    for token in (not_base64, not_zlib, not_json, not_text):
        assert_refused(preview(api, token))


def test_a_token_dated_in_the_future_is_refused(api, drafted):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        from_the_future = make_token(drafted)
    assert_refused(preview(api, from_the_future), "future")
    assert preview(api, make_token(drafted)).status_code == 200


def test_a_token_without_the_pages_key_is_refused(api, drafted):
    assert_refused(preview(api, signed({"page": drafted.pk})))


def test_an_editor_revokes_every_preview_link_of_a_page_from_the_editor(api, client, drafted, treatment_index):
    from django.contrib.auth import get_user_model

    other = publish(f.TreatmentPageFactory(parent=treatment_index, title="PRP"))
    editor = get_user_model().objects.create_superuser("editor", password="x")
    api.force_authenticate(editor)
    leaked = [api.get(f"/api/v1/preview/token/{drafted.pk}/").json()["preview_api_url"] for _ in range(2)]
    other_link = api.get(f"/api/v1/preview/token/{other.pk}/").json()["preview_api_url"]
    api.force_authenticate(None)
    assert all(api.get(url).status_code == 200 for url in leaked)

    client.force_login(editor)
    editor_page = client.get(f"/admin/pages/{drafted.pk}/edit/").content.decode()
    revoke_url = f"/admin/treatments/pages/{drafted.pk}/revoke-preview-links/"
    assert "Revoke preview links" in editor_page
    assert revoke_url in editor_page
    confirm = client.get(revoke_url)
    assert confirm.status_code == 200
    assert "Revoke every preview link" in confirm.content.decode()
    assert all(api.get(url).status_code == 200 for url in leaked), "only confirming revokes"

    done = client.post(revoke_url, follow=True)
    assert done.redirect_chain[-1][0] == f"/admin/pages/{drafted.pk}/edit/"
    assert "has been revoked" in done.content.decode()
    for url in leaked:
        assert_refused(api.get(url), "revoked")
    assert api.get(other_link).status_code == 200, "other pages' links keep working"
    assert preview(api, make_token(drafted)).status_code == 200, "a new link works"
    history = client.get(f"/admin/pages/{drafted.pk}/history/").content.decode()
    assert "Revoke preview links" in history


def test_someone_who_may_not_edit_the_page_cannot_revoke(client, drafted, django_user_model):
    token = make_token(drafted)
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(stranger)
    response = client.post(f"/admin/treatments/pages/{drafted.pk}/revoke-preview-links/")
    assert response.status_code in (302, 403)
    assert preview(APIClient(), token).status_code == 200
