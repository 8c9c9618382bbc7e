"""The admin image form used for every upload (single, multiple, chooser): it fully decodes new files."""

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
