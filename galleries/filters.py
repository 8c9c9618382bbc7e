"""The gallery's filters, shared by the GET form on the gallery page and the cases API."""

import django_filters
from django import forms

from treatments.models import Condition, TreatmentPage

from .models import AGE_BANDS, BODY_AREAS, SEXES, SKIN_TYPES, BeforeAfterCase


def published_treatments(request=None):
    # A callable: public() reads view restrictions, which must happen per request, not at import.
    return TreatmentPage.objects.live().public().order_by("title")


class CaseFilter(django_filters.FilterSet):
    """?treatment=<slug>&condition=<slug>&area=face&age_band=35-44&skin_type=III&sex=female"""

    treatment = django_filters.ModelChoiceFilter(
        field_name="treatments",
        to_field_name="slug",
        queryset=published_treatments,
        label="Treatment",
        empty_label="Any treatment",
    )
    condition = django_filters.ModelChoiceFilter(
        field_name="conditions",
        to_field_name="slug",
        queryset=Condition.objects.all(),
        label="Condition",
        empty_label="Any condition",
    )
    area = django_filters.ChoiceFilter(field_name="body_area", choices=BODY_AREAS, label="Area", empty_label="Any area")
    age_band = django_filters.ChoiceFilter(choices=AGE_BANDS, label="Age", empty_label="Any age")
    skin_type = django_filters.ChoiceFilter(choices=SKIN_TYPES, label="Skin type", empty_label="Any skin type")
    sex = django_filters.ChoiceFilter(choices=SEXES, label="Sex", empty_label="Any")

    class Meta:
        model = BeforeAfterCase
        fields = ["treatment", "condition", "area", "age_band", "skin_type", "sex"]
        form = forms.Form
