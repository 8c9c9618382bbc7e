"""Refuses URLs carrying a NUL byte before any view or database sees them.

PostgreSQL can neither store nor compare a string holding NUL, so a single `%00` in a path or query parameter
would otherwise be a 500 on every route that looks something up by it (page routing, redirects, filters). No
link or form produces one: the answer is a 400 saying which part of the URL to fix, as JSON under /api/.
"""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from .api.errors import error_body

NUL = "\x00"


def nul_bearing_part(request):
    """The name of the first query parameter holding a NUL ("path" for the URL path itself), or None."""
    if NUL in request.path_info:
        return "path"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            return name.replace(NUL, "")
    return None


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        part = nul_bearing_part(request)
        if part is None:
            return self.get_response(request)
        message = f"'{part}' holds a NUL character (%00), which no address of this site contains."
        if request.path_info.startswith("/api/"):
            body = error_body(400, "invalid_parameter", message, parameter=part, allowed="text without NUL characters")
            return JsonResponse(body, status=400)
        return TemplateResponse(request, "400.html", {"message": message}, status=400).render()
