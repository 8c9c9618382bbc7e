"""Everything a response refers to, fetched in a fixed number of queries before any JSON is built.

`ApiContext.prepare(...)` walks the loaded StreamField values once, collects the images, pages, documents and
products they point at, and loads each kind in one query. Building the JSON afterwards runs no query at all,
so a page with 50 blocks costs what a page with one costs.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from .. import expiry
from ..evidence.citations import numbered
from ..evidence.models import Reference
from ..image_privacy import is_private
from ..snippets import Clinician, Product
from . import richtext
from .images import absolute, image_object, load_renditions


def walk(block, value):
    """Every (block, value) pair inside a block value, depth first, the block itself included."""
    yield block, value
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from walk(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from walk(block.child_block, item)
    elif isinstance(block, blocks.StructBlock) and not isinstance(block, ImageBlock):
        for name, child_block in block.child_blocks.items():
            yield from walk(child_block, value.get(name))


def _int(value):
    """An id attribute of stored rich text, or None when an import left something else there."""
    return int(value) if str(value or "").isdigit() else None


def page_type(page):
    """`app_label.ModelName` of a page, from the content type cache rather than a query."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return f"{model._meta.app_label}.{model.__name__}"


class ApiContext:
    """Lookups for one response: images with renditions, public pages, documents, products and parsed rich text."""

    def __init__(self, request=None, page=None, preview=False, slots=None):
        self.request = request
        self.page = page
        self.preview = preview
        self.slots = slots  # set when building a stored document: per-request values become slots (documents.py)
        self.snippet_keys = set()  # e.g. "product:4", for a stored document's dependencies
        self.images = {}
        self.renditions = {}
        self.pages = {}
        self.documents = {}
        self.products_by_shop_id = {}
        self.products_by_url = {}
        self.trees = {}
        self.cited = {}  # reference id -> None, in order of first citation
        self.references = {}
        self.citation_numbers = {}
        self.shown_products = set()  # products whose card this response shows, for the sales disclosure
        self._json = {}  # one image, product or clinician shown many times is built once
        self._memo = {}
        self._wanted = {"image": set(), "page": set(), "document": set(), "shop_id": set(), "url": set()}

    def memo(self, key, compute):
        """`compute()` once per response for `key`: blocks repeating the same lookup cost one query, not many."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # ------------------------------------------------------------ collecting
    def add_image(self, image_or_id):
        if image_or_id is None:
            return
        if isinstance(image_or_id, int):
            self._wanted["image"].add(image_or_id)
        else:
            self.images[image_or_id.pk] = image_or_id

    def add_stream(self, block, value):
        for child_block, child_value in walk(block, value):
            self._collect(child_block, child_value)

    def _collect(self, block, value):
        if value is None:
            return
        if isinstance(block, blocks.RichTextBlock):
            tree = self.tree(value.source)
            refs = richtext.references(tree)
            for kind, ids in refs.items():
                self._wanted[kind] |= ids
            for pk in richtext.citation_ids(tree):
                self.cited.setdefault(pk, None)
        elif isinstance(block, ImageBlock | ImageChooserBlock):
            self.add_image(value)
        elif isinstance(block, blocks.PageChooserBlock):
            self._wanted["page"].add(value.pk)
        elif isinstance(block, SnippetChooserBlock):
            self.snippet_keys.add(f"{value._meta.model_name}:{value.pk}")
            self.add_image(getattr(value, "photo_id", None) or getattr(value, "image_id", None))

    def want_pages(self, ids):
        self._wanted["page"].update(ids)

    def add_clinician(self, clinician):
        if clinician is not None:
            self.add_image(clinician.photo_id)

    def tree(self, source):
        if source not in self.trees:
            self.trees[source] = richtext.parse(source)
        return self.trees[source]

    # ------------------------------------------------------------ loading
    def load(self):
        """Run the batched queries; after this, building JSON touches the database no more."""
        wanted = self._wanted
        if wanted["shop_id"] or wanted["url"]:
            products = Product.objects.filter(
                Q(shop_id__in=wanted["shop_id"]) | Q(buy_url__in=wanted["url"]), is_active=True
            )
            for product in products.order_by("pk"):
                self.products_by_shop_id[product.shop_id] = product
                self.products_by_url.setdefault(product.buy_url, product)
                self.add_image(product.image_id)
        if wanted["page"]:
            pages = Page.objects.live().public().filter(pk__in=wanted["page"])
            self.pages = {page.pk: page for page in pages}
        if wanted["document"]:
            self.documents = get_document_model().objects.in_bulk(wanted["document"])
        if self.cited:
            self.references = Reference.objects.in_bulk(list(self.cited))
            self.citation_numbers = numbered(list(self.cited), self.references)
            self.snippet_keys |= {f"reference:{pk}" for pk in self.cited}
        missing = wanted["image"] - set(self.images)
        if missing:
            self.images.update(get_image_model().objects.in_bulk(missing))
        self.renditions = load_renditions(self.images.values())
        return self

    # ------------------------------------------------------------ lookups used while building JSON
    def image(self, image, alt=None, decorative=False):
        if image is None:
            return None
        key = ("image", image if isinstance(image, int) else image.pk, alt, decorative)
        if key not in self._json:
            self._json[key] = self._image(image, alt, decorative)
        return self._json[key]

    def _image(self, image, alt, decorative):
        if not isinstance(image, int):
            image_id = image.pk
            known = self.images.get(image_id)
            if known is None:  # Not prepared (e.g. Wagtail's own API): read what exists, still never create.
                self.renditions.update(load_renditions([image]))
                self.images[image_id] = image
        else:
            image_id = image
            if image_id not in self.images:
                found = get_image_model().objects.filter(pk=image_id).first()
                if found is None:
                    return None
                self.images[image_id] = found
                self.renditions.update(load_renditions([found]))
            image = self.images[image_id]
        if is_private(image):  # a patient photo chosen before it joined a case: only the gallery shows it
            return None
        return image_object(image, self.renditions, self.request, alt=alt, decorative=decorative)

    def page_link(self, page):
        """A small object for a linked page, or None when it is not live and public."""
        if page is None:
            return None
        page = self.pages.get(page.pk) if self.pages or self._wanted["page"] else page
        if page is None or not expiry.is_live(page):
            return None
        return {
            "id": page.pk,
            "title": page.title,
            "url": self.page_url(page),
            "api_url": self.treatment_api_url(page),
            "page_type": page_type(page),
        }

    def absolute(self, url):
        return absolute(url, self.request)

    def page_url(self, page):
        return absolute(page.get_url(self.request) or "", self.request)

    def treatment_api_url(self, page):
        from ..models import TreatmentPage

        if (
            page.content_type_id
            and ContentType.objects.get_for_id(page.content_type_id).model_class() is not TreatmentPage
        ):
            return None
        return absolute(reverse("treatments_api:treatment-detail", args=[page.pk]), self.request)

    def link_target(self, attrs):
        kind = attrs.get("linktype")
        if kind == "page":
            page = self.pages.get(_int(attrs.get("id")))
            if page is None:
                return None
            return {"kind": "page", "id": page.pk, "url": self.page_url(page), "api_url": self.treatment_api_url(page)}
        if kind == "document":
            document = self.documents.get(_int(attrs.get("id")))
            if document is None:
                return None
            return {"kind": "document", "id": document.pk, "url": absolute(document.url, self.request), "api_url": None}
        href = attrs.get("href")
        if not href:
            return None
        product = self.products_by_url.get(href)
        if product is not None:
            return {"kind": "product", "id": product.pk, "url": href, "api_url": self.product_api_url(product)}
        return {"kind": "external", "id": None, "url": href, "api_url": None}

    def citation(self, attrs):
        """{"reference_id", "number"} of a citation in rich text; None when its reference no longer exists."""
        pk = _int(attrs.get("id"))
        number = self.citation_numbers.get(pk)
        return {"reference_id": pk, "number": number} if number else None

    def cited_references(self):
        """The references cited, in citation order, each with its `number` on this page."""
        ordered = sorted(self.citation_numbers.items(), key=lambda item: item[1])
        return [(self.references[pk], number) for pk, number in ordered]

    def product_api_url(self, product):
        return absolute(reverse("treatments_api:product-detail", args=[product.pk]), self.request)

    def product(self, shop_id_or_product):
        """The product object for a shortcode's shop id or a chosen product; None when unknown or inactive."""
        from .serializers import ProductSerializer

        if isinstance(shop_id_or_product, Product):
            product = shop_id_or_product
        else:
            product = self.products_by_shop_id.get(shop_id_or_product)
        if product is None or not product.is_active:
            return None
        self.shown_products.add(product.pk)
        key = ("product", product.pk)
        if key not in self._json:
            self._json[key] = self.memo(
                ProductSerializer, lambda: ProductSerializer(context={"api": self})
            ).to_representation(product)
        return self._json[key]

    def clinician(self, clinician):
        from .serializers import ClinicianSerializer

        if not isinstance(clinician, Clinician):
            return None
        key = ("clinician", clinician.pk)
        if key not in self._json:
            self._json[key] = self.memo(
                ClinicianSerializer, lambda: ClinicianSerializer(context={"api": self})
            ).to_representation(clinician)
        return self._json[key]
