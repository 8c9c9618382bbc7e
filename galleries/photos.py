"""Case photo URLs: every case photo is served through the consent-checking view, never a media URL."""

from dataclasses import dataclass

from django.urls import reverse

from .consent import MOBILE_APP, WEBSITE

# Named widths keep the set of renditions small and fixed: nobody can ask the server for arbitrary sizes.
SIZES = {"sm": 480, "md": 800, "lg": 1200}
FORMATS = {"jpeg": "image/jpeg", "webp": "image/webp"}
SIDES = ("before", "after")
SERVED_CHANNELS = (WEBSITE, MOBILE_APP)


def spec_for(size, fmt, watermark=False):
    spec = f"width-{SIZES[size]}|format-{fmt}"
    return spec + "|watermark" if watermark else spec


def all_specs():
    return [spec_for(size, fmt, mark) for size in SIZES for fmt in FORMATS for mark in (False, True)]


def photo_url(pair_id, side, size, fmt, channel=WEBSITE):
    return reverse(
        "galleries:case_photo",
        kwargs={"channel": channel, "pair_id": pair_id, "side": side, "size": size, "fmt": fmt},
    )


@dataclass(frozen=True)
class CasePhoto:
    """One side of a photo pair, as templates and the API need it: no database access."""

    pair_id: int
    side: str
    alt: str
    width: int
    height: int
    channel: str = WEBSITE

    @classmethod
    def of(cls, pair, side, channel=WEBSITE):
        image = pair.before_image if side == "before" else pair.after_image
        return cls(pair.pk, side, pair.alt_text(side), image.width, image.height, channel)

    def url(self, size="md", fmt="jpeg"):
        return photo_url(self.pair_id, self.side, size, fmt, self.channel)

    def size_of(self, size):
        """(width, height) of the named size; never upscaled, as Wagtail's width-N filter does not enlarge."""
        width = min(SIZES[size], self.width)
        return width, round(self.height * width / self.width) if self.width else 0

    def srcset(self, fmt):
        return ", ".join(f"{self.url(size, fmt)} {self.size_of(size)[0]}w" for size in SIZES)

    @property
    def src(self):
        return self.url("md", "jpeg")

    @property
    def display_width(self):
        return self.size_of("md")[0]

    @property
    def display_height(self):
        return self.size_of("md")[1]

    @property
    def jpeg_srcset(self):
        return self.srcset("jpeg")

    @property
    def webp_srcset(self):
        return self.srcset("webp")
