"""What webhooks cost each change: nothing inside the change's transaction, two queries after it with nobody
subscribed, and the same few queries however many rows a change wrote."""

import pytest
from django.db import transaction

from tests.factories.treatments import ProductFactory
from treatments.change_log import record
from treatments.webhooks.models import WebhookDelivery, WebhookSubscriber
from treatments.webhooks.sending import make_deliveries

pytestmark = pytest.mark.django_db


def test_with_nobody_subscribed_a_change_costs_two_queries_after_its_commit(django_assert_num_queries):
    ProductFactory()
    with django_assert_num_queries(2):
        assert make_deliveries() == []
    ProductFactory()  # skipped: a subscriber added now hears only of what comes after
    make_deliveries()
    WebhookSubscriber.objects.create(name="App", url="https://app.example/", events=["product.changed"])
    assert make_deliveries() == []


@pytest.mark.parametrize("products", [2, 40])
def test_rows_become_deliveries_in_the_same_queries_however_many(products, django_assert_num_queries):
    WebhookSubscriber.objects.create(name="App", url="https://app.example/", events=["product.changed"])
    WebhookSubscriber.objects.create(name="Shop", url="https://shop.example/", events=["product.changed"])
    make_deliveries()
    ids = [product.pk for product in ProductFactory.create_batch(products)]
    with transaction.atomic():
        record("product.changed", {"product": set(ids)})
    # subscribers; in a savepoint: cursor lock and read, the site, the rows (then none left), the deliveries,
    # the cursor's update
    with django_assert_num_queries(10):
        made = make_deliveries()
    assert len(made) == 2 * products
    assert WebhookDelivery.objects.filter(event="product.changed").count() == 2 * products
