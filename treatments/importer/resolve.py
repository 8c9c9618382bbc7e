"""Finds what an imported article points at: other imported pages (for links), clinicians and shop products."""

from urllib.parse import urlsplit

from ..models import Clinician, Product


def normalise_url(url):
    """A link or permalink reduced to its path, so http/https, host and trailing slash do not matter."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    return "/" + parts.path.strip("/") if parts.path.strip("/") else ""


def last_segment(url):
    return normalise_url(url).rsplit("/", 1)[-1]


class LinkIndex:
    """Which old addresses belong to articles of this batch, or to articles imported before (`lookups`)."""

    def __init__(self, articles, lookups):
        self.lookups = lookups
        self.batch = {}
        self.old_hosts = {urlsplit(raw.url).netloc.lower() for raw in articles if raw.url} - {""}
        for raw in articles:
            for address in (normalise_url(raw.url), raw.slug):
                if address:
                    self.batch[address] = raw.key

    def is_old_site(self, href):
        """An address on the site being imported (its host is a permalink's host)."""
        return urlsplit(href).netloc.lower() in self.old_hosts

    def page_for(self, href, stand_ins=False):
        """(page id or None, True when the target is in this batch but not imported yet)."""
        path, slug = normalise_url(href), last_segment(href)
        if not path:
            return None, False
        page_id = self.lookups.page_for(path, slug, stand_ins)
        if page_id is not None:
            return page_id, False
        return None, path in self.batch or slug in self.batch


class Resolver:
    """Finds or creates the records an article points at, noting what it created for the report."""

    def __init__(self, links, result, before_write=None, stand_ins=False):
        self.links = links
        self.result = result
        self.before_write = before_write or (lambda: None)  # opens the article's savepoint on the bulk path
        self.stand_ins = stand_ins  # a new page of a chunk: links to pages of its chunk may hold stand-in ids

    def page_for_link(self, href):
        page_id, forward = self.links.page_for(href, self.stand_ins)
        if forward:
            self.result.forward_links = True
        if isinstance(page_id, str):
            self.result.links_to_chunk = True  # a stand-in id, replaced when the chunk is written
        return page_id

    def clinician(self, name):
        wanted = " ".join(name.replace("Dr ", "").replace("Dr. ", "").split())
        found = Clinician.objects.filter(name__iexact=wanted).first() or self.by_first_name(wanted)
        if found is not None:
            return found
        self.before_write()
        created = Clinician.objects.create(name=wanted)
        self.result.created.append({"kind": "clinician", "id": created.pk, "name": wanted, "flag": "needs review"})
        return created

    @staticmethod
    def by_first_name(wanted):
        first = wanted.split()[0].lower()
        for clinician in Clinician.objects.filter(name__icontains=first):
            words = [word.lower().strip(".,") for word in clinician.name.split()]
            if first in words:
                return clinician
        return None

    def products(self, shop_ids, position):
        existing = Product.objects.in_bulk(shop_ids, field_name="shop_id")
        found = []
        for shop_id in shop_ids:
            product = existing.get(shop_id)
            if product is None:
                self.before_write()
                product = Product.objects.create(name=f"Imported product {shop_id}", shop_id=shop_id, is_active=False)
                existing[shop_id] = product
                self.result.created.append(
                    {
                        "kind": "product",
                        "id": product.pk,
                        "name": product.name,
                        "flag": f"unknown shop id {shop_id} at {position}: inactive placeholder, fill it in",
                    }
                )
            found.append(product)
        return found
