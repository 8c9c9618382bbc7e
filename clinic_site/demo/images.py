"""Abstract demo images drawn locally with Pillow: gradients and soft shapes, no people, nothing downloaded.

Drawing is seeded by the image's title, so the same title always gives the same pixels, and an image that
already exists under that title is reused rather than drawn again.
"""

import hashlib
import io
import random

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFilter
from wagtail.images import get_image_model

HERO_SIZE = (1600, 900)
SQUARE_SIZE = (800, 800)
DRAW_SCALE = 4

# Calm clinic palettes: (top-left colour, bottom-right colour, shape colour).
PALETTES = [
    ((236, 222, 210), (180, 140, 125), (255, 248, 240)),
    ((214, 230, 232), (92, 140, 150), (240, 250, 250)),
    ((232, 226, 240), (130, 112, 160), (250, 246, 255)),
    ((240, 232, 212), (170, 150, 96), (255, 252, 236)),
    ((222, 236, 220), (104, 146, 110), (244, 252, 242)),
]


def _rng(title):
    seed = int.from_bytes(hashlib.sha256(title.encode()).digest()[:8], "big")
    return random.Random(seed)  # noqa: S311 - decoration, not security


def draw(title, size=HERO_SIZE):
    """A soft gradient with a few blurred translucent circles, as JPEG bytes; same title, same bytes."""
    rng = _rng(title)
    start, end, shape = PALETTES[rng.randrange(len(PALETTES))]
    # Everything here is soft, so draw at a quarter of the size and scale up: same look, a tenth of the time.
    small = (max(1, size[0] // DRAW_SCALE), max(1, size[1] // DRAW_SCALE))
    width, height = small
    direction = rng.choice([Image.Transpose.FLIP_TOP_BOTTOM, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270])
    mask = Image.linear_gradient("L").transpose(direction).resize(small)
    picture = Image.composite(Image.new("RGB", small, end), Image.new("RGB", small, start), mask)
    # Transparent in the shape's own colour, so blurring the edges does not pull in dark fringes.
    layer = Image.new("RGBA", small, (*shape, 0))
    pen = ImageDraw.Draw(layer)
    for _ in range(rng.randint(3, 6)):
        radius = rng.randint(min(small) // 8, min(small) // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*shape, rng.randint(40, 110)))
    layer = layer.filter(ImageFilter.GaussianBlur(radius=max(1, min(small) // 40)))
    picture = Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")
    picture = picture.resize(size, Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def demo_image(title, size=HERO_SIZE):
    """The image called `title`, drawn and stored the first time only."""
    model = get_image_model()
    existing = model.objects.filter(title=title).order_by("pk").first()
    if existing is not None:
        return existing
    file = ImageFile(io.BytesIO(draw(title, size)), name=f"demo-{slugify(title)}.jpg")
    return model.objects.create(title=title, file=file)
