"""What a batch looks up once instead of once per post: the pages earlier imports made (by source key, old address
and old slug) and the slugs already taken under the parent. Updated as each article's transaction succeeds."""

from .records import ImportedArticle

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

    def remember_address(self, url, slug, page_id):
        if url:
            self.page_by_url.setdefault(url, page_id)
        if slug:
            self.page_by_slug.setdefault(slug, page_id)

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

    def unique_slug(self, slug):
        slug = (slug or "imported-article")[:240]
        candidate, number = slug, 2
        while candidate in self.taken_slugs:
            candidate, number = f"{slug}-{number}", number + 1
        return candidate
