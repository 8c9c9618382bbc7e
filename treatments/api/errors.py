"""One JSON error shape for every API failure: {"error": {"status", "code", "message", ...}}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ParameterError(exceptions.ValidationError):
    """A query parameter that is unknown or malformed: the 400 names it and says what is allowed."""

    def __init__(self, parameter, message, allowed="", code="invalid_parameter"):
        self.parameter = parameter
        self.allowed = allowed
        self.error_code = code
        super().__init__(detail=message, code=code)


class PreviewTokenError(exceptions.PermissionDenied):
    """A preview token that is expired, tampered with or for a page that no longer exists."""

    default_code = "invalid_preview_token"


def error_body(status_code, code, message, **extra):
    body = {"status": status_code, "code": code, "message": message}
    body.update({key: value for key, value in extra.items() if value not in (None, "")})
    return {"error": body}


def _message(detail):
    """Flattens DRF's nested error details into one readable sentence."""
    if isinstance(detail, list):
        return " ".join(_message(item) for item in detail)
    if isinstance(detail, dict):
        return " ".join(f"{key}: {_message(value)}" for key, value in detail.items())
    return str(detail)


# The /api/v1/ views: the treatments API and the cases API that galleries adds to it.
OWN_API_MODULES = ("treatments.", "galleries.")


def api_exception_handler(exc, context):
    """DRF exception handler: turns every APIException, 404 and 403 of this API into the shared error shape.
    Other DRF views (Wagtail's admin API and API v2) keep the answers their own clients expect."""
    view = context.get("view")
    if view is not None and not type(view).__module__.startswith(OWN_API_MODULES):
        return drf_exception_handler(exc, context)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    extra = {}
    if isinstance(exc, ParameterError):
        code = exc.error_code
        extra = {"parameter": exc.parameter, "allowed": exc.allowed}
    elif isinstance(exc, exceptions.Throttled):
        code = "throttled"
        extra = {"retry_after": exc.wait and int(exc.wait + 0.999)}
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(exc.detail, dict | list) or hasattr(exc.detail, "code"):
            code = getattr(exc.detail, "code", None) or code
    return Response(
        error_body(response.status_code, code, _message(exc.detail), **extra),
        status=response.status_code,
        headers={key: value for key, value in response.items() if key in ("Retry-After", "WWW-Authenticate")},
    )


def not_found_json(request, *args, **kwargs):
    """Unknown URLs under the API prefix get the JSON 404 too, not the site's HTML page."""
    return JsonResponse(
        error_body(status.HTTP_404_NOT_FOUND, "not_found", f"No API endpoint at {request.path}."),
        status=status.HTTP_404_NOT_FOUND,
    )


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated for clients that lose it.")
    code = serializers.CharField(
        help_text="Stable and machine-readable: unknown_parameter, invalid_parameter, missing_parameter, not_found, "
        "invalid_preview_token, not_authenticated, permission_denied, throttled…"
    )
    message = serializers.CharField(help_text="One sentence for a developer: what went wrong and how to fix it.")
    parameter = serializers.CharField(required=False, help_text="400 only: the query parameter at fault.")
    allowed = serializers.CharField(required=False, help_text="400 only: what that parameter accepts.")
    retry_after = serializers.IntegerField(required=False, help_text="429 only: seconds to wait before retrying.")

    class Meta:
        ref_name = "ErrorDetail"


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer of this API."""

    error = ErrorDetailSerializer()

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: "A query parameter is unknown, repeated or malformed: `error.parameter` names it and `error.allowed` says "
    "what it accepts.",
    403: "Not allowed: an expired or altered preview token, or a user who may not do this.",
    404: "Nothing public answers to this id, slug, path or page number.",
    429: "Too many requests from this client: wait `error.retry_after` seconds (also in the Retry-After header).",
}


NOT_MODIFIED = (
    "Not modified: the copy whose `ETag` (If-None-Match) or `Last-Modified` (If-Modified-Since) the "
    "client sent is current. No body."
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    {"type": "integer", "minimum": 1},
    OpenApiParameter.HEADER,
    required=True,
    description="Seconds to wait before the next request.",
    response=[429],
)
VALIDATORS = [
    OpenApiParameter(
        "ETag",
        {"type": "string"},
        OpenApiParameter.HEADER,
        required=True,
        description="This body's validator: send it as If-None-Match to get a 304 while it is current.",
        response=[200, 304],
    ),
    OpenApiParameter(
        "Last-Modified",
        {"type": "string"},
        OpenApiParameter.HEADER,
        required=True,
        description="When anything this body shows last changed (an HTTP date), for If-Modified-Since.",
        response=[200, 304],
    ),
    OpenApiParameter(
        "Cache-Control",
        {"type": "string"},
        OpenApiParameter.HEADER,
        required=True,
        description="How long browsers, apps (max-age) and CDNs (s-maxage) may keep this answer.",
        response=[200, 304],
    ),
]


def documented(success, *statuses, conditional=False, parameters=()):
    """`extend_schema` arguments for an operation: `success` as 200, the shared error body for each of `statuses`
    and for 400 and 429, which every endpoint can give (each checks its parameters, and anonymous clients are
    throttled, told when to retry in Retry-After). A `conditional` GET (caching.py) also answers 304 and sends
    its validators and Cache-Control."""
    errors = {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in sorted({400, 429, *statuses})
    }
    responses = {200: success, **errors}
    headers = [RETRY_AFTER]
    if conditional:
        responses[304] = OpenApiResponse(description=NOT_MODIFIED)
        headers += VALIDATORS
    return {"responses": responses, "parameters": [*parameters, *headers]}
