"""The admin image form used for every upload (single, multiple, chooser): it fully decodes new files."""

import os
import re

from django import forms
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .photo_privacy import UNREADABLE_MESSAGE, UnsupportedImageError, open_checked


class SafeWagtailImageField(WagtailImageField):
    """Wagtail's image field, but a file Pillow cannot decode while measuring it is a form error, not a 500."""

    def to_python(self, data):
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
    """Refuses truncated files and decompression bombs with a message, before anything is stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            field.__class__ = SafeWagtailImageField

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.original_file:
            try:
                open_checked(upload)
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
