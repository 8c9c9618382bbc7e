"""Typed serializers for before/after cases; drf-spectacular names them BeforeAfterCase and PhotoPair, and a photo
is the API's one Image component."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from treatments.api.serializers import ImageSerializer

from ..models import AGE_BANDS, BODY_AREAS, SEXES, SKIN_TYPES, BeforeAfterCase, PhotoPair
from .images import case_image


class CaseTreatmentSerializer(serializers.Serializer):
    """{"id": 12, "slug": "exosomes", "title": "Exosomes"}"""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()


class CaseConditionSerializer(serializers.Serializer):
    """{"slug": "acne-scars", "name": "Acne scars"}"""

    slug = serializers.SlugField()
    name = serializers.CharField()


class CaseClinicianSerializer(serializers.Serializer):
    """{"id": 3, "name": "Dr A. Example", "credentials": "Dermatologist"}"""

    id = serializers.IntegerField()
    name = serializers.CharField()
    credentials = serializers.CharField()


class PhotoPairSerializer(serializers.ModelSerializer):
    """A before photo and an after photo of the same view: {"id", "view_label", "before", "after"}."""

    before = serializers.SerializerMethodField()
    after = serializers.SerializerMethodField()

    class Meta:
        model = PhotoPair
        fields = ["id", "view_label", "before", "after"]

    @extend_schema_field(ImageSerializer)
    def get_before(self, pair):
        return case_image(pair, "before", self.context.get("request"))

    @extend_schema_field(ImageSerializer)
    def get_after(self, pair):
        return case_image(pair, "after", self.context.get("request"))


class BeforeAfterCaseSerializer(serializers.ModelSerializer):
    """A before/after case whose consent covers the mobile app, with its photo pairs and patient facts."""

    treatments = CaseTreatmentSerializer(many=True, read_only=True)
    conditions = CaseConditionSerializer(many=True, read_only=True)
    clinician = CaseClinicianSerializer(read_only=True, allow_null=True)
    body_area = serializers.ChoiceField(choices=BODY_AREAS)
    age_band = serializers.ChoiceField(choices=AGE_BANDS, allow_blank=True)
    sex = serializers.ChoiceField(choices=SEXES)
    skin_type = serializers.ChoiceField(choices=SKIN_TYPES, allow_blank=True, help_text="Fitzpatrick skin type.")
    photo_pairs = PhotoPairSerializer(many=True, read_only=True)

    class Meta:
        model = BeforeAfterCase
        fields = [
            "id",
            "title",
            "treatments",
            "conditions",
            "body_area",
            "age_band",
            "sex",
            "skin_type",
            "sessions",
            "weeks_between",
            "clinician",
            "notes",
            "disclaimer",
            "photo_pairs",
            "updated_at",
        ]
        read_only_fields = fields


CaseSerializer = BeforeAfterCaseSerializer
