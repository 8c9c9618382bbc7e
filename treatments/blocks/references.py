"""Blocks that point at other records: a clinician's ProTip, a shop product, the results gallery.

Gallery hooks for the API (a gallery app registers them in its wagtail_hooks; treatments never imports it):

- ``treatments_gallery_cases_api``: ``fn(treatment_page, count, context) -> list[dict]``. The JSON of up to
  ``count`` before/after cases of ``treatment_page`` that may be shown publicly (the gallery app checks
  consent). ``context`` is ``{"request": HttpRequest or None, "api": treatments.api.context.ApiContext}``; use
  ``context["api"].image(image)`` for image objects with pre-made renditions. Return ``[]`` when there are none.
- ``treatments_gallery_case_serializer``: ``fn() -> rest_framework.serializers.Serializer subclass`` describing
  one of those dicts; it becomes the schema component of the ``cases`` items of ``GalleryLinkBlock``.

Without either hook, a gallery link's ``cases`` is an empty array of generic objects in JSON and schema.
"""

from decimal import Decimal

from wagtail import blocks, hooks
from wagtail.snippets.blocks import SnippetChooserBlock

from .api import ApiBlockMixin
from .content import ShortcodeRichTextBlock
from .samples import preview_from_sample

# Extension points a gallery app fills in (galleries does, through its wagtail_hooks), so treatments never
# imports it: a URL for a treatment's filtered gallery, and a few of its cases rendered inline.
GALLERY_URL_HOOK = "treatments_gallery_url"  # fn(treatment_page) -> str
GALLERY_CASES_HTML_HOOK = "treatments_gallery_cases_html"  # fn(treatment_page, count, request) -> str

# The same two points for the API, documented in the module docstring.
GALLERY_CASES_API_HOOK = "treatments_gallery_cases_api"
GALLERY_CASE_SERIALIZER_HOOK = "treatments_gallery_case_serializer"


class ProTipBlock(ApiBlockMixin, blocks.StructBlock):
    """Practical advice in a named clinician's own voice."""

    clinician = SnippetChooserBlock("treatments.Clinician", help_text="Whose tip this is.")
    title = blocks.CharBlock(max_length=150, help_text="e.g. Davin's ProTip on exosomes")
    body = ShortcodeRichTextBlock(features=["bold", "italic", "link", "ul", "ol", "citation"])

    class Meta:
        icon = "openquote"
        template = "treatments/blocks/pro_tip.html"
        description = "A tip from a named clinician, shown as an aside"
        label = "ProTip"

    def sample_value(self):
        # Credits a real clinician of this clinic when there is one.
        from ..snippets import Clinician

        clinician = Clinician.objects.order_by("name").first()
        return {
            "clinician": clinician.pk if clinician else None,
            "title": "Our ProTip on aftercare",
            "body": "<p>Skip the gym and the sauna for a day: heat makes the redness last longer.</p>",
        }

    def get_preview_value(self):
        from ..snippets import Clinician

        value = preview_from_sample(self)
        if value["clinician"] is None:  # a clinic with no clinicians yet still sees whose name goes where
            value["clinician"] = Clinician(name="Dr Example", credentials="Dermatologist")
        return value


class ProductBlock(ApiBlockMixin, blocks.StructBlock):
    """A product card from the clinic's shop. Inactive products are hidden from visitors (null in the API)."""

    product = SnippetChooserBlock("treatments.Product")
    note = blocks.CharBlock(required=False, max_length=200, help_text="Why this product, e.g. Use twice daily.")

    class Meta:
        icon = "tag"
        template = "treatments/blocks/product.html"
        description = "A product card with price and a buy link"

    def sample_value(self):
        from ..snippets import Product

        product = Product.objects.filter(is_active=True).order_by("name").first()
        return {"product": product.pk if product else None, "note": "Apply morning and night for the first week."}

    def get_preview_value(self):
        from ..snippets import Product

        value = preview_from_sample(self)
        if value["product"] is None:  # an empty shop: an unsaved example shows what a product card looks like
            value["product"] = Product(
                name="Barrier repair serum", price=Decimal("59.00"), description="A gentle serum for after a procedure."
            )
        return value


class GalleryLinkValue(blocks.StructValue):
    def treatment_for(self, page):
        """The treatment whose results to show: the chosen one, else the page the block sits on."""
        return self.get("treatment") or page

    def gallery_url_for(self, page):
        """The gallery filtered to this treatment, from whichever installed app provides galleries."""
        treatment = self.treatment_for(page)
        for resolve in hooks.get_hooks(GALLERY_URL_HOOK):
            url = resolve(treatment)
            if url:
                return url
        return ""

    def cases_api(self, page, context):
        """JSON of a few public before/after cases of this treatment, from the gallery app; [] without one."""
        count = self.get("case_count") or 0
        treatment = self.treatment_for(page)
        if not count or treatment is None:
            return []
        for provide in hooks.get_hooks(GALLERY_CASES_API_HOOK):
            cases = provide(treatment, count, context)
            if cases:
                return list(cases)[:count]
        return []

    def cases_html(self, page, request=None):
        """A few before/after cases of this treatment, rendered by the gallery app; empty without one."""
        count = self.get("case_count") or 0
        if not count:
            return ""
        for render in hooks.get_hooks(GALLERY_CASES_HTML_HOOK):
            html = render(self.treatment_for(page), count, request)
            if html:
                return html
        return ""


class GalleryLinkBlock(ApiBlockMixin, blocks.StructBlock):
    """A call to action leading to the before/after gallery filtered to this treatment."""

    heading = blocks.CharBlock(max_length=120, default="See real results")
    text = blocks.TextBlock(required=False, max_length=300)
    link_label = blocks.CharBlock(max_length=60, default="View our treatment gallery")
    treatment = blocks.PageChooserBlock(
        page_type="treatments.TreatmentPage",
        required=False,
        help_text="Leave empty to show results for the treatment this article is about.",
    )
    case_count = blocks.IntegerBlock(
        default=0,
        min_value=0,
        max_value=6,
        help_text="How many before/after cases to show inline (0 to 6). 0 shows the link only.",
    )

    class Meta:
        icon = "image"
        template = "treatments/blocks/gallery_link.html"
        description = "A link to this treatment's before/after gallery, optionally with a few cases"
        value_class = GalleryLinkValue
        label = "Gallery link"

    def sample_value(self):
        return {
            "heading": "See real results",
            "text": "Photos of patients who agreed to share how their skin changed.",
            "link_label": "View our treatment gallery",
            "treatment": None,
            "case_count": 0,
        }

    get_preview_value = preview_from_sample

    def get_preview_context(self, value, parent_context=None):
        # The chooser previews the block on no page, so there is no gallery to link to: show the call to action.
        return {**super().get_preview_context(value, parent_context), "gallery_preview": True}

    api_computed = {
        "gallery_url": {"type": "string", "description": "The gallery filtered to this treatment; empty without one."},
        "cases": lambda builder: builder.gallery_cases(),
    }
    # Consent is checked per request, and the gallery page can move without this article changing.
    api_request_time = ("gallery_url", "cases")

    def api_computed_value(self, name, value, ctx):
        if name == "gallery_url":
            treatment = value.treatment_for(ctx.page)
            url = value.gallery_url_for(ctx.page) if treatment is not None else ""
            return ctx.absolute(url) if url else ""
        treatment = value.treatment_for(ctx.page)
        key = ("gallery_cases", getattr(treatment, "pk", None), value.get("case_count") or 0)
        return ctx.memo(key, lambda: value.cases_api(ctx.page, {"request": ctx.request, "api": ctx}))


__all__ = ["GalleryLinkBlock", "ProTipBlock", "ProductBlock", "ShortcodeRichTextBlock"]
