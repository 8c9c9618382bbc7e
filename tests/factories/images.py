"""Images drawn with Pillow in memory: nothing is downloaded, no real people."""

import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model


def png_bytes(width=640, height=400, colour=(190, 140, 120), fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format=fmt)
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Test image {n}")

    @factory.lazy_attribute
    def file(self):
        return ImageFile(io.BytesIO(png_bytes()), name="test.png")
