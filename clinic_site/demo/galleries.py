"""Demo before/after results: a gallery page and eight cases with Pillow-drawn abstract photos (no people).

Two cases are there to prove the consent rule: one whose consent expired, one withdrawn. Both stay
invisible on every route. Re-running finds everything by title and creates nothing twice.
"""

import datetime
import io
import random

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from clinic_site.demo.pages import public_url
from galleries.models import BeforeAfterCase, ConsentRecord, GalleryPage, PhotoPair
from treatments.models import Clinician, Condition, TreatmentPage

ORDER = 20
TITLE_PREFIX = "Demo result"
BOTH = ("website", "mobile_app")

# title, treatment slugs, condition slugs, area, age band, sex, skin type, sessions, weeks, channels, state
CASES = [
    (
        "Rolling acne scars on the cheeks",
        ["exosomes", "fractional-laser"],
        ["acne-scars"],
        "face",
        "25-34",
        "female",
        "III",
        3,
        16,
        BOTH,
        "valid",
    ),
    (
        "Sun spots across the forehead",
        ["fractional-laser"],
        ["sun-damage", "pigmentation"],
        "face",
        "55-64",
        "male",
        "II",
        2,
        12,
        BOTH,
        "valid",
    ),
    (
        "Crepey skin on the back of the hands",
        ["polynucleotides"],
        ["skin-quality"],
        "hands",
        "65+",
        "female",
        "II",
        3,
        10,
        ("website",),
        "valid",
    ),
    (
        "Thinning at the crown",
        ["platelet-rich-plasma"],
        ["hair-loss"],
        "scalp",
        "35-44",
        "male",
        "IV",
        4,
        24,
        BOTH,
        "valid",
    ),
    (
        "Hollow temples and cheeks",
        ["collagen-stimulating-fillers"],
        ["volume-loss"],
        "face",
        "45-54",
        "female",
        "V",
        2,
        20,
        BOTH,
        "valid",
    ),
    (
        "Fine lines around the eyes",
        ["exosomes", "polynucleotides"],
        ["fine-lines"],
        "eyes",
        "35-44",
        "female",
        "VI",
        3,
        12,
        BOTH,
        "valid",
    ),
    (
        "Boxcar scars on the temples",
        ["fractional-laser"],
        ["acne-scars"],
        "face",
        "18-24",
        "male",
        "IV",
        3,
        14,
        BOTH,
        "expired",
    ),
    (
        "Neck lines after a course of treatment",
        ["polynucleotides"],
        ["fine-lines"],
        "neck",
        "55-64",
        "female",
        "III",
        3,
        12,
        BOTH,
        "withdrawn",
    ),
]
SKIN_TONES = {"I": (241, 212, 196), "II": (228, 190, 164), "III": (206, 160, 124),
              "IV": (174, 124, 88), "V": (128, 86, 58), "VI": (84, 56, 40)}  # fmt: skip


def draw_photo(seed, tone, after, size=(960, 720)):
    """Abstract skin-like texture: spots that the 'after' photo softens. Nothing resembling a person."""
    rng = random.Random(seed)  # noqa: S311 - deterministic demo art, not security
    image = Image.new("RGB", size, tone)
    draw = ImageDraw.Draw(image)
    for _ in range(14 if after else 60):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(6, 26)
        shade = tuple(max(0, c - rng.randrange(25, 60)) for c in tone)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    image = image.filter(ImageFilter.GaussianBlur(3 if after else 1))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def demo_image(title, seed, tone, after):
    images = get_image_model().objects
    existing = images.filter(title=title).first()
    if existing:
        return existing
    data = draw_photo(seed, tone, after)
    return images.create(title=title, file=ImageFile(io.BytesIO(data), name="demo.jpg"))


def ensure_gallery_page():
    page = GalleryPage.objects.order_by("path").first()
    if page:
        return page, "kept"
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    page = GalleryPage(
        title="Results gallery", slug="results", intro="Unretouched photos of patients who agreed to share them."
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, "created"


def consent_values(channels, state, today):
    given = today - datetime.timedelta(days=200)
    return {
        "given_on": given,
        "covers_website": "website" in channels,
        "covers_mobile_app": "mobile_app" in channels,
        "covers_social_media": False,
        "expires_on": today - datetime.timedelta(days=10) if state == "expired" else None,
        "withdrawn_on": today - datetime.timedelta(days=3) if state == "withdrawn" else None,
    }


def snapshot(case):
    """What the loader sets on a case, to tell "updated" from "kept" and skip needless saves."""
    fields = ("body_area", "age_band", "sex", "skin_type", "sessions", "weeks_between", "clinician_id", "notes")
    return (
        tuple(getattr(case, name) for name in fields),
        (case.unretouched_attested, case.live),
        sorted(t.pk for t in case.treatments.all()),
        sorted(c.pk for c in case.conditions.all()),
        len(case.photo_pairs.all()),
    )


def load_case(number, spec, clinician, today):
    title, treatments, conditions, area, age, sex, skin, sessions, weeks, channels, state = spec
    case = BeforeAfterCase.objects.filter(title=title).first() or BeforeAfterCase(title=title)
    before = snapshot(case) if case.pk else None
    case.body_area, case.age_band, case.sex, case.skin_type = area, age, sex, skin
    case.sessions, case.weeks_between, case.clinician = sessions, weeks, clinician
    case.notes = f"Photos taken {weeks} weeks apart in the same room, light and pose."
    case.unretouched_attested, case.live = True, True
    case.treatments.set(TreatmentPage.objects.filter(slug__in=treatments))
    case.conditions.set(Condition.objects.filter(slug__in=conditions))
    if not case.photo_pairs.exists():
        tone = SKIN_TONES[skin]
        before_image = demo_image(f"{TITLE_PREFIX} {number} before", number * 2, tone, after=False)
        after_image = demo_image(f"{TITLE_PREFIX} {number} after", number * 2 + 1, tone, after=True)
        case.photo_pairs.add(PhotoPair(before_image=before_image, after_image=after_image, view_label="front"))
    outcome = "created" if before is None else ("kept" if snapshot(case) == before else "updated")
    if outcome != "kept":
        case.save()
    consent, made = ConsentRecord.objects.get_or_create(case=case, defaults=consent_values(channels, state, today))
    if not made and consent.status != state:
        for name, value in consent_values(channels, state, today).items():
            setattr(consent, name, value)
        consent.save()
        outcome = "updated"
    return case, outcome, state


def load(stdout):
    page, outcome = ensure_gallery_page()
    stdout.write(f"  Gallery page {public_url(page)}: {outcome}")
    clinician = Clinician.objects.order_by("pk").first()
    today = timezone.localdate()
    for number, spec in enumerate(CASES, start=1):
        case, outcome, state = load_case(number, spec, clinician, today)
        missing = set(spec[1]) - set(case.treatments.values_list("slug", flat=True))
        note = f" (treatments not in the demo: {', '.join(sorted(missing))})" if missing else ""
        stdout.write(f"  Case '{case.title}' [{state} consent]: {outcome}{note}")
