"""A page's one lookup seam: everything its HTML, JSON-LD or API JSON refers to, fetched in a fixed number of
queries before anything is rendered.

The walker (treatments/adapters) tells an `ApiContext` what a body refers to: images, linked pages, snippets
(products, clinicians), rich text (its links, documents, citations and product shortcodes). `load()` fetches
each kind in one query; building the JSON afterwards runs no query at all, so a page with 50 blocks costs what a
page with one costs. `load_for_templates()` is the HTML page's load: products, images and every rendition the
`{% image %}` tags read (treatments/rendering.prefetch_for_page).
"""

import copy
import hashlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from .. import expiry
from ..adapters import collect, registry
from ..evidence.citations import numbered
from ..evidence.models import Reference
from ..image_privacy import is_private
from ..shortcodes import shop_ids_in
from ..snippets import Clinician, Product
from . import richtext
from .images import absolute, image_object, load_renditions


def _int(value):
    """An id attribute of stored rich text, or None when an import left something else there."""
    return int(value) if str(value or "").isdigit() else None


def page_type(page):
    """`app_label.ModelName` of a page, from the content type cache rather than a query."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return f"{model._meta.app_label}.{model.__name__}"


class ApiContext:
    """Lookups for one page or response: images with renditions, public pages, documents, products, clinicians,
    references and parsed rich text. `for_templates` collects only what the HTML page reads (no rich text trees,
    link targets or citations: the page's templates resolve those themselves)."""

    def __init__(self, request=None, page=None, preview=False, slots=None, for_templates=False):
        self.request = request
        self.page = page
        self.preview = preview
        self.slots = slots  # set when building a stored document: per-request values become slots (documents.py)
        self.for_templates = for_templates
        self.snippet_keys = set()  # e.g. "product:4", for a stored document's dependencies
        self.images = {}
        self.renditions = {}
        self.pages = {}
        self.documents = {}
        self.products_by_shop_id = {}  # active or not: the HTML preview tells editors which ids show nothing
        self.products_by_url = {}
        self.trees = {}
        self.cited = {}  # reference id -> None, in order of first citation
        self.references = {}
        self.citation_numbers = {}
        self.shown_products = set()  # products whose card this response shows, for the sales disclosure
        self.snippets = []  # chosen products and clinicians, whose images templates read
        self._image_instances = []  # every image object met: each gets its own prefetched renditions
        self._json = {}  # one image, product or clinician shown many times is built once
        self._memo = {}
        self._wanted = {"image": set(), "page": set(), "document": set(), "shop_id": set(), "url": set()}
        self._looked_up = {"shop_id": set(), "url": set()}  # products are loaded as more is collected

    def memo(self, key, compute):
        """`compute()` once per response for `key`: blocks repeating the same lookup cost one query, not many."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # ------------------------------------------------------------ collecting (the adapters call these)
    def add_image(self, image_or_id):
        if image_or_id is None:
            return
        if isinstance(image_or_id, int):
            self._wanted["image"].add(image_or_id)
        else:
            self.images[image_or_id.pk] = image_or_id
            self._image_instances.append(image_or_id)

    def add_stream(self, block, value):
        collect(block, value, self)

    def add_rich_text(self, value):
        if self.for_templates:
            self._wanted["shop_id"].update(shop_ids_in(value.source))
            return
        tree = self.tree(value.source)
        for kind, ids in richtext.references(tree).items():
            self._wanted[kind] |= ids
        for pk in richtext.citation_ids(tree):
            self.cited.setdefault(pk, None)

    def add_page(self, page):
        self._wanted["page"].add(page.pk)

    def add_snippet(self, snippet):
        self.snippet_keys.add(f"{snippet._meta.model_name}:{snippet.pk}")
        self.snippets.append(snippet)
        self.add_image(getattr(snippet, "photo_id", None) or getattr(snippet, "image_id", None))

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
        self._load_products()
        wanted = self._wanted
        if wanted["page"]:
            pages = Page.objects.live().public().filter(pk__in=wanted["page"])
            self.pages = {page.pk: page for page in pages}
        if wanted["document"]:
            self.documents = get_document_model().objects.in_bulk(wanted["document"])
        if self.cited:
            self.references = Reference.objects.in_bulk(list(self.cited))
            self.citation_numbers = numbered(list(self.cited), self.references)
            self.snippet_keys |= {f"reference:{pk}" for pk in self.cited}
        self._load_images()
        self.renditions = load_renditions(self.images.values())
        return self

    def load_for_templates(self, images=()):
        """The HTML page's load: shortcode products, the images of products and clinicians attached to them, and
        every existing rendition of those and of `images` (e.g. hero images of cards), for `{% image %}`.
        Called again (e.g. by the JSON-LD after the templates), it queries only for what is new."""
        self._load_products()
        for image in images:
            self.add_image(image)
        self._load_images()
        owners = [*self.snippets, *self.products_by_shop_id.values()]
        for owner in owners:
            field = "photo" if isinstance(owner, Clinician) else "image"
            image_id = getattr(owner, f"{field}_id", None)
            if image_id and not owner._meta.get_field(field).is_cached(owner):
                setattr(owner, field, self.images.get(image_id))
        attached = [getattr(owner, "photo" if isinstance(owner, Clinician) else "image") for owner in owners]
        pending = [image for image in [*self._image_instances, *attached] if image is not None]
        prefetch_renditions([image for image in pending if not hasattr(image, "prefetched_renditions")])
        return self

    def _load_products(self):
        """Products by the shop ids and buy URLs collected since the last call: one query, none when nothing new."""
        shop_ids = self._wanted["shop_id"] - self._looked_up["shop_id"]
        urls = self._wanted["url"] - self._looked_up["url"]
        if not shop_ids and not urls:
            return
        self._looked_up["shop_id"] |= shop_ids
        self._looked_up["url"] |= urls
        products = Product.objects.filter(Q(shop_id__in=shop_ids) | Q(buy_url__in=urls, is_active=True))
        for product in products.order_by("pk"):
            if product.shop_id in shop_ids:
                self.products_by_shop_id[product.shop_id] = product
            if product.is_active and product.buy_url in urls:
                self.products_by_url.setdefault(product.buy_url, product)
            self.add_image(product.image_id)

    def _load_images(self):
        missing = self._wanted["image"] - set(self.images)
        if missing:
            self.images.update(get_image_model().objects.in_bulk(missing))

    def dependency_keys(self):
        """Keys of everything collected, for a stored document's dependencies (api/documents.py), e.g. `image:12`."""
        wanted = self._wanted
        keys = {f"image:{pk}" for pk in set(self.images) | wanted["image"]}
        keys |= {f"page:{pk}" for pk in wanted["page"]}
        keys |= {f"document:{pk}" for pk in wanted["document"]}
        keys |= {f"shop_id:{shop_id}" for shop_id in wanted["shop_id"]}
        keys |= {product_url_key(url) for url in wanted["url"]}
        keys |= {f"product:{product.pk}" for product in self.products_by_shop_id.values()}
        return keys | self.snippet_keys

    def shortcode_products(self):
        """Products the page's shortcodes name, active or not, by shop id (loaded on first use)."""
        self._load_products()
        return self.products_by_shop_id

    def products_shown(self):
        """Active products the page shows, from product blocks then shortcodes, each once, in order."""
        found = {}
        for snippet in self.snippets:
            if isinstance(snippet, Product):
                found.setdefault(snippet.shop_id, snippet)
        for shop_id, product in self.shortcode_products().items():
            found.setdefault(shop_id, product)
        return [product for product in found.values() if product.is_active]

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
        treatment_page = apps.get_model("treatments", "TreatmentPage")
        if (
            page.content_type_id
            and ContentType.objects.get_for_id(page.content_type_id).model_class() is not treatment_page
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

    def rich_text(self, value):
        return richtext.represent(self.tree(value.source if value is not None else ""), self)

    def snippet(self, value):
        """A chosen snippet's JSON: products and clinicians as their endpoints show them, else `{id, title}`."""
        if isinstance(value, Product):
            return self.product(value)
        if isinstance(value, Clinician):
            return self.clinician(value)
        return None if value is None else {"id": value.pk, "title": str(value)}

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


def product_url_key(url):
    """The dependency key of a buy URL rich text links to (hashed: URLs are longer than a key)."""
    return f"product_url:{hashlib.sha256((url or '').encode()).hexdigest()[:32]}"


def prefetch_renditions(images):
    """Give every image its existing renditions from one query, so `{% image %}` tags need no query each.

    Image instances stay distinct (the same image may carry different alt text in two blocks), so each gets
    its own copies of the renditions, pointing back at it.
    """
    images = [image for image in images if image is not None and image.pk]
    if not images:
        return
    rendition_model = get_image_model().get_rendition_model()
    by_image = {}
    for rendition in rendition_model.objects.filter(image_id__in={image.pk for image in images}):
        by_image.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        renditions = []
        for rendition in by_image.get(image.pk, []):
            own = copy.copy(rendition)
            own.image = image
            renditions.append(own)
        image.prefetched_renditions = renditions


registry.use_lookups(ApiContext)  # Wagtail's API v2 builds block JSON with these lookups (adapters/walker.py)
