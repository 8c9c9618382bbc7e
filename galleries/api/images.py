"""Case photos for the API, as the API's one `Image` component: consent-checked rendition URLs in several widths
and formats."""

from ..consent import MOBILE_APP
from ..photos import FORMATS, SIZES, CasePhoto


def case_image(pair, side, request=None, channel=MOBILE_APP):
    """
    {"id": 41, "title": "Before treatment, front view", "alt": "Before treatment, front view",
     "decorative": false, "width": 1600, "height": 1200, "focal_point": null,
     "renditions": [{"url": "https://…/case-photos/mobile_app/7/before-sm.webp", "width": 480, "height": 360,
                     "format": "webp"}, …]}

    URLs point at the consent-checking photo view for the mobile-app channel: they stop working as soon as
    consent no longer covers it. The title is the alt text, never the image's own title, which may name the
    patient; there is no focal point to crop by. No database access: sizes come from the image row already loaded.
    """
    photo = CasePhoto.of(pair, side, channel)
    renditions = []
    for size in SIZES:
        width, height = photo.size_of(size)
        for fmt in FORMATS:
            url = photo.url(size, fmt)
            renditions.append(
                {
                    "url": request.build_absolute_uri(url) if request else url,
                    "width": width,
                    "height": height,
                    "format": fmt,
                }
            )
    return {
        "id": pair.before_image_id if side == "before" else pair.after_image_id,
        "title": photo.alt,
        "alt": photo.alt,
        "decorative": False,
        "width": photo.width,
        "height": photo.height,
        "focal_point": None,
        "renditions": renditions,
    }
