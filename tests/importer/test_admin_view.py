"""The "Import articles" admin view: upload, report, form errors for bad files, and who may use it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import GroupPagePermission

from treatments.importer.origins import ImportedArticle
from treatments.models import TreatmentPage

from .conftest import SAMPLES

URL = "/admin/treatments/import/"


@pytest.fixture
def admin_client(client, django_user_model, treatment_index):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_view_is_registered_with_a_menu_item(admin_client):
    assert reverse("treatments_import_articles") == URL
    response = admin_client.get("/admin/")
    assert URL.encode() in response.content
    assert b"Import articles" in response.content


def test_upload_imports_drafts_and_shows_the_report(admin_client, treatment_index):
    response = admin_client.post(
        URL, {"file": upload(SAMPLES / "clinic-export.xml"), "parent": treatment_index.pk}, follow=True
    )

    assert response.status_code == 200
    pages = TreatmentPage.objects.order_by("title")
    assert [page.title for page in pages] == ["Fractional Laser", "Polynucleotides"]
    assert not any(page.live for page in pages)
    content = response.content.decode()
    for page in pages:
        assert f'href="/admin/pages/{page.pk}/edit/"' in content
    assert "Created product <strong>Imported product 8120</strong>" in content
    assert "faq&gt;rich_table" in content  # what became which block, answers included
    assert "Imported 2 article(s) as drafts (2 new, 0 updated, 0 unchanged)" in content
    assert pages[0].revisions.get().user.username == "editor"


def test_uploading_the_same_file_again_updates_the_same_pages(admin_client, treatment_index):
    for _ in range(2):
        admin_client.post(URL, {"file": upload(SAMPLES / "led-light-therapy.txt"), "parent": treatment_index.pk})

    assert TreatmentPage.objects.count() == 1
    assert ImportedArticle.objects.get().source_key == "upload:led-light-therapy.txt"


def test_dry_run_upload_saves_nothing(admin_client, treatment_index):
    response = admin_client.post(
        URL, {"file": upload(SAMPLES / "led-light-therapy.txt"), "parent": treatment_index.pk, "dry_run": "on"}
    )

    assert response.status_code == 200
    assert b"Dry run: nothing was saved." in response.content
    assert not TreatmentPage.objects.exists()


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("broken/malformed.xml", "is malformed XML (line 10, column 2)"),
        ("broken/cp1252-article.txt", "is not UTF-8 text (byte 0xe9 on line 4)"),
        ("broken/before-after.jpg", "looks like a binary file"),
    ],
)
def test_a_bad_file_is_a_form_error_not_a_500(admin_client, treatment_index, sample, message):
    response = admin_client.post(URL, {"file": upload(SAMPLES / sample), "parent": treatment_index.pk})

    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert not TreatmentPage.objects.exists()


def test_a_file_over_the_upload_limit_is_refused(admin_client, treatment_index, settings):
    settings.TREATMENTS_IMPORT_MAX_UPLOAD_BYTES = 500

    response = admin_client.post(URL, {"file": upload(SAMPLES / "led-light-therapy.txt"), "parent": treatment_index.pk})

    assert "the limit is 500" in response.context["form"].errors["file"][0]
    assert not TreatmentPage.objects.exists()


def test_missing_file_is_a_form_error(admin_client, treatment_index):
    response = admin_client.post(URL, {"parent": treatment_index.pk})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["This field is required."]


def test_editors_without_add_permission_are_refused(client, django_user_model, treatment_index):
    user = django_user_model.objects.create_user("reader", "reader@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.post(URL, {"file": upload(SAMPLES / "led-light-therapy.txt"), "parent": treatment_index.pk})
    assert response.status_code == 302  # Wagtail turns PermissionDenied into a redirect with a message
    assert response.url == "/admin/"
    assert not TreatmentPage.objects.exists()
    assert b"Import articles" not in client.get("/admin/").content


def test_editors_with_add_permission_may_import(client, django_user_model, treatment_index):
    group = Group.objects.create(name="Writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=treatment_index, permission=Permission.objects.get(codename="add_page")
    )
    user = django_user_model.objects.create_user("writer", "writer@example.com", "pw")
    user.groups.add(group)
    client.force_login(user)

    response = client.post(URL, {"file": upload(SAMPLES / "led-light-therapy.txt"), "parent": treatment_index.pk})

    assert response.status_code == 200
    assert TreatmentPage.objects.get().owner == user


def test_anonymous_visitors_are_sent_to_the_login(client, treatment_index):
    response = client.post(URL, {"file": upload(SAMPLES / "led-light-therapy.txt"), "parent": treatment_index.pk})

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert not TreatmentPage.objects.exists()
