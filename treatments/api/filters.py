"""Query parameters of the list endpoints: parsed strictly, documented from the same definitions.

Every endpoint declares its parameters once; `parse` turns the query string into values or raises a
ParameterError naming the parameter and what it accepts, and `openapi_parameters` documents them.
"""

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .errors import ParameterError

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Param:
    name: str
    parse: object
    allowed: str
    description: str
    type: object = OpenApiTypes.STR


def integer(low=None, high=None):
    def parse(raw):
        try:
            value = int(raw)
        except ValueError:
            raise ValueError("must be a whole number") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError("is out of range")
        return value

    return parse


def decimal(raw):
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError("must be a number such as 250 or 99.50") from None
    if not value.is_finite() or value < 0:
        raise ValueError("must be a number of zero or more")
    return value


def moment(raw):
    """An ISO 8601 date or date-time; naive values are read in the site's time zone."""
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise ValueError("must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z")
        value = datetime.combine(day, time.min)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def slugs(raw):
    values = [part.strip() for part in raw.split(",") if part.strip()]
    if not values:
        raise ValueError("must name at least one slug")
    return values


def choice(options):
    def parse(raw):
        if raw not in options:
            raise ValueError("is not one of the allowed values")
        return raw

    return parse


def field_list(options):
    def parse(raw):
        names = [part.strip() for part in raw.split(",") if part.strip()]
        unknown = [name for name in names if name not in options]
        if unknown or not names:
            raise ValueError(f"names unknown fields: {', '.join(unknown)}" if unknown else "must name fields")
        return names

    return parse


def text(max_length):
    def parse(raw):
        raw = raw.strip()
        if not raw:
            raise ValueError("must not be empty")
        if len(raw) > max_length:
            raise ValueError(f"is longer than {max_length} characters")
        return raw

    return parse


LIMIT = Param(
    "limit",
    integer(1, MAX_LIMIT),
    f"a whole number from 1 to {MAX_LIMIT}",
    f"How many results per page (default {DEFAULT_LIMIT}).",
    OpenApiTypes.INT,
)
OFFSET = Param("offset", integer(0), "a whole number of 0 or more", "How many results to skip.", OpenApiTypes.INT)


def parse(query_dict, params):
    """Values of the declared parameters present in `query_dict`; any other parameter is an error."""
    known = {param.name: param for param in params}
    for name in query_dict:
        if name not in known:
            raise ParameterError(
                name,
                f"Unknown parameter '{name}'.",
                allowed=", ".join(sorted(known)),
                code="unknown_parameter",
            )
    values = {}
    for name, raw_values in query_dict.lists():
        param = known[name]
        if len(raw_values) > 1:
            raise ParameterError(name, f"Give '{name}' once.", allowed=param.allowed)
        try:
            values[name] = param.parse(raw_values[0])
        except ValueError as error:
            raise ParameterError(
                name, f"'{name}' {error}: got '{raw_values[0][:100]}'.", allowed=param.allowed
            ) from None
    return values


def openapi_parameters(params):
    return [
        OpenApiParameter(
            param.name,
            param.type,
            OpenApiParameter.QUERY,
            description=f"{param.description} Allowed: {param.allowed}.",
        )
        for param in params
    ]
