"""Withdrawing consent in the admin: the case vanishes from every route and its photos stop serving at once."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail import hooks
from wagtail.images import get_image_model

from galleries.models import ConsentRecord
from galleries.photos import photo_url
from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db


def embed_html(treatment):
    (render,) = hooks.get_hooks("treatments_gallery_cases_html")
    return render(treatment, 3, None)


def test_withdraw_action_hides_the_case_everywhere_at_once(admin_client, client, gallery, treatment):
    case = consented_case("valid", treatments=[treatment])
    pair = case.photo_pairs.get()
    marker = f'id="case-{case.pk}"'
    photo = photo_url(pair.pk, "before", "md", "jpeg")
    # Warm every cache and rendition first, as real traffic would.
    assert marker in client.get(gallery.url).content.decode()
    assert marker in embed_html(treatment)
    assert client.get(photo).status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    rendition_files = [r.file.name for r in get_image_model().get_rendition_model().objects.all()]
    assert rendition_files

    url = reverse("galleries_consent_withdraw", args=[case.consent.pk])
    assert "Withdraw consent now" in admin_client.get(url).content.decode()
    response = admin_client.post(url, follow=True)
    assert "no longer shown anywhere" in response.content.decode()

    assert ConsentRecord.objects.get(pk=case.consent.pk).withdrawn_on is not None
    assert marker not in client.get(gallery.url).content.decode()
    assert marker not in embed_html(treatment), "the cached embed must not outlive the withdrawal"
    assert client.get(photo).status_code == 404
    assert client.get(photo_url(pair.pk, "after", "sm", "webp", "mobile_app")).status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert case.pk not in [item["id"] for item in client.get("/api/v1/cases/").json()["results"]]
    storage = get_image_model().get_rendition_model()._meta.get_field("file").storage
    assert not any(storage.exists(name) for name in rendition_files), "rendition files are deleted"
    assert not get_image_model().get_rendition_model().objects.exists()


def test_withdraw_action_is_listed_on_the_consent_records_listing(admin_client):
    case = consented_case("valid")
    listing = admin_client.get(reverse("wagtailsnippets_galleries_consentrecord:list")).content.decode()
    assert reverse("galleries_consent_withdraw", args=[case.consent.pk]) in listing


def test_withdrawing_twice_keeps_the_first_date(admin_client):
    case = consented_case("withdrawn")
    first = case.consent.withdrawn_on
    admin_client.post(reverse("galleries_consent_withdraw", args=[case.consent.pk]))
    case.consent.refresh_from_db()
    assert case.consent.withdrawn_on == first


def test_staff_without_permission_cannot_withdraw(client, django_user_model):
    case = consented_case("valid")
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(reverse("galleries_consent_withdraw", args=[case.consent.pk]))
    assert response.status_code in (302, 403)
    case.consent.refresh_from_db()
    assert case.consent.withdrawn_on is None


def test_signed_form_is_stored_privately_and_downloadable_only_with_permission(
    admin_client, client, django_user_model, settings
):
    case = consented_case("valid")
    consent = case.consent
    consent.signed_form.save("Jane Doe consent.pdf", ContentFile(b"%PDF-1.4 signed"))
    path = consent.signed_form.path
    assert path.startswith(str(settings.GALLERIES_PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "Jane" not in consent.signed_form.name
    with pytest.raises(ValueError, match="no public URL"):
        consent.signed_form.url  # noqa: B018

    url = reverse("galleries_consent_form", args=[consent.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]

    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    refused = client.get(url)
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_deleting_the_consent_record_hides_the_case_and_drops_cached_embeds(client, gallery, treatment):
    case = consented_case("valid", treatments=[treatment])
    pair = case.photo_pairs.get()
    assert f'id="case-{case.pk}"' in embed_html(treatment)
    assert client.get(photo_url(pair.pk, "before", "sm", "jpeg")).status_code == 200
    case.consent.delete()
    assert f'id="case-{case.pk}"' not in embed_html(treatment)
    assert client.get(photo_url(pair.pk, "before", "sm", "jpeg")).status_code == 404
    assert not get_image_model().get_rendition_model().objects.exists()


def test_unpublishing_a_treatment_drops_its_name_from_cached_embeds(gallery, treatment, home_and_index):
    from tests.factories.treatments import TreatmentPageFactory

    peel = TreatmentPageFactory(parent=home_and_index[1], title="Glycolic peel", slug="peel")
    consented_case(treatments=[treatment, peel])
    assert "Glycolic peel" in embed_html(treatment)
    peel.unpublish()
    assert "Glycolic peel" not in embed_html(treatment)
