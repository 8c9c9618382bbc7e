"""Webhook subscribers in the admin: administrators only, a clear message for a bad URL or no events."""

import re

import pytest

from treatments.webhooks.models import WebhookSubscriber

pytestmark = pytest.mark.django_db
ADD = "/admin/webhooks/subscribers/new/"


def test_a_url_that_is_not_http_is_refused_with_a_message(admin_client):
    response = admin_client.post(ADD, {"name": "App", "url": "ftp://files.example/hooks", "active": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a URL starting with http:// or https://" in page
    assert "Choose at least one event to send to this URL." in page
    assert not WebhookSubscriber.objects.exists()


def test_an_administrator_adds_a_subscriber_and_sees_its_secret(admin_client):
    response = admin_client.post(
        ADD,
        {"name": "App", "url": "https://app.example/hooks", "events": ["case.withdrawn", "treatment.published"]},
    )
    assert response.status_code == 302
    subscriber = WebhookSubscriber.objects.get()
    assert subscriber.events == ["case.withdrawn", "treatment.published"]
    assert len(subscriber.secret) == 64
    page = admin_client.get(f"/admin/webhooks/subscribers/inspect/{subscriber.pk}/").content.decode()
    assert subscriber.secret in page
    edit = admin_client.get(f"/admin/webhooks/subscribers/edit/{subscriber.pk}/").content.decode()
    assert re.search(r'value="case.withdrawn"[^>]*checked', edit)
    assert not re.search(r'value="product.changed"[^>]*checked', edit)
    assert "app.example" in admin_client.get("/admin/webhooks/subscribers/").content.decode()


def test_an_editor_cannot_see_subscribers_or_their_secrets(client, django_user_model):
    from django.contrib.auth.models import Group, Permission

    editor = django_user_model.objects.create_user("editor", password="pw")
    group = Group.objects.create(name="Everything but admin")
    group.permissions.set(Permission.objects.all())
    editor.groups.add(group)
    client.force_login(editor)
    subscriber = WebhookSubscriber.objects.create(name="App", url="https://app.example/", events=["case.changed"])
    for url in (ADD, "/admin/webhooks/subscribers/", f"/admin/webhooks/subscribers/inspect/{subscriber.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert subscriber.secret not in response.content.decode()


def test_the_webhooks_menu_is_for_administrators_only(admin_client, client, django_user_model):
    from django.contrib.auth.models import Group

    assert "Webhooks" in admin_client.get("/admin/").content.decode()
    assert admin_client.get("/admin/webhooks/deliveries/").status_code == 200
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and "Webhooks" not in dashboard.content.decode()
    assert client.get("/admin/webhooks/deliveries/").status_code in (302, 403)


def test_a_task_backend_that_cannot_wait_is_warned_about(settings):
    from treatments.webhooks.checks import check_task_backend

    (warning,) = check_task_backend()  # the immediate backend of the test settings
    assert warning.id == "treatments.W002" and "retried at once" in warning.msg
    settings.TREATMENTS_WEBHOOK_RETRY_DELAYS = ()
    assert check_task_backend() == []
