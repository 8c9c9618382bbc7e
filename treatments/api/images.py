"""Image objects for the API: alt text, size, focal point and WebP/JPEG renditions made ahead of time.

Renditions are generated when an image is saved and when a page using it is published, never while an API
request runs: a request only reads the renditions that exist (one query for every image of a response).
"""

import logging

from wagtail.images import get_image_model

from ..conf import treatments_settings

logger = logging.getLogger(__name__)

FORMATS = ("webp", "jpeg")


def api_widths():
    return tuple(treatments_settings.API_IMAGE_WIDTHS)


def widths_for(image):
    """Rendition widths for one image: the configured widths it can fill, or its own width when it is small."""
    own = image.width or 0
    widths = [width for width in api_widths() if width <= own]
    return widths or ([own] if own else [])


def specs_for(image):
    """The filter specs (e.g. `width-640|format-webp`) the API returns for one image, widest last."""
    return [f"width-{width}|format-{fmt}" for width in widths_for(image) for fmt in FORMATS]


def is_api_spec(filter_spec):
    """True for a spec of the shape `specs_for` makes, e.g. `width-640|format-webp`."""
    width, _, fmt = filter_spec.partition("|")
    return fmt.removeprefix("format-") in FORMATS and width.removeprefix("width-").isdigit()


def generate_renditions(images):
    """Create the API's renditions of these images that do not exist yet. Called at upload and publish time."""
    for image in images:
        if image is None:
            continue
        try:
            image.get_renditions(*specs_for(image))
        except Exception:  # A broken or missing source file must not stop an upload or a publish.
            logger.exception("Could not make API renditions of image %s", image.pk)


def load_renditions(images):
    """Existing API renditions of `images` as {image id: {spec: (url, width, height)}}: one query, none created.

    Rows are read as tuples, not model instances: a list of 20 treatments has 160 renditions.
    """
    images = [image for image in images if image is not None]
    specs = {spec for image in images for spec in specs_for(image)}
    found = {image.pk: {} for image in images}
    if not images or not specs:
        return found
    rendition_model = get_image_model().get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    rows = rendition_model.objects.filter(image_id__in=list(found), filter_spec__in=specs).values_list(
        "image_id", "filter_spec", "file", "width", "height"
    )
    for image_id, spec, name, width, height in rows:
        found[image_id].setdefault(spec, (storage.url(name), width, height))
    return found


def absolute(url, request):
    """`url` made absolute for apps; the scheme and host are worked out once per request."""
    if request is None or not url.startswith("/"):
        return url
    base = getattr(request, "_api_base_url", None)
    if base is None:
        base = request.build_absolute_uri("/").rstrip("/")
        request._api_base_url = base
    return base + url


def image_object(image, renditions, request=None, alt=None, decorative=False):
    """The JSON of one image, e.g.

    {"id": 7, "title": "Microneedling", "alt": "A clinician...", "decorative": false, "width": 1600,
     "height": 1000, "focal_point": {"x": 800, "y": 420, "width": 200, "height": 200},
     "renditions": [{"url": "https://.../x.width-320.format-webp.webp", "width": 320, "height": 200,
                     "format": "webp"}, ...]}
    """
    if alt is None:
        alt = getattr(image, "contextual_alt_text", None) or getattr(image, "default_alt_text", "") or image.title
    focal_point = None
    if image.focal_point_x is not None and image.focal_point_y is not None:
        focal_point = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width or 0,
            "height": image.focal_point_height or 0,
        }
    made = renditions.get(image.pk, {})
    items = []
    for spec in specs_for(image):
        rendition = made.get(spec)
        if rendition is not None:
            url, width, height = rendition
            items.append(
                {"url": absolute(url, request), "width": width, "height": height, "format": spec.rsplit("-", 1)[1]}
            )
    return {
        "id": image.pk,
        "title": image.title,
        "alt": "" if decorative else alt,
        "decorative": bool(decorative),
        "width": image.width,
        "height": image.height,
        "focal_point": focal_point,
        "renditions": items,
    }
