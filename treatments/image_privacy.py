"""Which images treatments may show. Patient photos belong to the app that guards them (galleries checks consent
on every request), so treatment pages, cards, JSON-LD, social tags and the API leave them out, and editors cannot
choose them.

Apps answer the ``treatments_image_is_private`` hook: ``fn(image) -> bool``, called for every image about to be
shown, so it must not query the database (galleries reads a mark on the image row).
"""

from wagtail import hooks

PRIVATE_IMAGE_HOOK = "treatments_image_is_private"

PRIVATE_IMAGE_MESSAGE = (
    "This is a patient photo from a before/after case, so it is shown only in the gallery, where consent is "
    "checked. Choose or upload another image."
)


def is_private(image):
    return image is not None and any(check(image) for check in hooks.get_hooks(PRIVATE_IMAGE_HOOK))


def shown_publicly(image):
    """True when treatments may show the image; also a template filter (`{% if page.hero_image|shown_publicly %}`)."""
    return image is not None and not is_private(image)
