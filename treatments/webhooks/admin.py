"""Webhooks in the Wagtail admin, for administrators only: subscribers, and deliveries with their attempt log and
a "Send again" button."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import sending
from .events import EVENTS
from .models import HTTP_ONLY, WebhookDelivery, WebhookSubscriber

SEND_AGAIN_URL_NAME = "treatments_webhook_send_again"


class AdministratorsOnly(BasePermissionPolicy):
    """A secret that signs what partners trust stays with administrators: no group is given these rights."""

    def __init__(self, model, actions=("add", "change", "delete", "view")):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in self.actions

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class SubscriberForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=EVENTS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event to send to this URL."},
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url.split("://", 1)[0].lower() not in ("http", "https"):
            raise forms.ValidationError(HTTP_ONLY)
        return url


class SubscriberInspectView(InspectView):
    def get_events_display_value(self):
        return self.object.events_display()


class SubscriberViewSet(ModelViewSet):
    model = WebhookSubscriber
    icon = "link"
    menu_label = "Subscribers"
    url_prefix = "webhooks/subscribers"
    list_display = ["name", "url", Column("events", label="Events", accessor="events_display"), "active"]
    list_filter = ["active"]
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView
    inspect_view_fields = ["name", "url", "events", "active", "secret", "created_at"]
    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("events"), FieldPanel("active")]
    edit_handler = ObjectList(panels, base_form_class=SubscriberForm)


class DeliveryInspectView(InspectView):
    def get_field_label(self, field_name, field):
        return "Attempt log" if field_name == "attempt_log" else super().get_field_label(field_name, field)

    def get_payload_display_value(self):
        return format_html("<pre>{}</pre>", sending.body_of(self.object).decode())

    def get_attempt_log_display_value(self):
        return render_to_string(
            "treatments/webhooks/attempt_log.html",
            {
                "attempts": self.object.attempt_log.all(),
                "send_again_url": reverse(SEND_AGAIN_URL_NAME, args=[self.object.pk]),
            },
            request=self.request,
        )


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "mail"
    menu_label = "Deliveries"
    url_prefix = "webhooks/deliveries"
    list_display = ["event", "subscriber", "status", "attempts", "last_status_code", "next_attempt_at", "created_at"]
    list_filter = ["status", "event", "subscriber"]
    inspect_view_enabled = True
    inspect_view_class = DeliveryInspectView
    inspect_view_fields = [
        "subscriber",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "payload",
        "attempt_log",
    ]
    form_fields = []  # never added or edited by hand: made from the change log


register_permission_policy(WebhookSubscriber, AdministratorsOnly(WebhookSubscriber))
register_permission_policy(WebhookDelivery, AdministratorsOnly(WebhookDelivery, actions=("view", "delete")))


class WebhooksGroup(ModelViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link"
    menu_order = 800
    items = (SubscriberViewSet, DeliveryViewSet)


@require_POST
def send_again_view(request, pk):
    if not (request.user.is_active and request.user.is_superuser):
        raise PermissionDenied
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    sending.send_again(delivery)
    messages.success(request, f"“{delivery.event}” is queued to be sent again to {delivery.subscriber}.")
    return redirect(reverse("webhookdelivery:inspect", args=[delivery.pk]))


def admin_urls():
    return [path("webhooks/deliveries/<int:pk>/send-again/", send_again_view, name=SEND_AGAIN_URL_NAME)]
