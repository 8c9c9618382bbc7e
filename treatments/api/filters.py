"""Query parameters of the API: one filter backend over django-filter FilterSets, strict and self-documenting.

Every endpoint's parameters are filters of one FilterSet (or its pagination's). The backend refuses a parameter
that is unknown or given twice, and a malformed one, with a ParameterError naming it and what it accepts; the
same definitions document the parameters in the schema. A `Parsed` filter reads its value with a parser that
carries the OpenAPI schema of what it accepts (`parser.schema`), so the documented bounds are the enforced ones.
"""

import copy
import re
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter
from rest_framework.filters import BaseFilterBackend

from .errors import ParameterError

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Past this no list has results, and databases cannot take the number (SQLite overflows past 2**63).
MAX_OFFSET = 2**31 - 1


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


# ---------------------------------------------------------------- filters
class ParsedField(forms.Field):
    """A form field that reads its raw value with a parser; the parser's ValueError becomes the field's error."""

    def __init__(self, *, parse, **kwargs):
        self.parse = parse
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return None
        try:
            return self.parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def read_by_the_view(queryset, name, value):
    """The filter of a parameter that filters nothing (e.g. `fields=`): the view reads its value."""
    return queryset


class Parsed(django_filters.Filter):
    """A query parameter read by `parse`, documented with the parser's schema, `allowed` and `description`.
    Without `field_name` or `method` it filters nothing: the view reads its value."""

    field_class = ParsedField

    def __init__(self, parse, allowed, description, *, required=False, deprecated=False, **kwargs):
        if "field_name" not in kwargs and "method" not in kwargs:
            kwargs["method"] = read_by_the_view
        super().__init__(parse=parse, required=required, **kwargs)
        self.allowed = allowed
        self.description = description
        self.schema = parse.schema
        self.deprecated = deprecated


LIMIT = Parsed(
    integer(1, MAX_LIMIT),
    f"a whole number from 1 to {MAX_LIMIT}",
    f"How many results per page (default {DEFAULT_LIMIT}).",
)
OFFSET = Parsed(integer(0, MAX_OFFSET), f"a whole number from 0 to {MAX_OFFSET}", "How many results to skip.")


def schema_of(query_filter):
    """(schema, allowed, description) of any filter: a Parsed one says them; django-filter's own are read."""
    if isinstance(query_filter, Parsed):
        return query_filter.schema, query_filter.allowed, query_filter.description
    label = str(query_filter.label or "")
    if isinstance(query_filter, django_filters.ModelChoiceFilter):
        name = query_filter.extra.get("to_field_name") or "id"
        return {"type": "string"}, f"the {name} of a {label.lower() or 'record'} this API lists", label
    if isinstance(query_filter, django_filters.ChoiceFilter):
        options = [str(key) for key, _label in query_filter.extra["choices"]]
        return {"type": "string", "enum": options}, ", ".join(options), label
    return {"type": "string"}, "text", label


def openapi_parameter(name, query_filter):
    """The OpenAPI object of one query parameter, as DRF's filter and pagination classes return them."""
    schema, allowed, description = schema_of(query_filter)
    parameter = {
        "name": name,
        "in": "query",
        "required": bool(query_filter.extra.get("required")),
        "description": f"{description} Allowed: {allowed}.".strip(),
        "schema": schema,
    }
    if getattr(query_filter, "deprecated", False):
        parameter["deprecated"] = True
    return parameter


def openapi_parameters(filters):
    """The same documentation as `extend_schema` parameters, for operations that are not lists."""
    return [
        OpenApiParameter(
            name,
            doc["schema"],
            OpenApiParameter.QUERY,
            required=doc["required"],
            description=doc["description"],
            deprecated=doc.get("deprecated", False),
        )
        for name, doc in ((name, openapi_parameter(name, f)) for name, f in filters.items())
    ]


def refuse_unknown_or_repeated(query_dict, known):
    """A ParameterError for the first parameter of `query_dict` not in `known`, or given more than once."""
    for name in query_dict:
        if name not in known:
            raise ParameterError(
                name, f"Unknown parameter '{name}'.", allowed=", ".join(sorted(known)), code="unknown_parameter"
            )
    for name, raw_values in query_dict.lists():
        if len(raw_values) > 1:
            raise ParameterError(name, f"Give '{name}' once.", allowed=schema_of(known[name])[1])


def _problem(name, query_filter, errors, raw):
    if isinstance(query_filter, Parsed):
        return f"'{name}' {' '.join(errors)}: got '{(raw or '')[:100]}'."
    return f"'{name}': {' '.join(errors)}"


def checked_values(form, query_dict, filters):
    """The values `form` (bound to `query_dict`, one field per filter) parsed for the parameters given; else a
    ParameterError naming the first malformed or missing one, its message giving every problem, so one round trip
    shows all there is to fix."""
    if form.is_valid():
        return {name: value for name, value in form.cleaned_data.items() if name in query_dict}
    first = next(iter(form.errors))
    allowed = schema_of(filters[first])[1]
    if first not in query_dict:
        raise ParameterError(first, f"Give '{first}'.", allowed=allowed, code="missing_parameter")
    message = " ".join(
        _problem(name, filters[name], errors, query_dict.get(name)) for name, errors in form.errors.items()
    )
    raise ParameterError(first, message, allowed=allowed)


def parsed_values(query_dict, filters):
    """The values of `filters` given in `query_dict`; other parameters are not looked at."""
    # Only the parameters given, and required ones: most requests give none, and then no form is built at all.
    wanted = {name: f for name, f in filters.items() if name in query_dict or f.extra.get("required")}
    if not wanted:
        return {}
    form = forms.Form(data=query_dict)
    # Copies, as a form class copies its base fields: the filters are shared by every request.
    form.fields = {name: copy.deepcopy(query_filter.field) for name, query_filter in wanted.items()}
    return checked_values(form, query_dict, wanted)


def query_values(query_dict, filters):
    """Values of an endpoint's parameters, every other parameter refused; for views that filter no queryset."""
    refuse_unknown_or_repeated(query_dict, filters)
    return parsed_values(query_dict, filters)


class StrictFilterBackend(BaseFilterBackend):
    """The one filter backend of the API. A list applies its view's `filterset_class` and leaves `limit`,
    `offset` (its `pagination_class.parameters`) to the paginator; any other action takes only the view's
    `action_filters` (none by default). The view finds the checked values in `view.query`."""

    def filter_queryset(self, request, queryset, view):
        query = request.query_params
        if not is_list(view):
            view.query = query_values(query, getattr(view, "action_filters", {}))
            return queryset
        filterset = view.filterset_class(query, queryset=queryset, request=request)
        refuse_unknown_or_repeated(query, {**filterset.filters, **paging_parameters(view)})
        view.query = checked_values(filterset.form, query, filterset.filters)
        return filterset.filter_queryset(queryset)

    def get_schema_operation_parameters(self, view):
        """A list's filters (drf-spectacular asks lists only; other actions document `action_filters` with
        `openapi_parameters`)."""
        return [openapi_parameter(name, f) for name, f in view.filterset_class.base_filters.items()]


def is_list(view):
    return getattr(view, "action", None) == "list"


def paging_parameters(view):
    return getattr(getattr(view, "pagination_class", None), "parameters", {})
