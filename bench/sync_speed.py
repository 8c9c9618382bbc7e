"""Sync speed: an app catching up on 10,000 changes through /api/v1/sync/ in pages of 100, on a throw-away test
database (SQLite in memory; DATABASE_URL=postgres://… runs it on test_<name> of that server).

The content: 200 treatments showing 20 products, each change a product's new price or a treatment republished,
so each log entry also names the treatments a product shows in. Prints the pages read, seconds in all, p50/p99
per page, queries per page (the most of any page: it must not grow with the changes) and bytes.

Usage: python bench/sync_speed.py [CHANGES]
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

TREATMENTS, PRODUCTS, PAGE = 200, 20, 100


def build(changes):
    from tests.factories import treatments as f
    from tests.factories.treatments import site_tree
    from treatments import change_log

    _home, index = site_tree()
    products = [f.ProductFactory(name=f"Serum {n}", price=Decimal("40")) for n in range(PRODUCTS)]
    treatments = []
    for number in range(TREATMENTS):
        page = f.TreatmentPageFactory(parent=index, title=f"Treatment {number}", slug=f"treatment-{number}")
        page.body = [f.product(products[number % PRODUCTS])]
        page.save_revision().publish()
        treatments.append(page)
    client = Client()
    cursor = client.get("/api/v1/sync/", {"limit": 1000}).json()
    while cursor["has_more"]:
        cursor = client.get("/api/v1/sync/", {"since": cursor["cursor"], "limit": 1000}).json()
    start, base, written, saves = time.perf_counter(), change_log.head().entry, 0, 0
    while written < changes:  # rows, not calls: a product's price names the product and its treatments
        product = products[saves % PRODUCTS]
        product.price += 1
        product.save()
        saves += 1
        written = change_log.head().entry - base
    return client, cursor["cursor"], time.perf_counter() - start, written


def main():
    changes = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        client, cursor, write_seconds, written = build(changes)
        timings, queries, sizes, resources = [], [], 0, 0
        while True:
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get("/api/v1/sync/", {"since": cursor, "limit": PAGE})
                timings.append(time.perf_counter() - began)
            data = response.json()
            queries.append(len(captured.captured_queries))
            sizes += len(response.content)
            resources += sum(len(items) for items in data["changes"].values())
            cursor = data["cursor"]
            if not data["has_more"]:
                break
        timings.sort()
        print(f"sync of {written} changes ({changes} asked) in pages of {PAGE}, {connection.vendor}:")
        print(f"  writing them: {write_seconds:.1f} s ({written / write_seconds:.0f} rows/s)")
        print(f"  pages read: {len(timings)}, {sum(timings):.2f} s in all, {resources} resources, {sizes / 1e6:.2f} MB")
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        print(f"  per page: p50 {statistics.median(timings) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
        print(f"  queries per page: at most {max(queries)}, at least {min(queries)} (flat: they must not grow)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
