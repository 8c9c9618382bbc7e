"""The admin image form used for every upload (single, multiple, chooser): pixel budget first, then one full
decode and clean copy per upload, kept for the model to store (galleries.photo_privacy)."""

import os
import re

from django import forms
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .photo_privacy import (
    UNREADABLE_MESSAGE,
    PixelBudgetError,
    UnsupportedImageError,
    check_pixel_budget,
    stripped,
)


class SafeWagtailImageField(WagtailImageField):
    """Wagtail's image field, but an image over the pixel budget is refused from its header with a message naming
    the limit, and a file Pillow cannot decode while measuring it is a form error, not a 500."""

    def to_python(self, data):
        if hasattr(data, "read"):
            try:
                check_pixel_budget(data)
            except PixelBudgetError as exc:
                raise forms.ValidationError(str(exc), code="file_too_many_pixels") from exc
            except UnsupportedImageError:
                pass  # Wagtail's checks below say what is wrong: format, extension or content
        try:
            return super().to_python(data)
        except (OSError, SyntaxError, ValueError) as exc:
            # e.g. "image file is truncated": Wagtail only catches the errors of opening, not of reading.
            raise forms.ValidationError(UNREADABLE_MESSAGE, code="invalid_image") from exc


NEUTRAL_TITLE = "Untitled photo"


def _normalised(text):
    return re.sub(r"[\W_]+", " ", text).strip().lower()


def neutral_title(title, upload_name):
    """The admin fills the title from the file name (often the patient's name): keep it only if typed."""
    stem = os.path.splitext(os.path.basename(upload_name or ""))[0]
    if stem and _normalised(title or "") in {_normalised(stem), _normalised(upload_name)}:
        return NEUTRAL_TITLE
    return title


class PrivacyImageForm(BaseImageForm):
    """Refuses truncated files and images over the pixel budget with a message, before anything is stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            field.__class__ = SafeWagtailImageField

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.original_file:
            try:
                stripped(upload)  # the clean copy the model stores: decoded once per upload
            except UnsupportedImageError as exc:
                raise forms.ValidationError(str(exc), code="invalid_image") from exc
            finally:
                upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and upload is not self.original_file and "title" in cleaned:
            cleaned["title"] = neutral_title(cleaned["title"], getattr(upload, "name", ""))
        return cleaned
