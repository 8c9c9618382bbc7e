"""The Wagtail admin for treatments, and `ensure_admin`, which makes the logins `make run` prints."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from tests.factories import treatments as f
from tests.treatments.page_forms import edit_form_data
from treatments.models import Clinician, Condition, Product, TreatmentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "a-long-test-password"))
    return client


@pytest.fixture
def page(treatment_index):
    return f.TreatmentPageFactory(parent=treatment_index, title="Exosomes", slug="exosomes")


# ---------------------------------------------------------------- page editor
def test_treatment_edit_view_shows_its_tabs(admin_client, page):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    tabs = []
    for tab in soup.select('[role="tablist"] [role="tab"]'):
        tab.select_one(".w-tabs__errors").decompose()  # the error counter, empty while the form is valid
        tabs.append(" ".join(tab.get_text().split()))
    assert tabs == ["Summary", "Body", "Review & SEO", "Advertising rules", "Promote"]


@pytest.mark.parametrize("score", ["7", "-1"])
def test_saving_an_out_of_range_science_score_shows_the_message(admin_client, page, score):
    data = edit_form_data(admin_client, page, science_score=score)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "Science score must be between 0 and 5." in response.content.decode()
    page.refresh_from_db()
    assert page.science_score == 3


def test_saving_prices_the_wrong_way_round_shows_the_message(admin_client, page):
    data = edit_form_data(admin_client, page, price_from="900", price_to="400")
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "Price from is higher than price to." in response.content.decode()


def test_saving_a_valid_draft_from_the_editor_keeps_the_page_unchanged_for_visitors(admin_client, page):
    page.save_revision().publish()
    data = edit_form_data(admin_client, page, comments="Edited verdict.")
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    assert TreatmentPage.objects.get(pk=page.pk).comments == "Works for most people."
    latest = TreatmentPage.objects.get(pk=page.pk).get_latest_revision().as_object()
    assert latest.comments == "Edited verdict."


@pytest.mark.parametrize("model", [Clinician, Product, Condition])
def test_snippet_list_views_load(admin_client, model, treatment_index):
    f.ClinicianFactory(name="Dr Maya Ellison")
    f.ProductFactory(name="Barrier Repair Serum", shop_id=9833)
    f.ConditionFactory(name="Acne scars")
    response = admin_client.get(reverse(model.snippet_viewset.get_url_name("list")))
    assert response.status_code == 200
    expected = {Clinician: "Dr Maya Ellison", Product: "Barrier Repair Serum", Condition: "Acne scars"}[model]
    assert expected in response.content.decode()


# ---------------------------------------------------------------- ensure_admin
@pytest.fixture
def logins(tmp_path, monkeypatch):
    """Run ensure_admin with a throwaway password file and no password variables unless a test sets them."""
    for name in ("ADMIN_USERNAME", "ADMIN_PASSWORD", "DEMO_PASSWORD", "ADMIN_PASSWORD_FILE"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / ".admin-password"

    def run(*args):
        out = io.StringIO()
        call_command("ensure_admin", "--password-file", str(path), *args, stdout=out)
        return out.getvalue()

    run.path = path
    return run


def saved(path):
    return dict(line.split(":", 1) for line in path.read_text().splitlines())


def test_first_run_generates_prints_and_saves_the_admin_password(logins):
    output = logins()
    password = saved(logins.path)["admin"]
    assert len(password) >= 16
    assert f"username admin, password {password}" in output
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(password)
    assert oct(logins.path.stat().st_mode & 0o777) == "0o600"


def test_second_run_prints_the_same_password_and_changes_nothing(logins):
    logins()
    hash_before = User.objects.get(username="admin").password
    output = logins()
    assert f"password {saved(logins.path)['admin']}" in output
    assert User.objects.get(username="admin").password == hash_before
    assert User.objects.filter(username="admin").count() == 1


def test_admin_password_from_the_environment_resets_the_password(logins, monkeypatch):
    logins()
    monkeypatch.setenv("ADMIN_PASSWORD", "chosen-by-the-operator-42")
    output = logins()
    assert "chosen-by-the-operator-42" not in output
    assert "password from ADMIN_PASSWORD" in output
    assert User.objects.get(username="admin").check_password("chosen-by-the-operator-42")
    assert "admin" not in saved(logins.path)


def test_an_existing_admin_keeps_its_password_when_nothing_is_saved(logins):
    User.objects.create_superuser("admin", "admin@example.com", "owner-chose-this-one")
    output = logins("--no-demo-users")
    assert "password unchanged (set ADMIN_PASSWORD to reset it)" in output
    assert User.objects.get(username="admin").check_password("owner-chose-this-one")


def test_a_saved_password_that_no_longer_matches_is_not_printed(logins):
    logins()
    stale = saved(logins.path)["admin"]
    admin = User.objects.get(username="admin")
    admin.set_password("changed-in-the-admin-99")
    admin.save()
    output = logins()
    assert stale not in output
    assert admin.check_password("changed-in-the-admin-99")


def test_admin_username_comes_from_the_environment(logins, monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "clinic-owner")
    logins("--no-demo-users")
    assert User.objects.get(username="clinic-owner").is_superuser
    assert not User.objects.filter(username="admin").exists()


def test_demo_editor_and_clinician_are_in_the_workflow_groups(logins):
    logins()
    editor, clinician = User.objects.get(username="editor"), User.objects.get(username="clinician")
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert list(clinician.groups.values_list("name", flat=True)) == ["Clinicians"]
    assert not editor.is_superuser and not clinician.is_superuser
    assert clinician.has_perm("wagtailadmin.access_admin")
    assert clinician.check_password(saved(logins.path)["clinician"])


def test_the_demo_exosome_article_opens_in_the_editor_with_every_block(admin_client, db):
    call_command("load_demo", stdout=io.StringIO())
    page = TreatmentPage.objects.get(slug="exosomes")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The blocks' saved values reach the editor's form state (a JSON attribute the admin's JavaScript reads).
    for text in ("Rate-limiting factors", "Better uses of an exosome budget", "ProTip on exosomes", "Tretinoin cream"):
        assert text in html
