"""Headless preview: a signed, expiring token lets a front end fetch the latest draft of one page.

An editor who may edit the page asks /api/v1/preview/token/<id>/ for a token (and the front end's preview URL,
when API_PREVIEW_FRONTEND_URL is set); the front end calls /api/v1/preview/?token=… . A token is bound to one
page and to that page's current preview key (preview_keys.py), expires after API_PREVIEW_MAX_AGE seconds, and any
change to it makes it invalid: 403 either way. A token whose payload is not what make_token() writes, or that is
dated in the future, is refused with the same 403, never a 500. "Revoke preview links" in the page editor's
"..." menu rotates the page's key, so every link handed out for it stops working at once.
"""

import time
import zlib
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import log
from wagtail.models import Page

from ..conf import treatments_settings
from ..models import TreatmentPage
from . import caching, filters, preview_keys
from .errors import PreviewTokenError, documented
from .filters import Parsed
from .serializers import TreatmentDetailSerializer, treatment_detail
from .views import to_json

SALT = "treatments.api.preview"
# Two app servers' clocks may differ by a little; a token dated further ahead than this was not made by us.
CLOCK_SKEW_SECONDS = 5
MAX_PAGE_ID = 2**63 - 1  # the largest id a database column holds: beyond it the lookup itself would fail
REVOKE_ACTION = "treatments.revoke_preview_links"
NOT_VALID = "This preview link is not valid."


def max_age():
    return int(treatments_settings.API_PREVIEW_MAX_AGE)


def make_token(page):
    return signing.dumps({"page": page.pk, "key": preview_keys.current_key(page.pk)}, salt=SALT, compress=True)


def signed_payload(token):
    """The payload of a token this site signed, not expired and not dated in the future; else PreviewTokenError."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise PreviewTokenError("This preview link has expired; open the preview again from the admin.") from None
    except (signing.BadSignature, ValueError, TypeError, OverflowError, zlib.error):
        # A signature that checks out over a payload that does not decode is still not a token we made.
        raise PreviewTokenError(NOT_VALID) from None
    try:
        signed_at = signing.b62_decode(token.rsplit(":", 2)[1])
    except (IndexError, ValueError):
        raise PreviewTokenError(NOT_VALID) from None
    if signed_at > time.time() + CLOCK_SKEW_SECONDS:
        raise PreviewTokenError("This preview link is dated in the future, so it was not made by this site.")
    return payload


def page_for_token(token):
    """The page a token was made for; PreviewTokenError when it is expired, tampered with, malformed, revoked or
    for no page."""
    payload = signed_payload(token)
    if not isinstance(payload, dict):
        raise PreviewTokenError(NOT_VALID)
    page_id, key = payload.get("page"), payload.get("key")
    # bool is an int to Python, and a huge int or a string would make the database lookup itself fail.
    if type(page_id) is not int or not 0 < page_id <= MAX_PAGE_ID or not isinstance(key, str):
        raise PreviewTokenError(NOT_VALID)
    page = Page.objects.filter(pk=page_id).first()
    if page is None or page.specific_class is not TreatmentPage:
        raise PreviewTokenError("The page of this preview link no longer exists.")
    if not constant_time_compare(key, preview_keys.current_key(page.pk)):
        raise PreviewTokenError("The preview links of this page were revoked; open the preview again from the admin.")
    return page


TOKEN_PARAMS = {
    "token": Parsed(filters.text(2000), "a token from the preview link", "The signed preview token.", required=True)
}


class PreviewView(APIView):
    """The latest revision (draft included) of the one page a valid preview token names. Never cached."""

    @extend_schema(
        operation_id="preview",
        **documented(TreatmentDetailSerializer, 403, parameters=filters.openapi_parameters(TOKEN_PARAMS)),
    )
    def get(self, request):
        filters.refuse_unknown_or_repeated(request.query_params, TOKEN_PARAMS)
        if "token" not in request.query_params:  # a 403, as for any token that is not valid
            raise PreviewTokenError("A preview needs a token.")
        values = filters.parsed_values(request.query_params, TOKEN_PARAMS)
        page = page_for_token(values["token"]).get_latest_revision_as_object()
        response = HttpResponse(to_json(treatment_detail(page, request, preview=True)), content_type="application/json")
        return caching.no_store(response)


class PreviewTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    preview_api_url = serializers.URLField()
    frontend_url = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "PreviewToken"


class PreviewTokenView(APIView):
    """A preview token for one page, for a signed-in user who may edit it. With `?open=1` (the admin's
    "Preview in app" button) it redirects to the front end's preview URL instead."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="preview_token",
        **documented(
            PreviewTokenSerializer,
            403,
            404,
            parameters=[OpenApiParameter("open", str, OpenApiParameter.QUERY, enum=["1"])],
        ),
    )
    def get(self, request, pk):
        page = Page.objects.filter(pk=pk).first()
        if page is None or page.specific_class is not TreatmentPage:
            raise Http404
        if not page.permissions_for_user(request.user).can_edit():
            raise PreviewTokenError("You may not edit this page, so you may not preview it.")
        token = make_token(page)
        api_url = request.build_absolute_uri(reverse("treatments_api:preview") + "?" + urlencode({"token": token}))
        template = treatments_settings.API_PREVIEW_FRONTEND_URL
        data = {
            "token": token,
            "expires_at": (timezone.now() + timedelta(seconds=max_age())).isoformat(),
            "preview_api_url": api_url,
            "frontend_url": template.format(token=token, page_id=page.pk) if template else "",
        }
        if request.GET.get("open") == "1":
            return caching.no_store(HttpResponseRedirect(data["frontend_url"] or api_url))
        return caching.no_store(Response(data))


# ---------------------------------------------------------------- revoking every link of a page (admin)
class RevokePreviewLinksButton(PageMenuItem):
    label = "Revoke preview links"
    icon_name = "lock"

    def is_shown(self, user):
        return self.page.specific_class is TreatmentPage and self.page.permissions_for_user(user).can_edit()

    @cached_property
    def url(self):
        return reverse("treatments_revoke_preview_links", args=[self.page.pk])


def revoke_buttons(page, user, view_name, next_url=None):
    """Wagtail hook `register_page_header_buttons` (the "..." menu of the page editor)."""
    yield RevokePreviewLinksButton(page=page, priority=85)


def revoke_preview_links_view(request, page_id):
    """Asks to confirm, then rotates the page's preview key: every preview link of the page stops working."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, TreatmentPage) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if request.method == "POST":
        preview_keys.revoke(page.pk)
        log(instance=page, action=REVOKE_ACTION, user=request.user)
        messages.success(request, f"Every preview link of “{page.title}” has been revoked.")
        return HttpResponseRedirect(edit_url)
    return render(request, "treatments/admin/revoke_preview_links.html", {"page": page, "edit_url": edit_url})
