"""Query parameters of the list endpoints: parsed strictly, documented from the same definitions.

Every endpoint declares its parameters once; `parse` turns the query string into values or raises a
ParameterError naming the parameter and what it accepts, and `openapi_parameters` documents them. Each parser
carries the OpenAPI schema of what it accepts (`parser.schema`), so the documented bounds are the enforced ones.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter

from .errors import ParameterError

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Past this no list has results, and databases cannot take the number (SQLite overflows past 2**63).
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True)
class Param:
    name: str
    parse: object
    allowed: str
    description: str
    required: bool = False


def accepts(schema):
    """Attaches to a parser the OpenAPI schema of the raw values it accepts."""

    def attach(parse):
        parse.schema = schema
        return parse

    return attach


# At least one character that is not a comma or a space (an empty value is always a 400).
NOT_BLANK = r"[^,\s]"


def integer(low=None, high=None):
    bounds = {key: value for key, value in (("minimum", low), ("maximum", high)) if value is not None}

    @accepts({"type": "integer", **bounds})
    def parse(raw):
        try:
            value = int(raw)
        except ValueError:
            raise ValueError("must be a whole number") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError("is out of range")
        return value

    return parse


@accepts({"type": "number", "minimum": 0})
def decimal(raw):
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError("must be a number such as 250 or 99.50") from None
    if not value.is_finite() or value < 0:
        raise ValueError("must be a number of zero or more")
    return value


@accepts({"type": "string", "format": "date-time"})
def moment(raw):
    """An ISO 8601 date or date-time; naive values are read in the site's time zone."""
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise ValueError("must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z")
        value = datetime.combine(day, time.min)
    try:
        value = timezone.make_aware(value) if timezone.is_naive(value) else value
        # In UTC: 9999-12-31T23:59-05:00 is past the last date, and PostgreSQL refuses offsets beyond ±15:59.
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside the dates this API can compare") from None


@accepts({"type": "string", "pattern": NOT_BLANK})
def slugs(raw):
    values = [part.strip() for part in raw.split(",") if part.strip()]
    if not values:
        raise ValueError("must name at least one slug")
    return values


def choice(options):
    @accepts({"type": "string", "enum": list(options)})
    def parse(raw):
        if raw not in options:
            raise ValueError("is not one of the allowed values")
        return raw

    return parse


def field_list(options):
    name = "(" + "|".join(options) + ")"

    @accepts({"type": "string", "pattern": rf"^\s*{name}(\s*,\s*{name})*\s*$"})
    def parse(raw):
        names = [part.strip() for part in raw.split(",") if part.strip()]
        unknown = [name for name in names if name not in options]
        if unknown or not names:
            raise ValueError(f"names unknown fields: {', '.join(unknown)}" if unknown else "must name fields")
        return names

    return parse


# Printable text with at least one character that is not a space (JSON Schema regexes are ECMA-262).
PRINTABLE = r"^[^\u0000-\u001f\u007f]*[^\u0000-\u0020\u007f][^\u0000-\u001f\u007f]*$"
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def text(max_length):
    @accepts({"type": "string", "minLength": 1, "maxLength": max_length, "pattern": PRINTABLE})
    def parse(raw):
        raw = raw.strip()
        if not raw:
            raise ValueError("must not be empty")
        if CONTROL_CHARACTER.search(raw):
            raise ValueError("must not contain control characters")
        if len(raw) > max_length:
            raise ValueError(f"is longer than {max_length} characters")
        return raw

    return parse


LIMIT = Param(
    "limit",
    integer(1, MAX_LIMIT),
    f"a whole number from 1 to {MAX_LIMIT}",
    f"How many results per page (default {DEFAULT_LIMIT}).",
)
OFFSET = Param("offset", integer(0, MAX_OFFSET), f"a whole number from 0 to {MAX_OFFSET}", "How many results to skip.")


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
            param.parse.schema,
            OpenApiParameter.QUERY,
            required=param.required,
            description=f"{param.description} Allowed: {param.allowed}.",
        )
        for param in params
    ]
