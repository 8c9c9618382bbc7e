"""Case photos for the API: alt text, size and consent-checked rendition URLs in several widths and formats."""

from ..consent import MOBILE_APP
from ..photos import FORMATS, SIZES, CasePhoto


def case_image_data(pair, side, request=None, channel=MOBILE_APP):
    """
    {"alt": "Before treatment, front view", "width": 1600, "height": 1200,
     "renditions": [{"url": "https://…/case-photos/mobile_app/7/before-sm.webp", "width": 480, "height": 360,
                     "format": "webp"}, …]}

    URLs point at the consent-checking photo view for the mobile-app channel: they stop working as soon as
    consent no longer covers it. No database access: sizes come from the image row already loaded.
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
    return {"alt": photo.alt, "width": photo.width, "height": photo.height, "renditions": renditions}
