"""Public and admin views: consent-checked case photos, private image files for staff, private consent forms, the
withdraw action."""

import mimetypes
import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site
from wagtail.permissions import policy_registry

from .conf import galleries_settings
from .consent import delete_renditions, withdraw_consent
from .models import BeforeAfterCase, ConsentRecord, PhotoPair
from .photos import FORMATS, SERVED_CHANNELS, SIDES, SIZES, spec_for
from .site_settings import settings_for_site
from .storage import ORIGINALS_PREFIX, is_private_name, private_file_response


def photo_cache_control():
    """Private and revalidated by default, so a withdrawal is not outlived by a browser or CDN copy."""
    seconds = galleries_settings.PHOTO_CACHE_SECONDS
    return f"private, max-age={seconds}" if seconds else "private, no-cache"


@require_safe
def case_photo(request, channel, pair_id, side, size, fmt):
    """One case photo at a named size, only while the case's consent covers `channel` today."""
    if channel not in SERVED_CHANNELS or side not in SIDES or size not in SIZES or fmt not in FORMATS:
        raise Http404("No such photo.")
    visible = BeforeAfterCase.objects.visible_on(channel)
    pair = PhotoPair.objects.filter(pk=pair_id, case__in=visible).select_related("before_image", "after_image").first()
    if pair is None:
        raise Http404("No such photo.")
    image = pair.before_image if side == "before" else pair.after_image
    watermark = bool(settings_for_site(Site.find_for_request(request)).active_watermark)
    try:
        rendition = private_rendition(image, spec_for(size, fmt, watermark))
        return private_file_response(rendition.file.name, FORMATS[fmt], photo_cache_control())
    except (SourceImageIOError, OSError) as exc:
        raise Http404("Photo file missing.") from exc


def private_rendition(image, spec):
    """The case photo's rendition, made in private storage: a copy found in public media (made before the photo
    joined its case, or stored before private storage existed) is deleted and made again."""
    if not image.is_case_photo:
        # A pair loaded from a fixture skips the signal that marks its photos; renditions must still go private.
        image.is_case_photo = True
        image.save(update_fields=["is_case_photo"])  # saved, not updated: caches and API documents follow
    rendition = image.get_rendition(spec)
    if is_private_name(rendition.file.name):
        return rendition
    delete_renditions(type(rendition).objects.filter(pk=rendition.pk))
    return image.get_rendition(spec)


@require_safe
def private_image(request, name):
    """An original or a case-photo rendition, for staff allowed to see the image (admin thumbnails, the image editor).

    Private files' url() points here; the public never gets one (404, as for a file that does not exist)."""
    if posixpath.normpath(name) != name or not is_private_name(name) or not request.user.is_authenticated:
        raise Http404("No such file.")
    image_model = get_image_model()
    if name.startswith(ORIGINALS_PREFIX):
        image = image_model.objects.filter(file=name).first()
    else:
        rendition = image_model.get_rendition_model().objects.filter(file=name).select_related("image").first()
        image = rendition.image if rendition else None
    actions = ["add", "change", "delete", "choose"]
    policy = policy_registry.get_by_type(image_model)
    if image is None or not policy.user_has_any_permission_for_instance(request.user, actions, image):
        raise Http404("No such file.")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        return private_file_response(name, content_type, "private, no-cache")
    except OSError as exc:
        raise Http404("File missing.") from exc


@permission_required("galleries.download_consent_form", raise_exception=True)
def download_consent_form(request, pk):
    """The signed form, as an attachment, to staff allowed to see it; never cached."""
    consent = get_object_or_404(ConsentRecord, pk=pk)
    if not consent.signed_form:
        raise Http404("No signed form stored for this consent.")
    name = consent.signed_form.name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        consent.signed_form.open("rb"),
        as_attachment=True,
        filename=f"consent-{consent.pk}{name[name.rfind('.') :] if '.' in name else ''}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def withdraw_consent_view(request, pk):
    """Confirm, then withdraw: the case disappears from every channel at once (see consent.withdraw_consent)."""
    if not request.user.has_perm("galleries.change_consentrecord"):
        raise PermissionDenied
    consent = get_object_or_404(ConsentRecord.objects.select_related("case"), pk=pk)
    listing_url = reverse("wagtailsnippets_galleries_consentrecord:list")
    if request.method == "POST":
        if consent.withdrawn_on:
            messages.warning(request, f"Consent for “{consent.case}” was already withdrawn on {consent.withdrawn_on}.")
        else:
            withdraw_consent(consent)
            messages.success(request, f"Consent withdrawn: “{consent.case}” is no longer shown anywhere.")
        return redirect(listing_url)
    return TemplateResponse(
        request,
        "galleries/admin/withdraw_consent.html",
        {"consent": consent, "listing_url": listing_url},
    )
