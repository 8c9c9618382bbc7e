"""Demo loader: the fictional clinic's branding (colours, typeface) and a logo drawn locally with Pillow."""

import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Site

from clinic_site.models import ClinicBranding
from treatments.site_settings import ClinicDetails

ORDER = 16  # after the clinic details (15), whose logo it sets

# A sea-green and a warm terracotta, both above 4.5:1 on white as the branding form requires.
DEMO_BRANDING = {"primary_colour": "#0f5c6e", "accent_colour": "#a33a25", "typeface": "inter"}
LOGO_TITLE = "Bondi Lane Skin Clinic logo"
LOGO_SIZE = (600, 160)


def draw_logo(name="Bondi Lane", tagline="SKIN CLINIC"):
    """A wordmark beside a wave-like mark, as PNG bytes; the same every time (Pillow's bundled font)."""
    picture = Image.new("RGB", LOGO_SIZE, "white")
    pen = ImageDraw.Draw(picture)
    sea, sand = (15, 92, 110), (163, 58, 37)
    pen.ellipse((16, 16, 144, 144), fill=sea)
    for offset in (0, 28):
        pen.arc((34, 52 + offset, 126, 112 + offset), start=200, end=340, fill="white", width=9)
    pen.text((168, 22), name, font=ImageFont.load_default(size=64), fill=sea)
    pen.text((171, 100), tagline, font=ImageFont.load_default(size=34), fill=sand)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_logo():
    model = get_image_model()
    existing = model.objects.filter(title=LOGO_TITLE).order_by("pk").first()
    if existing is not None:
        return existing
    return model.objects.create(title=LOGO_TITLE, file=ImageFile(io.BytesIO(draw_logo()), name="demo-logo.png"))


def load(stdout):
    site = Site.objects.get(is_default_site=True)
    branding = ClinicBranding.objects.filter(site=site).first() or ClinicBranding(site=site)
    for field, value in DEMO_BRANDING.items():
        setattr(branding, field, value)
    branding.full_clean()  # the demo's colours pass the same contrast check as an editor's
    branding.save()
    details = ClinicDetails.objects.filter(site=site).first()
    if details is not None and details.logo_id is None:
        details.logo = demo_logo()
        details.save(update_fields=["logo"])
    stdout.write(
        f"  clinic branding: {branding.primary_colour} and {branding.accent_colour}, {branding.get_typeface_display()}"
    )
