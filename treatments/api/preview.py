"""Headless preview: a signed, expiring token lets a front end fetch the latest draft of one page.

An editor who may edit the page asks /api/v1/preview/token/<id>/ for a token (and the front end's preview URL,
when API_PREVIEW_FRONTEND_URL is set); the front end calls /api/v1/preview/?token=… . A token is bound to one
page, expires after API_PREVIEW_MAX_AGE seconds, and any change to it makes it invalid: 403 either way.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page

from ..models import TreatmentPage
from . import caching, filters
from .errors import PreviewTokenError, with_errors
from .filters import Param
from .serializers import TreatmentDetailSerializer, treatment_detail
from .views import to_json

SALT = "treatments.api.preview"


def max_age():
    return int(getattr(settings, "API_PREVIEW_MAX_AGE", 3600))


def make_token(page):
    return signing.dumps({"page": page.pk}, salt=SALT, compress=True)


def page_for_token(token):
    """The page a token was made for; PreviewTokenError when it is expired, tampered with or for no page."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise PreviewTokenError("This preview link has expired; open the preview again from the admin.") from None
    except signing.BadSignature:
        raise PreviewTokenError("This preview link is not valid.") from None
    page = Page.objects.filter(pk=payload.get("page")).first() if isinstance(payload, dict) else None
    if page is None or page.specific_class is not TreatmentPage:
        raise PreviewTokenError("The page of this preview link no longer exists.")
    return page


TOKEN_PARAM = Param(
    "token", filters.text(2000), "a token from the preview link", "The signed preview token.", required=True
)


class PreviewView(APIView):
    """The latest revision (draft included) of the one page a valid preview token names. Never cached."""

    @extend_schema(
        operation_id="preview",
        parameters=filters.openapi_parameters([TOKEN_PARAM]),
        responses=with_errors(TreatmentDetailSerializer, 403),
    )
    def get(self, request):
        values = filters.parse(request.GET, [TOKEN_PARAM])
        if "token" not in values:
            raise PreviewTokenError("A preview needs a token.")
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
        parameters=[OpenApiParameter("open", str, OpenApiParameter.QUERY, enum=["1"])],
        responses=with_errors(PreviewTokenSerializer, 403, 404),
    )
    def get(self, request, pk):
        page = Page.objects.filter(pk=pk).first()
        if page is None or page.specific_class is not TreatmentPage:
            raise Http404
        if not page.permissions_for_user(request.user).can_edit():
            raise PreviewTokenError("You may not edit this page, so you may not preview it.")
        token = make_token(page)
        api_url = request.build_absolute_uri(reverse("treatments_api:preview") + "?" + urlencode({"token": token}))
        template = getattr(settings, "API_PREVIEW_FRONTEND_URL", "")
        data = {
            "token": token,
            "expires_at": (timezone.now() + timedelta(seconds=max_age())).isoformat(),
            "preview_api_url": api_url,
            "frontend_url": template.format(token=token, page_id=page.pk) if template else "",
        }
        if request.GET.get("open") == "1":
            return caching.no_store(HttpResponseRedirect(data["frontend_url"] or api_url))
        return caching.no_store(Response(data))
