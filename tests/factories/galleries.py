"""Factories for before/after cases, photo pairs and consent, with Pillow-drawn photos."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from galleries.models import BeforeAfterCase, ConsentRecord, GalleryPage, PhotoPair
from tests.factories.images import ImageFactory
from tests.factories.treatments import TreatmentPageFactory


class GalleryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GalleryPage

    title = "Results"
    slug = "results"
    intro = "Real patients, unretouched photos."


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BeforeAfterCase
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case {n}")
    body_area = "face"
    age_band = "35-44"
    sex = "female"
    skin_type = "III"
    sessions = 3
    weeks_between = 12
    unretouched_attested = True
    live = True

    @factory.post_generation
    def treatments(self, create, extracted, **kwargs):
        if create and extracted:
            self.treatments.set(extracted)
            self.save()  # ParentalManyToManyField keeps the set in memory until the case is saved

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.conditions.set(extracted)
            self.save()


class PhotoPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhotoPair

    case = factory.SubFactory(CaseFactory)
    before_image = factory.SubFactory(ImageFactory)
    after_image = factory.SubFactory(ImageFactory)
    view_label = "front"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    case = factory.SubFactory(CaseFactory)
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    covers_website = True
    covers_mobile_app = True
    covers_social_media = False


def consented_case(state="valid", channels=("website", "mobile_app"), pairs=1, **case_fields):
    """A live case with `pairs` photo pairs and consent in `state`: valid, expired, withdrawn or missing."""
    case = CaseFactory(**case_fields)
    for _ in range(pairs):
        PhotoPairFactory(case=case)
    if state == "missing":
        return case
    today = timezone.localdate()
    consent = ConsentFactory.build(
        case=case,
        covers_website="website" in channels,
        covers_mobile_app="mobile_app" in channels,
        covers_social_media="social_media" in channels,
    )
    if state == "expired":
        consent.expires_on = today
    elif state == "withdrawn":
        consent.withdrawn_on = today - datetime.timedelta(days=1)
    consent.save()
    return case


__all__ = [
    "CaseFactory",
    "ConsentFactory",
    "GalleryPageFactory",
    "PhotoPairFactory",
    "TreatmentPageFactory",
    "consented_case",
]
