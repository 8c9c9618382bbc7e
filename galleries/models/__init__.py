"""The galleries app's models, by concept: `from galleries.models import X` finds every public one here."""

from ..site_settings import GallerySettings
from .cases import AGE_BANDS, BODY_AREAS, SEXES, SKIN_TYPES, BeforeAfterCase, PhotoPair
from .consent_records import ConsentRecord
from .gallery_page import GalleryPage

__all__ = [
    "AGE_BANDS",
    "BODY_AREAS",
    "SEXES",
    "SKIN_TYPES",
    "BeforeAfterCase",
    "ConsentRecord",
    "GalleryPage",
    "GallerySettings",
    "PhotoPair",
]
