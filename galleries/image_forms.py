"""The admin image form used for every upload (single, multiple, chooser): it fully decodes new files."""

from django import forms
from wagtail.images.forms import BaseImageForm

from .photo_privacy import UnsupportedImageError, open_checked


class PrivacyImageForm(BaseImageForm):
    """Refuses truncated files and decompression bombs with a message, before anything is stored."""

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
