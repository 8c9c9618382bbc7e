"""The API's one money format: a decimal string such as "600.00", with one pattern wherever a price appears."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..adapters.money import MONEY  # blocks' prices and computed totals use the same schema


@extend_schema_field(MONEY)
class MoneyField(serializers.DecimalField):
    """A price as the database holds it, written as its decimal string ("600.00"), never a float."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=10, decimal_places=2, **kwargs)

    def to_representation(self, value):
        return str(value)
