"""Finds an imported article's images in a copy of wp-content/uploads and saves them through the image model (whose
save strips metadata and names files at random, like every upload). Nothing is ever fetched from the old site."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from . import parse as p

SIZED_RE = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w+$)")  # WordPress's resized copies: photo-1024x683.jpg
SCALED_RE = re.compile(r"-scaled(?=\.\w+$)")


class MediaLibrary:
    """The media folder of one batch, with the export's attachments, and the images already saved from it."""

    def __init__(self, folder, attachments=None):
        self.folder = Path(folder).resolve()
        self.attachments = attachments or {}
        self.saved = {}  # file path -> image
        self.before_write = lambda: None  # set per article: opens its savepoint on the bulk path

    def candidates(self, ref):
        """Paths inside the media folder the image may be at: its own file, then the original of a resized copy."""
        names = []
        attachment = self.attachments.get(ref.attachment_id or "") or {}
        if attachment.get("file"):
            names.append(attachment["file"])
        if ref.src:
            path = unquote(urlsplit(ref.src).path)
            relative = path.split("/wp-content/uploads/", 1)[-1].lstrip("/")
            names += [relative, SIZED_RE.sub("", relative), SCALED_RE.sub("", SIZED_RE.sub("", relative))]
        elif attachment.get("url"):
            relative = unquote(urlsplit(attachment["url"]).path).split("/wp-content/uploads/", 1)[-1]
            names.append(relative.lstrip("/"))
        for name in dict.fromkeys(names):
            path = (self.folder / name).resolve()
            if path.is_relative_to(self.folder):  # "../" in a source address never leaves the folder
                yield name, path

    def image_for(self, ref, position, notes):
        """(image, alt, caption) for an image reference, or None with a note saying what was missing."""
        attachment = self.attachments.get(ref.attachment_id or "") or {}
        alt = ref.alt or attachment.get("alt", "")
        caption = ref.caption or attachment.get("caption", "")
        wanted = None
        for name, path in self.candidates(ref):
            wanted = wanted or name
            if path.is_file():
                return self.save(path, alt), alt, caption
        where = wanted or ref.src or f"attachment {ref.attachment_id}"
        notes.append(
            p.Note(position, "media", "image file not in the media folder; not imported (never fetched)", where)
        )
        return None

    def save(self, path, alt):
        if path in self.saved:
            return self.saved[path]
        self.before_write()
        # the image model's save strips metadata and renames the file, as for every upload
        with path.open("rb") as handle:
            image = get_image_model()(title=(alt or path.stem)[:255], file=ImageFile(handle, name=path.name))
            image.save()
        self.saved[path] = image
        return image
