"""The clinic's theme: brand colour checks (format and WCAG contrast), the typefaces the site serves itself, and the
stylesheet that applies them (a file of this site, because the public CSP allows no inline style)."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

HEX_COLOUR_RE = re.compile(r"^#[0-9a-f]{6}$")
# WCAG 2.1 AA for normal-size text: the brand colours are used for link text and behind white button text.
MIN_TEXT_CONTRAST = 4.5
WHITE = "#ffffff"
EXAMPLE_COLOUR = "#0b5c63"  # the site's own primary colour (site.css)
# How much black is mixed into the primary colour for the header and hover states: darker only adds contrast.
DARKER_SHARE = 0.3

SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
SERIF_FALLBACK = 'Georgia, "Times New Roman", serif'


class Typeface:
    """A typeface whose files live in this site's static files (clinic_site/fonts/<slug>/), under the SIL OFL."""

    STYLES = (("regular", "normal", 400), ("italic", "italic", 400), ("bold", "normal", 700))

    def __init__(self, slug, family, label, fallback=SYSTEM_FONTS):
        self.slug, self.family, self.label, self.fallback = slug, family, label, fallback

    def file_url(self, style):
        return static(f"clinic_site/fonts/{self.slug}/{self.slug}-{style}.woff2")

    @property
    def stack(self):
        return f'"{self.family}", {self.fallback}'

    def font_faces(self):
        return "\n".join(
            f'@font-face {{ font-family: "{self.family}"; font-style: {style}; font-weight: {weight}; '
            f'font-display: swap; src: url("{self.file_url(name)}") format("woff2"); }}'
            for name, style, weight in self.STYLES
        )


TYPEFACES = {
    typeface.slug: typeface
    for typeface in (
        Typeface("inter", "Inter", "Inter (clean, modern sans-serif)"),
        Typeface("noto-sans", "Noto Sans", "Noto Sans (friendly, open sans-serif)"),
        Typeface("noto-serif", "Noto Serif", "Noto Serif (classic serif)", fallback=SERIF_FALLBACK),
    )
}
SYSTEM_TYPEFACE = "system"
TYPEFACE_CHOICES = [
    (SYSTEM_TYPEFACE, "The visitor's own system font (nothing to download)"),
    *((slug, typeface.label) for slug, typeface in TYPEFACES.items()),
]


def relative_luminance(colour):
    """WCAG 2.1 relative luminance of a #rrggbb colour."""

    def channel(hex_pair):
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[index : index + 2]) for index in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """WCAG contrast ratio of two #rrggbb colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_brand_colour(value):
    """A brand colour is #rrggbb and readable as text on white (and white text on it): WCAG AA, 4.5:1."""
    colour = (value or "").strip().lower()
    if not HEX_COLOUR_RE.match(colour):
        raise ValidationError(
            f'"{value}" is not a colour code. Write # and six digits or letters a-f, e.g. {EXAMPLE_COLOUR}.',
            code="invalid_colour",
        )
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MIN_TEXT_CONTRAST:
        # Rounded down, so the message never shows 4.5:1 for a colour that fails.
        shown = int(ratio * 10) / 10
        raise ValidationError(
            f"{colour} is too light to read: its contrast against white is {shown}:1, and WCAG AA needs at least "
            f"{MIN_TEXT_CONTRAST}:1 for the text and buttons it colours. Choose a darker shade.",
            code="low_contrast",
        )


def darker(colour, share=DARKER_SHARE):
    """The colour with `share` of black mixed in."""
    channels = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round(value * (1 - share)):02x}" for value in channels)


def theme_css(branding):
    """The stylesheet of a clinic's branding: the custom properties site.css and treatments.css read, for what the
    clinic has chosen (the rest keeps the site's defaults), and the chosen typeface's font files."""
    typeface = TYPEFACES.get(branding.typeface)
    properties = {}
    if branding.primary_colour:
        properties["--brand"] = branding.primary_colour
        properties["--brand-dark"] = darker(branding.primary_colour)
    if branding.accent_colour:
        properties["--accent"] = branding.accent_colour
        properties["--tx-accent"] = branding.accent_colour
    if typeface:
        properties["--font-body"] = typeface.stack
    lines = [
        "/* The clinic's branding (Settings > Clinic branding). */",
        *([typeface.font_faces()] if typeface else []),
        ":root {",
        *(f"    {name}: {value};" for name, value in properties.items()),
        "}",
    ]
    return "\n".join(lines) + "\n"


def theme_version(branding):
    """A short fingerprint of the stylesheet: it changes whenever the branding or the font files' URLs do."""
    return hashlib.sha256(theme_css(branding).encode()).hexdigest()[:12]


@require_safe
def theme_stylesheet(request):
    """/theme.css: the request's site branding as CSS. Cached for a year when asked for by its current version
    (the page links it with ?v=<fingerprint>, so a change in the settings gives a new address); briefly otherwise."""
    from .models import branding_for

    branding = branding_for(request)
    response = HttpResponse(theme_css(branding), content_type="text/css; charset=utf-8")
    if request.GET.get("v") == theme_version(branding):
        patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response
