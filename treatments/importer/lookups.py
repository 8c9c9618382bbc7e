"""What a batch looks up once instead of once per post: the pages earlier imports made (by source key, old address
and old slug), the slugs already taken under the parent, and where a booking button leads. Updated as each
article's transaction succeeds."""

from wagtail.models import Page

from .origins import ImportedArticle

# Pages a "Book now" button may lead to, best first: the site's own booking page, else its contact page.
BOOKING_SLUGS = ("book", "booking", "book-online", "appointments", "contact", "contact-us")

CHUNK = 500  # keys per IN (…) query: well under SQLite's and PostgreSQL's parameter limits


def chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class BatchLookups:
    def __init__(self, parent, articles):
        keys = {raw.key for raw in articles} | {raw.legacy_key for raw in articles if raw.legacy_key}
        self.records = {}
        for chunk in chunks(sorted(keys)):
            for record in ImportedArticle.objects.select_related("page").filter(source_key__in=chunk):
                self.records[record.source_key] = record
        self.page_by_url, self.page_by_slug = {}, {}
        addresses = ImportedArticle.objects.order_by("pk").values_list("source_url", "source_slug", "page_id")
        for url, slug, page_id in addresses.iterator(chunk_size=2000):
            self.remember_address(url, slug, page_id)
        self.taken_slugs = set(parent.get_children().values_list("slug", flat=True))
        # pages of the chunk being written, not in the database yet: links to them get a stand-in id (bulk.py)
        self.pending_by_url, self.pending_by_slug = {}, {}
        self.parent = parent
        self._booking_url = None

    def booking_url(self):
        """The address of the site's live booking or contact page, or "" when it has none (never a made-up one)."""
        if self._booking_url is None:
            self._booking_url = ""
            site = self.parent.get_site()
            if site is not None:
                found = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
                by_slug = {page.slug: page for page in found.filter(slug__in=BOOKING_SLUGS).order_by("depth")}
                page = next((by_slug[slug] for slug in BOOKING_SLUGS if slug in by_slug), None)
                self._booking_url = (page.get_url() or "") if page is not None else ""
        return self._booking_url

    def remember_address(self, url, slug, page_id):
        if url:
            self.page_by_url.setdefault(url, page_id)
        if slug:
            self.page_by_slug.setdefault(slug, page_id)

    def remember_pending(self, url, slug, stand_in):
        if url:
            self.pending_by_url.setdefault(url, stand_in)
        if slug:
            self.pending_by_slug.setdefault(slug, stand_in)

    def page_for(self, path, slug, stand_ins=False):
        """The page at an old address, preferring the address to the slug as page by page importing would; with
        `stand_ins`, a page of the chunk being written counts too (only new pages of that chunk may take one)."""
        if not stand_ins:
            return self.page_by_url.get(path) or self.page_by_slug.get(slug)
        return (
            self.page_by_url.get(path)
            or self.pending_by_url.get(path)
            or self.page_by_slug.get(slug)
            or self.pending_by_slug.get(slug)
        )

    def record_for(self, raw):
        """The record this source made before: by its key, else by the GUID-only key older imports used."""
        record = self.records.get(raw.key)
        if record is None and raw.legacy_key and raw.legacy_key != raw.key:
            record = self.records.get(raw.legacy_key)
        return record

    def imported(self, record):
        """An article's transaction succeeded: later articles of the batch see its page, address and slug."""
        self.records[record.source_key] = record
        self.remember_address(record.source_url, record.source_slug, record.page_id)
        self.taken_slugs.add(record.page.slug)

    def forget(self, raw):
        """An article failed and was rolled back: what the batch holds for it is read again from the database."""
        for key in (raw.key, raw.legacy_key):
            record = self.records.pop(key, None) if key else None
            if record is not None:
                fresh = ImportedArticle.objects.select_related("page").filter(pk=record.pk).first()
                if fresh is not None:
                    self.records[fresh.source_key] = fresh

    def snapshot(self):
        """What the batch knows now, to return to if a chunk is rolled back."""
        return dict(self.records), dict(self.page_by_url), dict(self.page_by_slug), set(self.taken_slugs)

    def restore(self, snapshot):
        records, by_url, by_slug, slugs = snapshot
        self.records, self.page_by_url, self.page_by_slug, self.taken_slugs = (
            dict(records),
            dict(by_url),
            dict(by_slug),
            set(slugs),
        )
        self.pending_by_url, self.pending_by_slug = {}, {}

    def unique_slug(self, slug):
        slug = (slug or "imported-article")[:240]
        candidate, number = slug, 2
        while candidate in self.taken_slugs:
            candidate, number = f"{slug}-{number}", number + 1
        return candidate
